"""`make lab`'s server: JupyterLab on 127.0.0.1 with a token runs a notebook through its kernel.

Starts `jupyter lab` the way the Makefile does (tests/labserver.py), on a free port, in a
temporary copy of notebooks/, then runs every code cell of
00_start_here.ipynb through the server's kernel websocket, as the Lab front end does.
Also runs `make lab` itself and checks that it listens on 127.0.0.1 only and refuses
requests without the token. The browser-level test of the same thing is marked `browser`.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from labserver import JUPYTER, LabServer, free_port

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not JUPYTER.exists(), reason="jupyter is not installed beside python"),
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


def test_the_server_needs_the_token(lab):
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{lab.base}/api/contents", timeout=10)
    assert info.value.code == 403


def test_the_lab_serves_the_notebooks_folder(lab):
    names = {item["name"] for item in lab.api("/api/contents")["content"]}
    assert "00_start_here.ipynb" in names
    page = urllib.request.urlopen(f"{lab.base}/lab?token={lab.token}", timeout=30).read().decode()
    assert "JupyterLab" in page


def test_start_here_runs_in_the_labs_kernel(lab):
    tornado_websocket = pytest.importorskip("tornado.websocket")
    from tornado.ioloop import IOLoop

    session = lab.api(
        "/api/sessions", "POST",
        {"path": "00_start_here.ipynb", "type": "notebook", "kernel": {"name": "python3"}},
    )  # fmt: skip
    kernel_id = session["kernel"]["id"]
    notebook = lab.api("/api/contents/00_start_here.ipynb")["content"]
    cells = [c["source"] for c in notebook["cells"] if c["cell_type"] == "code"]

    async def run_all():
        url = f"ws{lab.base[4:]}/api/kernels/{kernel_id}/channels?token={lab.token}"
        ws = await tornado_websocket.websocket_connect(url)
        results = []
        for source in cells:
            msg_id = uuid.uuid4().hex
            await ws.write_message(
                json.dumps(
                    {
                        "header": {"msg_id": msg_id, "msg_type": "execute_request",
                                   "username": "test", "session": uuid.uuid4().hex,
                                   "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "channel": "shell",
                        "content": {"code": source, "silent": False, "store_history": True,
                                    "user_expressions": {}, "allow_stdin": False},
                    }
                )
            )  # fmt: skip
            while True:
                reply = json.loads(await ws.read_message())
                if reply["parent_header"].get("msg_id") != msg_id:
                    continue
                if reply["msg_type"] == "execute_reply":
                    results.append(reply["content"])
                    break
        ws.close()
        return results

    results = IOLoop.current().run_sync(run_all, timeout=300)
    assert len(results) == len(cells) > 5
    failed = [(i, r.get("ename"), r.get("evalue")) for i, r in enumerate(results)]
    assert all(r["status"] == "ok" for r in results), [f for f in failed if f[1]]
    lab.api(f"/api/sessions/{session['id']}", "DELETE")


# --------------------------------------------------------------------------- make lab


def _listening_addresses(port):
    """Return the local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A = LISTEN
                raw = bytes.fromhex(address)
                if len(raw) == 4:
                    found.append(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                    found.append(socket.inet_ntop(socket.AF_INET6, words))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_listens_on_localhost_only_and_needs_the_token(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    log_path = tmp_path / "make_lab.log"
    # -o data: the recipe of `make lab` itself, without re-checking the venv and the data
    cmd = ["make", "--no-print-directory", "-o", "data", "lab", f"LAB_PORT={port}", "CI=true",
           f"BIN={Path(sys.executable).parent}"]  # fmt: skip
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        token = None
        for _ in range(120):
            match = re.search(r"[?&]token=([0-9a-f]+)", log_path.read_text())
            if match and _listening_addresses(port):
                token = match.group(1)
                break
            if proc.poll() is not None:
                break
            time.sleep(0.5)
        assert token, "make lab did not start:\n" + log_path.read_text()[-3000:]
        assert set(_listening_addresses(port)) == {"127.0.0.1"}
        base = f"http://127.0.0.1:{port}"
        for path in ("/api/contents", "/api/kernels", "/api/status"):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(f"{base}{path}", timeout=10)
            assert info.value.code == 403, path
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"{base}/api/contents?token=wrong{token}", timeout=10)
        assert info.value.code == 403
        with urllib.request.urlopen(f"{base}/api/contents?token={token}", timeout=10) as ok:
            names = {item["name"] for item in json.loads(ok.read())["content"]}
        assert "00_start_here.ipynb" in names
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
