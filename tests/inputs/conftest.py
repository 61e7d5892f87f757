"""The fixtures of the apps' test folders these tests reuse (courses, selection, search)."""

from tests.courses.conftest import *  # noqa: F403
from tests.courses.test_uploads import uploader  # noqa: F401
from tests.search.conftest import use_database_engine  # noqa: F401
from tests.selection.conftest import *  # noqa: F403
