"""A backup restores into an empty instance with every row and every media file, and a
restore never overwrites an instance that already has content unless forced."""

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from ops.backup import model_counts
from tests.factories import district
from tests.ops.helpers import PDF_BYTES, draft_case_with_attachment, make_document, make_image

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

# What the test reads back from the restored instance, in its own process.
REPORT = """
import json
from django.core.files.storage import default_storage
from wagtail.models import Page
from ops.backup import media_references, model_counts
pages = [
    {"id": p.id, "title": p.title, "url_path": p.url_path, "live": p.live,
     "type": p.specific_class._meta.label_lower, "revisions": p.revisions.count()}
    for p in Page.objects.order_by("path")
]
media = {name: default_storage.open(name, "rb").read().hex() for name in media_references()}
print(json.dumps({"counts": model_counts(), "pages": pages, "media": media}))
"""


@contextlib.contextmanager
def empty_database_url(tmp_path):
    """A database other than the test database: a SQLite file, or a new PostgreSQL database
    next to the test database (the CI role may create databases)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    dsn = dict(
        host=params["HOST"], port=params["PORT"], user=params["USER"], password=params["PASSWORD"]
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:{params['PORT']}/{name}"
        )
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url, media_root, *args):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key not in {"ELASTICSEARCH_URL", "DATABASE_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="project.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        TASKS_BACKEND="immediate",
        LOG_FORMAT="text",
        DEBUG="false",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_backup_restores_into_an_empty_instance_and_refuses_a_non_empty_one(site_tree, tmp_path):
    document = make_document(district("北辰区").collection)
    case = draft_case_with_attachment("北辰区", document)
    case.get_latest_revision().publish()
    draft_case_with_attachment("武清区", make_document(district("武清区").collection), "武清草稿")
    image = make_image(district("北辰区").collection)
    rendition = image.get_rendition("fill-60x40")

    backup_dir = tmp_path / "backup"
    call_command("backup_site", str(backup_dir))
    manifest = json.loads((backup_dir / "manifest.json").read_text(encoding="utf-8"))
    names = {entry["name"] for entry in manifest["media"]}
    assert {document.file.name, image.file.name, rendition.file.name} <= names

    expected_counts = model_counts()
    from wagtail.models import Page

    expected_pages = [
        {
            "id": p.id,
            "title": p.title,
            "url_path": p.url_path,
            "live": p.live,
            "type": p.specific_class._meta.label_lower,
            "revisions": p.revisions.count(),
        }
        for p in Page.objects.order_by("path")
    ]

    media_root = tmp_path / "restored-media"
    with empty_database_url(tmp_path) as database_url:
        migrated = manage(database_url, media_root, "migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr[-2000:]

        restored = manage(database_url, media_root, "restore_site", str(backup_dir))
        assert restored.returncode == 0, restored.stderr[-2000:]
        assert "恢复完成" in restored.stdout

        report = manage(database_url, media_root, "shell", "-c", REPORT)
        assert report.returncode == 0, report.stderr[-2000:]
        result = json.loads(report.stdout.strip().splitlines()[-1])
        assert result["counts"] == expected_counts
        assert result["pages"] == expected_pages
        assert bytes.fromhex(result["media"][document.file.name]) == PDF_BYTES
        assert set(result["media"]) == names

        refused = manage(database_url, media_root, "restore_site", str(backup_dir))
        assert refused.returncode == 1
        assert "目标站点已有内容" in refused.stderr
        assert "--force" in refused.stderr

        forced = manage(database_url, media_root, "restore_site", str(backup_dir), "--force")
        assert forced.returncode == 0, forced.stderr[-2000:]
        report = manage(database_url, media_root, "shell", "-c", REPORT)
        assert json.loads(report.stdout.strip().splitlines()[-1])["counts"] == expected_counts


def test_backup_refuses_to_write_into_a_directory_with_files(site_tree, tmp_path):
    (tmp_path / "old.txt").write_text("keep me")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup_site", str(tmp_path))
    assert (tmp_path / "old.txt").read_text() == "keep me"


def test_backup_shows_its_progress_when_asked_and_stays_quiet_in_logs(site_tree, tmp_path):
    document = make_document(district("北辰区").collection)
    draft_case_with_attachment("北辰区", document)

    quiet = io.StringIO()  # not a terminal: no bar
    call_command("backup_site", str(tmp_path / "quiet"), "--manifest-only", stderr=quiet)
    assert quiet.getvalue() == ""

    shown = io.StringIO()
    call_command(
        "backup_site", str(tmp_path / "shown"), "--manifest-only", "--progress", stderr=shown
    )
    manifest = json.loads((tmp_path / "shown" / "manifest.json").read_text(encoding="utf-8"))
    models, files = len(manifest["counts"]), len(manifest["media"])
    assert files >= 1
    assert "导出数据" in shown.getvalue() and f"{models}/{models}" in shown.getvalue()
    assert "媒体文件" in shown.getvalue() and f"{files}/{files}" in shown.getvalue()
