"""The embedded default survives concurrency: 20 publishes at once, each in its own thread
and connection, on a real SQLite file under read load: no error, all 20 live."""

import json
import os
import subprocess
import sys
from pathlib import Path

from project.settings.env import SQLITE_OPTIONS, database_from_env

SCRIPT = Path(__file__).with_name("sqlite_load.py")
ROOT = Path(__file__).resolve().parents[2]


def run_load(tmp_path, *args):
    env = {
        key: value for key, value in os.environ.items() if key not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    env["DJANGO_SETTINGS_MODULE"] = "project.settings.test"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_urls_get_wal_immediate_transactions_and_a_busy_timeout(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    config = database_from_env(tmp_path / "default.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 20
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@localhost/db")
    assert "transaction_mode" not in database_from_env(tmp_path / "d.sqlite3")["OPTIONS"]
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"


def test_twenty_concurrent_publishes_under_reads_without_an_error(tmp_path):
    figures = run_load(tmp_path)
    print("sqlite load:", figures)
    assert figures["journal_mode"] == "wal"
    assert figures["errors"] == 0, figures["sample"]
    assert figures["live"] == 20
    assert figures["reads"] > 0
