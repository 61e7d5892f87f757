"""Reading request parameters: every query-string and form value a view turns into a number,
a choice, a year or a record goes through here.

A malformed value raises ``BadParameter`` (a ``django.core.exceptions.BadRequest``) with a
Chinese message naming the parameter; ``library.views.bad_request`` (the project's
``handler400``) shows that message on a 400 page, or as ``{"error": ...}`` under /api/.
So bad input is the user's mistake, answered in Chinese, never a server error.

Only ASCII digits count as digits: ``"²".isdigit()`` is true but ``int("²")`` fails, and
``int("١٢")`` succeeds although nobody types Arabic-Indic digits into a page number.
"""

import re

from django.core.exceptions import BadRequest
from django.http import Http404

# The largest primary key a database will accept (bigint); larger ids overflow in the driver.
MAX_ID = 2**63 - 1
MAX_PAGE = 1000
MIN_YEAR, MAX_YEAR = 1900, 2999
SHOWN_LENGTH = 20
INTEGER = re.compile(r"-?[0-9]{1,19}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadParameter(BadRequest):
    """A malformed request parameter; ``message`` is shown to the user (Chinese)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def has_control_characters(text):
    """True when ``text`` holds NUL or another control character (tab and newlines allowed)."""
    return bool(CONTROL.search(text))


def shown(value):
    """The value as it may be echoed in a message: short, without control characters."""
    value = CONTROL.sub("", str(value))
    return value[:SHOWN_LENGTH] + ("…" if len(value) > SHOWN_LENGTH else "")


def raw(params, name, *, max_length=None):
    """The stripped string value of ``name`` ('' when absent); NUL and other control
    characters, and values longer than ``max_length``, are refused."""
    value = params.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadParameter(f"参数“{name}”的格式不正确。")
    value = value.strip()
    if has_control_characters(value):
        raise BadParameter(f"参数“{name}”包含不允许的控制字符。")
    if max_length is not None and len(value) > max_length:
        raise BadParameter(f"参数“{name}”过长（最多 {max_length} 个字符）。")
    return value


def to_int(value, name, *, minimum=None, maximum=None, label=None):
    """``value`` (a string) as an int within [minimum, maximum], or ``BadParameter``."""
    label = label or name
    if minimum is not None and maximum is not None:
        expected = f"{minimum} 到 {maximum} 之间的整数"
    elif minimum is not None:
        expected = f"不小于 {minimum} 的整数"
    elif maximum is not None:
        expected = f"不大于 {maximum} 的整数"
    else:
        expected = "整数"
    text = str(value).strip()
    if not INTEGER.fullmatch(text):
        raise BadParameter(f"参数“{label}”应为{expected}，收到的是“{shown(text)}”。")
    number = int(text)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise BadParameter(f"参数“{label}”应为{expected}，收到的是“{shown(text)}”。")
    return number


def integer(params, name, *, default=None, minimum=None, maximum=None, label=None):
    """An optional integer parameter: ``default`` when absent or empty."""
    value = raw(params, name, max_length=40)
    if value == "":
        return default
    return to_int(value, name, minimum=minimum, maximum=maximum, label=label)


def page_number(params, name="page", *, maximum=MAX_PAGE):
    """A page number from 1 to ``maximum``; 1 when absent."""
    return integer(params, name, default=1, minimum=1, maximum=maximum, label=name)


def year(params, name="year", *, default=None):
    """A four-digit year, or ``default`` when absent."""
    value = raw(params, name, max_length=40)
    if value == "":
        return default
    if not re.fullmatch(r"[0-9]{4}", value) or not MIN_YEAR <= int(value) <= MAX_YEAR:
        raise BadParameter(f"参数“{name}”应为四位年份（如 2025），收到的是“{shown(value)}”。")
    return int(value)


def choice(params, name, choices, *, default=None):
    """One of ``choices`` (values, or (value, label) pairs, or a dict), else ``BadParameter``."""
    if isinstance(choices, dict):
        allowed = [str(key) for key in choices]
    else:
        allowed = [str(c[0]) if isinstance(c, list | tuple) else str(c) for c in choices]
    value = raw(params, name, max_length=100)
    if value == "":
        if default is None:
            raise BadParameter(f"缺少参数“{name}”。")
        return default
    if value not in allowed:
        raise BadParameter(
            f"参数“{name}”只能是 {'、'.join(allowed)} 之一，收到的是“{shown(value)}”。"
        )
    return value


def model_id(params, name, *, required=True, label=None):
    """A record id (a positive integer a database accepts); ``None`` when optional and absent."""
    value = raw(params, name, max_length=40)
    if value == "":
        if required:
            raise BadParameter(f"缺少参数“{label or name}”。")
        return None
    return to_int(value, name, minimum=1, maximum=MAX_ID, label=label)


def id_list(params, name):
    """Every value of ``name`` (repeated, as ``?id=1&id=2``) that is a record id; the others
    are dropped (for choosers, whose ids come from the page, not from a person typing)."""
    ids = []
    for value in params.getlist(name):
        try:
            ids.append(to_int(value, name, minimum=1, maximum=MAX_ID))
        except BadParameter:
            continue
    return ids


def instance(params, name, queryset, *, label=None):
    """The record of ``queryset`` whose id is the parameter ``name``: 400 when the id is
    malformed or missing, 404 (Chinese) when no such record exists."""
    pk = model_id(params, name, label=label)
    queryset = getattr(queryset, "_default_manager", queryset)
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(f"没有编号为 {pk} 的{label or '记录'}。")
    return found
