import ctypes
import gc
import importlib.abc
import importlib.util
import os
import sys
import types
import warnings

from django.core.wsgi import get_wsgi_application

from project.settings.env import SettingError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.production")


def warm_up():
    """Load in this process what every request needs, before gunicorn forks its workers
    (``preload_app`` in ops/gunicorn.conf.py), so the workers share it instead of each
    loading its own copy on its first request: the URLconf and every view module it
    imports, the compiled base templates, and the word-segmentation dictionary of the search
    analysis (search/dictionary/words.txt and the editors' terms, ~3.5 MB). The database connection the
    dictionary's terms were read on is closed before the fork, so no worker inherits it
    (each opens its own). Then ``gc.freeze()``: the collector leaves these objects alone and
    does not dirty the shared pages; and the heap the start-up freed goes back to the
    system (glibc's malloc_trim), so no worker starts with it mapped."""
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
    gc.collect()
    gc.freeze()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def skip_unused_libraries():
    """Mark as absent the optional libraries that a web process on this configuration
    never uses but that Wagtail and its dependencies import at start when installed, so
    those imports find nothing (each importer handles the absence):

    - on SQLite, PostgreSQL's driver (Django REST framework, which Wagtail's API imports,
      imports django.contrib.postgres and with it psycopg, about 20 MB);
    - without HEIC among the accepted image types (WAGTAILIMAGES_EXTENSIONS), pillow-heif,
      Willow's HEIC plugin (libheif and its codecs, about 8 MB; Pillow reads AVIF itself);
    - always, what Django REST framework (imported by Wagtail's admin APIs), Django's
      admindocs and BeautifulSoup import only to offer what this site never serves: the
      browsable API's Markdown and syntax highlighting, YAML, reStructuredText and the
      html5lib parser (Wagtail parses with html.parser);
    - without ``wagtail.api.v3`` installed, Wagtail's v3 API, whose routers and pydantic
      schemas Wagtail's apps build at start (``UnservedWagtailAPIv3``, about 13 MB).

    And absent while the site starts only (``AbsentWhileStarting``, removed once it has
    started), what libraries probe for at import but this site never asks of them: lxml
    and soupsieve (BeautifulSoup's lxml parser and CSS selectors; Wagtail parses with
    html.parser and selects nothing), charset_normalizer (character-set guessing for
    undeclared bytes: BeautifulSoup is given text, requests' oEmbed answers are JSON),
    about 3 MB. A view that needs one later imports it then (python-docx needs lxml for
    the Word import and the annual report).

    Every worker inherits the master's memory, so each megabyte saved here is saved in
    every worker's RSS. Only the web process does this; manage.py, the task worker and the
    tests import as usual."""
    from django.conf import settings

    unused = ["markdown", "yaml", "docutils", "pygments", "html5lib"]
    if all(db["ENGINE"].endswith("sqlite3") for db in settings.DATABASES.values()):
        unused += ["psycopg", "psycopg2"]
    if "heic" not in getattr(settings, "WAGTAILIMAGES_EXTENSIONS", ["heic"]):
        unused += ["pillow_heif"]
    for name in unused:
        sys.modules.setdefault(name, None)
    if not any(app.startswith("wagtail.api.v3") for app in settings.INSTALLED_APPS):
        sys.meta_path.insert(0, UnservedWagtailAPIv3())
    # The notices the importers give when they find these absent.
    warnings.filterwarnings("ignore", "The soupsieve package is not installed")
    warnings.filterwarnings("ignore", "Unable to find acceptable character detection")


class AbsentWhileStarting(importlib.abc.MetaPathFinder):
    """Import finder, first on ``sys.meta_path`` while the web process starts: these
    top-level packages (and their submodules) are not found, as if not installed."""

    NAMES = frozenset({"lxml", "soupsieve", "charset_normalizer", "chardet", "cchardet"})

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self.NAMES:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


class UnservedWagtailAPIv3(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Wagtail's v3 API (django-ninja) modules as inert stand-ins, for a site that does not
    install ``wagtail.api.v3`` (the app the API's documentation asks for) and does not mount
    its URLs (tests/ops/test_worker_imports.py checks the URLconf).

    Wagtail's images, documents, snippets and redirects apps register their v3 routers in
    ``ready()`` whether the API is served or not, and importing ``wagtail.api.v3.registry``
    builds a read, create and patch pydantic schema for every page model: about 13 MB in
    every worker for an API nothing routes to. Here every module named ``wagtail[.app].api.v3``
    or below is a package whose every attribute is a no-op (``api.add_router(...)``,
    ``register_content_types()``, ``router``). The site's own read API (project/api.py,
    django-ninja) is not affected."""

    def find_spec(self, name, path=None, target=None):
        parts = name.split(".")
        if parts[0] == "wagtail" and any(
            parts[i : i + 2] == ["api", "v3"] for i in range(1, len(parts) - 1)
        ):
            return importlib.util.spec_from_loader(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return _InertModule(spec.name)

    def exec_module(self, module):
        pass


class _Inert:
    """Anything asked of it: itself when read, nothing when called."""

    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return None


class _InertModule(types.ModuleType):
    __path__ = []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Inert()


starting = AbsentWhileStarting()
sys.meta_path.insert(0, starting)
try:
    skip_unused_libraries()
    application = get_wsgi_application()
    if os.environ.get("WSGI_WARM_UP", "1") != "0":
        warm_up()
except SettingError as error:
    sys.stderr.write(f"配置错误：{error}\n")
    raise SystemExit(2) from None
finally:
    sys.meta_path.remove(starting)
