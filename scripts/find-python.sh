#!/usr/bin/env sh
# Print the path of the newest Python >= 3.12 on this machine, or explain and fail.
# Django 6.1 needs 3.12+; plain `python3` is often older, and pyenv shims may name versions that do not run.
for candidate in python3.14 python3.13 python3.12 \
    "$HOME"/.pyenv/versions/3.14*/bin/python3 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
    "$HOME"/.pyenv/versions/3.12*/bin/python3 \
    /usr/local/bin/python3.14 /usr/local/bin/python3.13 /usr/local/bin/python3.12 \
    /usr/bin/python3.14 /usr/bin/python3.13 /usr/bin/python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ]; then
        if "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
            "$candidate" -c 'import sys; print(sys.executable)'
            exit 0
        fi
    fi
done
echo "No Python 3.12 or newer found (Django 6.1 needs it). Install python3.12+ and run make again." >&2
exit 1
