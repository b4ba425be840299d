import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "lms.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "TASKS_BACKEND": "database",
    "DATABASE_URL": "sqlite:////tmp/lms-deploy-check.sqlite3",
}


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_deploy_check_passes_with_production_environment():
    result = deploy_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


def test_deploy_check_fails_with_development_defaults():
    result = deploy_check({})
    assert result.returncode != 0
    assert "security.W009" in result.stderr  # the development SECRET_KEY
    assert "lms.W001" in result.stderr  # rate limits without a shared cache


def test_deploy_check_warns_when_tasks_run_in_requests():
    result = deploy_check({**PRODUCTION_ENV, "TASKS_BACKEND": "immediate"})
    assert result.returncode != 0
    assert "lms.W002" in result.stderr
