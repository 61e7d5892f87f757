"""nginx in front of a local gunicorn with the shipped configuration (deploy/nginx/), run as
an ordinary process with a temporary prefix on a loopback port: for ``make bench``
(benchmarks/pages_bench.py) and tests/ops/test_nginx_front.py. Production uses
deploy/nginx/tjqms-site.conf (docs/deploy.md "nginx in front")."""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "nginx"
# The clock nginx names the day's directory by (deploy/nginx/tjqms-maps.conf).
ENVIRONMENT = {"TZ": "Asia/Shanghai"}


def headers_conf():
    """The ``add_header`` lines for pages nginx answers from a file: the headers the site's own
    middleware adds to every page (django-csp, SecurityMiddleware, XFrameOptionsMiddleware),
    computed from the same settings, so a CSP change (S3 media's origin, say) reaches both."""
    from csp.constants import HEADER
    from csp.utils import build_policy
    from django.conf import settings

    headers = {HEADER: build_policy()}
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        headers["Referrer-Policy"] = policy if isinstance(policy, str) else ",".join(policy)
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
    lines = [
        "# Written by `manage.py nginx_headers` from the site's settings; do not edit.",
        *(f'add_header {name} "{value}";' for name, value in headers.items() if value),
    ]
    return "\n".join(lines) + "\n"


def available():
    return shutil.which("nginx") is not None


def config(prefix, port, upstream, html_dir, workers=2):
    """The main configuration: the shipped maps and locations, a loopback server whose root
    is the mirror's ``current`` directory, and ``upstream`` (``host:port``) as the site."""
    temp = " ".join(
        f"{name}_temp_path {prefix}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would switch to "nobody", who cannot read a private directory.
    user = "user root;" if os.getuid() == 0 else ""
    return f"""{user}
worker_processes {workers};
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    {temp}
    include {DEPLOY}/tjqms-maps.conf;
    upstream tjqms_app {{ server {upstream}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        root {html_dir}/current;
        include {DEPLOY}/tjqms-locations.conf;
    }}
}}
"""


class Nginx:
    """``with Nginx(prefix, port, upstream, html_dir):`` nginx answers on 127.0.0.1:port.

    ``headers``: the text of tjqms-headers.conf, by default this process's settings'
    (``headers_conf()``); a process without Django set up passes what ``manage.py
    nginx_headers`` printed for the site it fronts."""

    def __init__(self, prefix, port, upstream, html_dir, workers=2, headers=None):
        self.prefix, self.port = Path(prefix), port
        self.text = config(self.prefix, port, upstream, html_dir, workers)
        self.headers = headers

    def __enter__(self):
        self.prefix.mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(self.text)
        # tjqms-locations.conf includes it relative to the configuration's directory.
        headers = self.headers if self.headers is not None else headers_conf()
        (self.prefix / "tjqms-headers.conf").write_text(headers)
        self.process = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(self.prefix)],
            env={**os.environ, **ENVIRONMENT},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"nginx did not listen on 127.0.0.1:{self.port}")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
