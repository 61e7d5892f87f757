"""Gunicorn settings for the web processes: ``gunicorn -c ops/gunicorn.conf.py``.

Every value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...)
so that one file serves every machine; see docs/deploy.md for sizing.
"""

import os

wsgi_app = "project.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the views are short and database-bound; two per core is a safe start.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# Load the app once before forking: a broken setting stops the master with one clear line.
preload_app = True
# Behind a load balancer that sets X-Forwarded-*; trust it only from configured addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The access log in the same JSON-lines shape as the application's log.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "remote": "%(h)s", "agent": "%(a)s"}'
)
