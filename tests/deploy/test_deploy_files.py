"""deploy/ as files (issue #19): the image runs as a non-root user with a health check on /_stcore/health,
ships tables checked against their sources and needs no network at run time; compose runs several replicas
behind the proxy on an internal network; the compose proxy is the tested local one with other addresses.

Where a Docker daemon answers, the image is also built and started (skipped otherwise, saying so).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import uuid

import pytest
import yaml

from tests.deploy.stack import LOCAL_CONF, PROJECT_DIR, free_port

pytestmark = pytest.mark.deploy

DEPLOY = PROJECT_DIR / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE_CONF = DEPLOY / "nginx.conf"


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    kept = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    joined = re.sub(r"\\\n", " ", kept)
    steps = []
    for line in (raw.strip() for raw in joined.splitlines()):
        if line:
            op, _, args = line.partition(" ")
            steps.append((op.upper(), args.strip()))
    return steps


def _final_stage() -> list[tuple[str, str]]:
    steps = _instructions(DOCKERFILE.read_text(encoding="utf-8"))
    last_from = max(i for i, (op, _) in enumerate(steps) if op == "FROM")
    return steps[last_from:]


def test_every_stage_is_python_3_11_slim():
    bases = [args.split()[0] for op, args in _instructions(DOCKERFILE.read_text()) if op == "FROM"]
    assert bases and all(base == "python:3.11-slim" for base in bases), bases


def test_the_app_runs_as_a_non_root_user():
    final = _final_stage()
    users = [args.strip() for op, args in final if op == "USER"]
    assert users, "no USER in the final stage: the app would run as root"
    assert users[-1] not in ("root", "0", "0:0")
    created = " ".join(args for op, args in final if op == "RUN")
    assert "useradd --system --uid 10001 --gid wca" in created and users[-1] == "wca"
    # nothing after USER switches back, and the command comes after it
    ops = [op for op, _ in final]
    assert ops.index("CMD") > len(ops) - 1 - ops[::-1].index("USER")


def test_the_health_check_asks_streamlit_on_its_port():
    final = _final_stage()
    (check,) = [args for op, args in final if op == "HEALTHCHECK"]
    assert "http://127.0.0.1:8501/_stcore/health" in check
    env = " ".join(args for op, args in final if op == "ENV")
    assert "STREAMLIT_SERVER_PORT=8501" in env


def test_the_tables_are_built_from_their_sources_at_build_time_and_copied():
    steps = _instructions(DOCKERFILE.read_text())
    copied = [args.split()[0] for op, args in steps if op == "COPY" and "--from" not in args]
    for needed in ("app.py", ".streamlit/", "app_pages/", "dashboard/", "etl/", "static/", "data/"):
        assert needed in copied, needed
    runs = " ".join(args for op, args in steps if op == "RUN")
    assert "python -m etl --out /tmp/rebuilt" in runs and "diff -r /tmp/rebuilt data/processed" in runs
    final = " ".join(args for op, args in _final_stage() if op == "COPY")
    assert "--from=build /src /app" in final
    # the build context lets through exactly what is copied
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    for needed in ("app.py", ".streamlit/", "app_pages/", "dashboard/", "etl/", "static/", "data/"):
        assert f"!{needed}" in ignore, needed


def test_nothing_is_installed_or_fetched_at_run_time():
    final = _final_stage()
    command = " ".join(args for op, args in final if op in ("CMD", "ENTRYPOINT"))
    assert "streamlit" in command and "app.py" in command
    assert not re.search(r"pip|apt|curl|wget|http", command)
    env = " ".join(args for op, args in final if op == "ENV")
    assert "STREAMLIT_BROWSER_GATHER_USAGE_STATS=false" in env
    assert "STREAMLIT_SERVER_FILE_WATCHER_TYPE=none" in env
    # the final stage installs nothing: the virtual environment comes from the build stage
    assert not re.search(r"pip install|apt-get install", " ".join(args for op, args in final if op == "RUN"))


def _upstream_servers(conf: str) -> list[str]:
    block = re.search(r"upstream streamlit \{(.*?)\}", conf, re.S).group(1)
    return re.findall(r"^\s*server (\S+)", block, re.M)


def test_compose_runs_several_replicas_behind_the_proxy_on_an_internal_network():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    apps = {name: s for name, s in services.items() if name != "proxy"}
    assert len(apps) >= 2
    for name, app in apps.items():
        assert app["build"]["dockerfile"] == "deploy/Dockerfile", name
        assert app["networks"] == ["backend"], name
        assert "ports" not in app, f"{name} must be reachable only through the proxy"
        assert app["read_only"] is True and app["cap_drop"] == ["ALL"], name
    assert compose["networks"]["backend"]["internal"] is True
    proxy = services["proxy"]
    assert set(proxy["networks"]) == {"frontend", "backend"}
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert set(proxy["depends_on"]) == set(apps)
    # nginx balances exactly the compose replicas
    assert _upstream_servers(COMPOSE_CONF.read_text()) and {
        s.split(":")[0] for s in _upstream_servers(COMPOSE_CONF.read_text())
    } == set(apps)
    assert re.findall(r"for app in ([\w ]+);", (DEPLOY / "rolling-restart.sh").read_text()) == [
        " ".join(sorted(apps))
    ]


def _kept_identical(conf: str) -> list[str]:
    """What the two proxies must share: headers, affinity maps, compression, the locations."""
    server = conf[conf.index("    server {") :]
    return (
        re.findall(r"^\s*add_header .*$", conf, re.M)
        + re.findall(r"^\s*map .*?\n\s*\}", conf, re.M | re.S)
        + re.findall(r"^\s*(?:hash|gzip\w*) .*$", conf, re.M)
        + re.findall(r"^\s*location .*?\n\s*\}", server, re.M | re.S)
        + re.findall(r"^\s*proxy_(?:set_header|http_version|next_upstream|read|send)\S* .*$", server, re.M)
    )


def test_the_compose_proxy_is_the_tested_local_proxy():
    local, compose = LOCAL_CONF.read_text(), COMPOSE_CONF.read_text()
    assert _kept_identical(compose) == _kept_identical(local)
    assert len(_kept_identical(local)) > 20
    assert _upstream_servers(local) == ["127.0.0.1:8501", "127.0.0.1:8502"]
    assert re.search(r"^\s*listen 127\.0\.0\.1:8080;", local, re.M)
    # every path nginx writes to is relative to its prefix (-p), so it runs unprivileged
    for directive in ("pid", "error_log", "access_log", r"\w+_temp_path"):
        for path in re.findall(rf"^\s*{directive} (\S+)", local, re.M):
            assert not path.startswith("/"), (directive, path)


def test_both_proxy_configs_pass_nginx_t(nginx, tmp_path):
    """nginx -t on the local config, and on the compose one with its container paths and replica names
    replaced by local ones (the names resolve only inside compose)."""
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(LOCAL_CONF), "-e", "stderr"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    conf = COMPOSE_CONF.read_text()
    conf = re.sub(r"server app(\d+):8501", lambda m: f"server 127.0.0.1:{8500 + int(m.group(1))}", conf)
    conf = conf.replace("user nginx;", "").replace("/var/run/nginx.pid", "nginx.pid")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    conf = conf.replace("http {", "http {\n    client_body_temp_path cb; proxy_temp_path pt;\n", 1)
    copy = tmp_path / "compose-nginx.conf"
    copy.write_text(conf)
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(copy), "-e", "stderr"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _docker_daemon() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.timeout(1500)
def test_the_image_builds_runs_as_wca_and_becomes_healthy():
    if not _docker_daemon():
        pytest.skip("no Docker daemon here: the Dockerfile is checked by the tests above instead")
    tag = f"wca-dashboard-test:{uuid.uuid4().hex[:8]}"
    name = f"wca-test-{uuid.uuid4().hex[:8]}"
    build = subprocess.run(
        ["docker", "build", "-f", str(DOCKERFILE), "-t", tag, str(PROJECT_DIR)],
        capture_output=True, text=True, timeout=1200, env={"DOCKER_BUILDKIT": "1", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    try:
        subprocess.run(
            ["docker", "run", "-d", "--name", name, "--network", "none", tag], check=True, timeout=60
        )
        deadline, status = time.monotonic() + 120, ""
        while time.monotonic() < deadline and status != "healthy":
            time.sleep(3)
            status = subprocess.run(
                ["docker", "inspect", "-f", "{{.State.Health.Status}}", name],
                capture_output=True,
                text=True,
                timeout=20,
            ).stdout.strip()
        assert status == "healthy"  # with no network at all (--network none)
        user = subprocess.run(
            ["docker", "exec", name, "id", "-un"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
        assert user == "wca"
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60)
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, timeout=60)
