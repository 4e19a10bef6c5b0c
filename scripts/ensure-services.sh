#!/usr/bin/env sh
# Start the local PostgreSQL and Redis when they are installed but stopped, and create the database.
# Used by `make test`; it never installs a server, and it is silent when everything already runs.
set -eu
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/crm}"

if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        echo "Starting PostgreSQL..."
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
fi
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    if command -v redis-server >/dev/null 2>&1; then
        echo "Starting Redis..."
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
        for _ in 1 2 3 4 5; do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
    fi
fi
# The test runner creates test_<name> itself; it only needs a server that answers.
if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -d "$DATABASE_URL" || { echo "PostgreSQL at $DATABASE_URL does not answer." >&2; exit 1; }
fi
