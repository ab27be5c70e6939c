"""`make lab`'s server: JupyterLab on 127.0.0.1 with a token runs a notebook through its kernel.

Starts `jupyter lab` the way the Makefile does (tests/labserver.py), on a free port, in a
temporary copy of notebooks/, then runs every code cell of
00_start_here.ipynb through the server's kernel websocket, as the Lab front end does.
The browser-level test of the same thing is marked `browser`.
"""

import json
import urllib.request
import uuid

import pytest
from labserver import JUPYTER, LabServer

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
