"""Production settings: `check --deploy` is clean, and a missing secret key stops the process with a clear message."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    alphabet = string.ascii_letters + string.digits + string.punctuation.replace("'", "").replace('"', "")
    env.update(
        DJANGO_SETTINGS_MODULE="crm.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ALLOWED_HOSTS="crm.example.org",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_production_settings_pass_check_deploy_without_a_warning():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"


def test_production_settings_without_a_secret_key_refuse_to_load():
    result = run([sys.executable, "-c", "import crm.settings"], production_env(DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_manage_py_without_a_secret_key_in_production_fails_naming_the_variable():
    result = run([sys.executable, "manage.py", "check"], production_env(DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stdout + result.stderr
