"""A second, private Elasticsearch for the outage test, started and stopped by the test
with the same script CI uses (.ci/services/elasticsearch.sh), never the shared one."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / ".ci" / "services"
CACHE = Path(os.environ.get("CI_CACHE_DIR", Path.home() / ".cache" / "tjqms-ci"))


def can_run():
    """(possible, why not): the cached distribution, a JDK and root (ES runs as its own user)."""
    if not list((CACHE / "elasticsearch").glob("elasticsearch-8*.zip")):
        return (
            False,
            f"{CACHE}/elasticsearch 中没有缓存的 Elasticsearch（先运行 .ci/services/elasticsearch.sh）",
        )
    if not shutil.which("java") and not os.environ.get("ES_JAVA_HOME"):
        return False, "没有 Java"
    if os.geteuid() != 0:
        return False, "需要 root 以 elasticsearch 用户启动"
    return True, ""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ElasticsearchInstance:
    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.services_dir = tempfile.mkdtemp(prefix="tjqms-search-outage-")
        os.chmod(self.services_dir, 0o755)  # the elasticsearch user must reach its files
        self.env = {
            **os.environ,
            "CI_SERVICES_DIR": self.services_dir,
            "CI_CACHE_DIR": str(CACHE),
            "ES_PORT": str(self.port),
            "ES_HEAP": "256m",
        }

    def _run(self, script):
        result = subprocess.run(
            ["bash", str(SCRIPTS / script)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise RuntimeError(f"{script} failed:\n{result.stderr[-2000:]}")

    def start(self):
        self._run("elasticsearch.sh")

    def stop(self):
        # stop-all.sh only touches the processes recorded under this instance's directory.
        self._run("stop-all.sh")

    def remove(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.services_dir, ignore_errors=True)
