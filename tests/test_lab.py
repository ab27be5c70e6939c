"""`make lab`'s server: JupyterLab on 127.0.0.1 with a token runs a notebook through its kernel.

Starts `jupyter lab` the way the Makefile does (from this interpreter's environment), on a
free port, in a temporary copy of notebooks/, then runs every code cell of
00_start_here.ipynb through the server's kernel websocket, as the Lab front end does.
The browser-level test of the same thing is marked `browser`.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER = Path(sys.executable).parent / "jupyter"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not JUPYTER.exists(), reason="jupyter is not installed beside python"),
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", workdir / "notebooks")
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [
        str(JUPYTER), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={workdir / 'notebooks'}",
    ]  # fmt: skip
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(workdir / "lab.log", "w")  # closed in the finally below
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(workdir / "runtime")}
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workdir)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        if proc.poll() is not None:
            pytest.fail((workdir / "lab.log").read_text()[-3000:])
        yield base, token
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _api(base, token, path, method="GET", body=None):
    request = urllib.request.Request(
        f"{base}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def test_the_server_needs_the_token(lab):
    base, _ = lab
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{base}/api/contents", timeout=10)
    assert info.value.code == 403


def test_the_lab_serves_the_notebooks_folder(lab):
    base, token = lab
    names = {item["name"] for item in _api(base, token, "/api/contents")["content"]}
    assert "00_start_here.ipynb" in names
    page = urllib.request.urlopen(f"{base}/lab?token={token}", timeout=30).read().decode()
    assert "JupyterLab" in page


def test_start_here_runs_in_the_labs_kernel(lab):
    tornado_websocket = pytest.importorskip("tornado.websocket")
    from tornado.ioloop import IOLoop

    base, token = lab
    session = _api(
        base, token, "/api/sessions", "POST",
        {"path": "00_start_here.ipynb", "type": "notebook", "kernel": {"name": "python3"}},
    )  # fmt: skip
    kernel_id = session["kernel"]["id"]
    notebook = _api(base, token, "/api/contents/00_start_here.ipynb")["content"]
    cells = [c["source"] for c in notebook["cells"] if c["cell_type"] == "code"]

    async def run_all():
        url = f"ws{base[4:]}/api/kernels/{kernel_id}/channels?token={token}"
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
    _api(base, token, f"/api/sessions/{session['id']}", "DELETE")
