"""Structured logs: one JSON object per line, so several web processes and the worker can
be collected into one place and filtered by field (level, logger, request path, ...)."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed through ``extra=`` and is kept.
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry and key != "request":
                entry[key] = value if _is_json(value) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _is_json(value):
    return isinstance(value, str | int | float | bool | type(None))
