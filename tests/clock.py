"""The one way tests set the clock: time-machine, in Tianjin time.

``at(...)`` freezes every clock (``django.utils.timezone.now``, ``localdate``,
``datetime.date.today``, ``time.time``) at a moment given as a date (10:00 that day), a
datetime (naive = Tianjin time) or ``year, month, day[, hour, minute, second]``. Tests pick
the moment relative to the campaign they use, never relative to the real date, so they mean
the same on any day (``pytest --today=YYYY-MM-DD`` runs the suite as if on another date to
check that).
"""

import datetime
from zoneinfo import ZoneInfo

import time_machine

TIANJIN = ZoneInfo("Asia/Shanghai")
# The hour of a moment given as a date: inside office hours, far from midnight.
DEFAULT_HOUR = 10


def moment(*parts):
    """The aware datetime of ``at``'s arguments."""
    if len(parts) == 1 and isinstance(parts[0], datetime.datetime):
        value = parts[0]
        return value if value.tzinfo else value.replace(tzinfo=TIANJIN)
    if len(parts) == 1 and isinstance(parts[0], datetime.date):
        day = parts[0]
        return datetime.datetime(day.year, day.month, day.day, DEFAULT_HOUR, tzinfo=TIANJIN)
    if len(parts) == 3:
        parts = (*parts, DEFAULT_HOUR)
    return datetime.datetime(*parts, tzinfo=TIANJIN)


def at(*parts, tick=False):
    """A context manager (or decorator) with the clock frozen at ``moment(*parts)``."""
    return time_machine.travel(moment(*parts), tick=tick)
