"""The production settings pass Django's deployment checklist and serve static files hashed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "project.settings.production",
    "SECRET_KEY": "k9$Hq2!vX7pL0wZr4mN8bT1cY6fJ3sD5gA-eU_iO+oP@lK7#qW2eR9tY4uI1oP6aS3dF",
    "ALLOWED_HOSTS": "cases.example.org",
}


def run_manage(*args, **env):
    # Nothing from the test session leaks in (browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(PRODUCTION_ENV, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_uses_hashed_compressed_static_files_and_the_database_task_queue():
    code = (
        "from django.conf import settings as s;"
        "print(s.STORAGES['staticfiles']['BACKEND']);"
        "print(s.TASKS['default']['BACKEND']);"
        "print('whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE)"
    )
    result = run_manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django_tasks_db.DatabaseBackend",
        "True",
    ]


def test_a_malformed_task_backend_names_the_setting():
    result = run_manage("check", TASKS_BACKEND="celery")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "TASKS_BACKEND" in line
