"""A web process starts without the heavy libraries only some views or commands need
(spreadsheets, PDF, Word, the progress bars of commands), nor those its configuration does
not use (PostgreSQL's driver on SQLite, HEIC images when not accepted, S3 without a bucket,
Elasticsearch without its URL, Wagtail's v3 API when not installed), and with one copy of
the segmentation dictionary: each gunicorn worker's memory stays small (project/wsgi.py;
`make bench` reports it)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = [
    "openpyxl",
    "weasyprint",
    "docx",
    "mammoth",
    "pypdf",
    "rich",
    "psycopg",
    "psycopg2",
    "pillow_heif",
    "boto3",
    "botocore",
    "elasticsearch",
    # what Django REST framework, admindocs and BeautifulSoup would import only to offer
    # features the site never serves (Markdown, YAML, reST, highlighting, html5lib)
    "markdown",
    "yaml",
    "docutils",
    "pygments",
    "html5lib",
    # absent while the site starts (project.wsgi.AbsentWhileStarting): BeautifulSoup's lxml
    # parser and CSS selectors, character-set guessing of BeautifulSoup and requests
    "lxml",
    "soupsieve",
    "charset_normalizer",
    # rjieba's package builds a default segmenter (a second dictionary) when imported;
    # search.analysis loads only its compiled module, rjieba.rjieba.
    "rjieba",
]
PROBE = """
import json, sys
import project.wsgi
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as the warm-up imports them
loaded = {name for name, module in sys.modules.items() if module is not None}
registry = sys.modules.get("wagtail.api.v3.registry")
def later():
    # what is absent while starting can be imported once started (python-docx needs lxml)
    import docx, lxml.etree, soupsieve, charset_normalizer
    return bool(docx.Document())
print(json.dumps({"loaded": sorted(loaded & set(%r)), "app": bool(project.wsgi.application),
                  "segmenter": "rjieba.rjieba" in loaded,
                  "wagtail_api_v3": registry is not None and "registry" in vars(registry),
                  "site_api": "api_v1" in get_resolver().namespace_dict,
                  "later": later()}))
"""
UNCONFIGURED = ("DATABASE_URL", "ELASTICSEARCH_URL", "AWS_STORAGE_BUCKET_NAME", "CACHE_URL")


def probe(database_url, tmp_path, settings_lines=()):
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "DJANGO_ALLOW_ASYNC_UNSAFE" and key not in UNCONFIGURED
    }
    env.update(DATABASE_URL=database_url, WSGI_WARM_UP="0")
    if settings_lines:
        lines = ["from project.settings.test import *  # noqa", *settings_lines]
        (tmp_path / "probe_settings.py").write_text("\n".join(lines) + "\n")
        env.update(
            DJANGO_SETTINGS_MODULE="probe_settings",
            PYTHONPATH=os.pathsep.join(filter(None, [str(tmp_path), env.get("PYTHONPATH")])),
        )
    else:
        env.update(DJANGO_SETTINGS_MODULE="project.settings.test")
    run = subprocess.run(
        [sys.executable, "-c", PROBE % HEAVY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    # Absent libraries are absent quietly: no importer's warning in the web process's log.
    result["warnings"] = [line for line in run.stderr.splitlines() if "Warning" in line]
    return result


def test_the_web_process_on_sqlite_loads_no_heavy_library(tmp_path):
    result = probe(f"sqlite:///{tmp_path / 'probe.sqlite3'}", tmp_path)
    assert result == {
        "loaded": [],
        "app": True,
        "segmenter": True,
        "wagtail_api_v3": False,
        "site_api": True,
        "later": True,
        "warnings": [],
    }


def test_on_postgresql_the_driver_is_loaded_as_usual(tmp_path):
    """The driver is skipped on SQLite only (no connection is made here)."""
    result = probe("postgres://user:secret@127.0.0.1:1/none", tmp_path)
    assert result["loaded"] == ["psycopg"]


def test_heic_images_accepted_load_their_plugin(tmp_path):
    """pillow-heif is skipped only while HEIC is not among the accepted image types."""
    result = probe(
        f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        tmp_path,
        ['WAGTAILIMAGES_EXTENSIONS = [*WAGTAILIMAGES_EXTENSIONS, "heic"]'],
    )
    assert result["loaded"] == ["pillow_heif"]


def test_wagtails_v3_api_installed_is_built_as_usual(tmp_path):
    """Wagtail's v3 API is left inert only while its app is not installed."""
    result = probe(
        f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        tmp_path,
        ['INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v3"]'],
    )
    assert result["wagtail_api_v3"] is True


def test_the_site_does_not_serve_wagtails_v3_api():
    """The web process leaves Wagtail's v3 API inert when its app is not installed: that is
    safe only while no URL mounts it either (the site's own API is /api/v1/)."""
    from django.conf import settings
    from django.urls import get_resolver

    assert not any(app.startswith("wagtail.api.v3") for app in settings.INSTALLED_APPS)
    namespaces = get_resolver().namespace_dict
    assert "wagtailapi_v3" not in namespaces
    assert "api_v1" in namespaces
