"""A web process starts without the heavy libraries only some views need (spreadsheets, PDF,
Word, and PostgreSQL's driver on SQLite): each gunicorn worker's memory stays small
(project/wsgi.py; `make bench` reports it)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["openpyxl", "weasyprint", "docx", "mammoth", "pypdf", "psycopg", "psycopg2"]
PROBE = """
import json, sys
import project.wsgi
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as the warm-up imports them
loaded = {name for name, module in sys.modules.items() if module is not None}
print(json.dumps({"loaded": sorted(loaded & set(%r)), "app": bool(project.wsgi.application)}))
"""


def probe(database_url, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="project.settings.test",
        DATABASE_URL=database_url,
        WSGI_WARM_UP="0",
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE % HEAVY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_the_web_process_on_sqlite_loads_no_heavy_library(tmp_path):
    result = probe(f"sqlite:///{tmp_path / 'probe.sqlite3'}", tmp_path)
    assert result == {"loaded": [], "app": True}


def test_on_postgresql_the_driver_is_loaded_as_usual(tmp_path):
    """The driver is skipped on SQLite only (no connection is made here)."""
    result = probe("postgres://user:secret@127.0.0.1:1/none", tmp_path)
    assert result["loaded"] == ["psycopg"]
