import gc
import os
import sys

from django.core.wsgi import get_wsgi_application

from project.settings.env import SettingError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.production")


def warm_up():
    """Load in this process what every request needs, before gunicorn forks its workers
    (``preload_app`` in ops/gunicorn.conf.py), so the workers share it instead of each
    loading its own copy on its first request: the URLconf and every view module it
    imports, the compiled base templates, and the word-segmentation dictionary of the search
    analysis (rjieba, ~25 MB, with the editors' terms). The database connection the
    dictionary's terms were read on is closed before the fork, so no worker inherits it
    (each opens its own). Then ``gc.freeze()``: the collector leaves these objects alone and
    does not dirty the shared pages."""
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for name in ("base.html", "includes/header.html", "includes/footer.html"):
        get_template(name)
    from search.analysis import get_analyzer

    try:
        get_analyzer()
    finally:
        connections.close_all()
    gc.freeze()


def skip_unused_database_drivers():
    """On SQLite, PostgreSQL's driver is never used, yet Wagtail's API imports Django REST
    framework, which imports django.contrib.postgres and with it psycopg (about 20 MB in
    the master and so in every worker's RSS): mark it absent, so those imports find nothing
    (DRF and Django handle its absence). Only the web process does this; manage.py and the
    tests import as usual."""
    from django.conf import settings

    if all(db["ENGINE"].endswith("sqlite3") for db in settings.DATABASES.values()):
        for name in ("psycopg", "psycopg2"):
            sys.modules.setdefault(name, None)


try:
    skip_unused_database_drivers()
    application = get_wsgi_application()
except SettingError as error:
    sys.stderr.write(f"配置错误：{error}\n")
    raise SystemExit(2) from None

if os.environ.get("WSGI_WARM_UP", "1") != "0":
    warm_up()
