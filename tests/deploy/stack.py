"""Two Streamlit replicas behind Debian's nginx running deploy/local/nginx.conf, all on 127.0.0.1.

Used by tests/deploy/test_proxy.py (and usable by hand: `python -m tests.deploy.stack` starts the stack until
Ctrl-C). Every process is started here and stopped here, even when a test fails.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCAL_CONF = PROJECT_DIR / "deploy" / "local" / "nginx.conf"
PROXY_PORT, REPLICA_PORTS = 8080, (8501, 8502)
START_TIMEOUT_S = 90

# One line of deploy/local/nginx.conf's access log (log_format replica).
LOG_LINE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) (?P<bytes>\d+) '
    r"upstream=(?P<upstream>.*?) affinity=(?P<affinity>[0-9a-f]+)$"
)


class NginxMissing(RuntimeError):
    """nginx is not installed and could not be installed; the message says why."""


def nginx_binary(install: bool = True) -> str:
    """Debian's nginx, installed with apt (nginx-light) if absent, as the Makefile installs chromium."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if found or not install:
        if not found:
            raise NginxMissing("nginx is not installed")
        return found
    if os.geteuid() == 0:
        sudo: list[str] = []
    elif shutil.which("sudo"):
        sudo = ["sudo", "-n"]  # never ask for a password: a test must not hang on a prompt
    else:
        raise NginxMissing("nginx is not installed, and installing it needs root (no sudo here)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "nginx-light"]):
        try:
            done = subprocess.run(
                [*sudo, *command], env=env, capture_output=True, text=True, timeout=600, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            raise NginxMissing(f"`{' '.join(command)}` failed: {err}") from err
        if done.returncode != 0:
            raise NginxMissing(f"`{' '.join(command)}` failed: {done.stderr.strip()[-500:]}")
    return nginx_binary(install=False)


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout_s: float = START_TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@dataclass
class Replica:
    """`streamlit run app.py` on one 127.0.0.1 port, as a deployment runs it (no file watcher)."""

    port: int
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "streamlit", "run", "app.py",
                    "--server.port", str(self.port), "--server.address", "127.0.0.1",
                    "--server.headless", "true", "--server.fileWatcherType", "none",
                    "--browser.gatherUsageStats", "false",
                ],
                cwd=PROJECT_DIR,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )  # fmt: skip
        if not wait_healthy(self.url, self.process):
            _stop(self.process)
            raise RuntimeError(f"replica {self.port} did not start: {self.log_path.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: a crash, not a shutdown (no goodbye to the open websockets)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        _stop(self.process)


@dataclass
class ProxyStack:
    """nginx (deploy/local/nginx.conf, unprivileged, its prefix a temporary folder) and two replicas.

    The config is used as it is when 127.0.0.1:8080, 8501 and 8502 are free. On a machine where something
    already listens there (a developer's `make run`, a parallel test worker) a copy with free ports
    replaces those three addresses and nothing else.
    """

    prefix: Path
    replicas: list[Replica] = field(default_factory=list)
    proxy_port: int = PROXY_PORT
    nginx: subprocess.Popen | None = None
    config: Path = LOCAL_CONF

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @classmethod
    def create(cls, prefix: Path) -> ProxyStack:
        ports = [PROXY_PORT, *REPLICA_PORTS]
        stack = cls(prefix=prefix)
        if not all(port_is_free(p) for p in ports):
            chosen = [free_port() for _ in ports]
            text = LOCAL_CONF.read_text(encoding="utf-8")
            for old, new in zip(ports, chosen, strict=True):
                text = text.replace(f"127.0.0.1:{old};", f"127.0.0.1:{new};").replace(
                    f"127.0.0.1:{old} ", f"127.0.0.1:{new} "
                )
            stack.config = prefix / "nginx.conf"
            stack.config.write_text(text, encoding="utf-8")
            ports = chosen
        stack.proxy_port = ports[0]
        stack.replicas = [Replica(port, prefix / f"replica-{port}.log") for port in ports[1:]]
        return stack

    def start(self, nginx: str) -> None:
        for replica in self.replicas:
            replica.start()
        self.nginx = subprocess.Popen(
            [nginx, "-p", str(self.prefix), "-c", str(self.config), "-e", "stderr", "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(self.prefix / "nginx.stderr").open("ab"),
        )
        if not wait_healthy(self.url, self.nginx, timeout_s=20):
            raise RuntimeError(f"nginx did not start: {self.nginx_errors()}")

    def stop(self) -> None:
        _stop(self.nginx)
        for replica in self.replicas:
            replica.stop()

    def nginx_errors(self) -> str:
        parts = [self.prefix / "nginx.stderr", self.prefix / "error.log"]
        return "\n".join(p.read_text(errors="replace")[-2000:] for p in parts if p.exists())

    def access_log(self) -> list[dict[str, str]]:
        """Every request nginx has logged so far (a websocket is logged when it closes)."""
        path = self.prefix / "access.log"
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        return [m.groupdict() for m in map(LOG_LINE.search, lines) if m]

    def replica_of(self, address: str) -> Replica:
        return next(r for r in self.replicas if r.address == address)


def served_by(entries: list[dict[str, str]], affinity: str) -> set[str]:
    """The replicas that finally answered this browser's requests (the last address of a retried one)."""
    return {e["upstream"].split(", ")[-1] for e in entries if e["affinity"] == affinity}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="wca-nginx-") as tmp:
        running = ProxyStack.create(Path(tmp))
        try:
            running.start(nginx_binary())
            print(f"{running.url} → {', '.join(r.url for r in running.replicas)}; Ctrl-C stops everything")
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            running.stop()
