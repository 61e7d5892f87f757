"""Start-up stops with one clear line when an environment setting is missing or malformed."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_check(settings_module, **env):
    ignored = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(DJANGO_SETTINGS_MODULE=settings_module, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_site_and_admin_speak_chinese_on_tianjin_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES) == {"zh-hans": "简体中文"}


def test_production_refuses_to_start_without_secret_key():
    result = run_check("project.settings.production", ALLOWED_HOSTS="example.org")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "配置错误：缺少必需的环境变量 SECRET_KEY（生产环境中没有默认值）"
    ]


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_check("project.settings.production", SECRET_KEY="x" * 50)
    assert result.returncode == 2
    assert "ALLOWED_HOSTS" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_database_url_names_the_setting():
    result = run_check("project.settings.dev", DATABASE_URL="mysql//nope")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "DATABASE_URL" in line


def test_malformed_boolean_names_the_setting():
    result = run_check("project.settings.dev", DEBUG="perhaps")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "配置错误：环境变量 DEBUG 的值 'perhaps' 不是布尔值（应为 true 或 false）"
    )
