"""The settings module as an operator meets it: environment in, a running or refusing app out."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# The test settings put some of these in the environment; an operator's shell has none of them.
CONFIGURATION_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_PRELOAD",
}


def run_manage(*args, **env_overrides):
    env = {key: value for key, value in os.environ.items() if key not in CONFIGURATION_VARIABLES}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_mode_runs_with_the_development_key():
    result = run_manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="samverkan.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
