"""The course as a package: what the wheel carries, where the data is found, Binder's config.

The last test (marked ``install``, run by ``make test-install`` and CI) builds the wheel,
installs it with the pinned requirements into a fresh virtual environment outside the
repository, and runs two notebooks there offline, as a student with a copied notebook would.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from course_utils import data, sources
from course_utils.env import read_pins

ROOT = Path(__file__).resolve().parent.parent
SUBSETS = sorted(data.SHIPPED_SHA256)


@pytest.fixture(scope="module")
def pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11+")
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _requirements(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def _fake_install(tmp_path: Path) -> Path:
    """Lay out course_utils as a wheel installs it (data in course_utils/_data), in tmp_path."""
    site = tmp_path / "site-packages"
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "course_utils", site / "course_utils", ignore=skip)
    shutil.copytree(ROOT / "data", site / "course_utils" / "_data", ignore=skip)
    return site


def _run_python(code: str, *, site: Path, cwd: Path, **env) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COURSE_DATA_DIR")}
    environ.update(PYTHONPATH=str(site), PYTHONDONTWRITEBYTECODE="1", **env)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd, env=environ, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- the package data, through importlib.resources -------------------------------------------


def test_installed_loaders_find_the_package_data_from_any_folder(tmp_path):
    site = _fake_install(tmp_path)
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    out = _run_python(
        """
        from importlib import resources
        from course_utils import data, sources
        print(sources.shipped_dir())
        print(resources.files("course_utils._data"))
        print(data.load_mnist().location)
        print(data.load_fashion_mnist(verbose=False).location)
        """,
        site=site, cwd=elsewhere, COURSE_OFFLINE="1", COURSE_DEBIAN_DIR=str(tmp_path / "none"),
        KERAS_HOME=str(tmp_path / "keras"), COURSE_CACHE_DIR=str(tmp_path / "cache"),
    )  # fmt: skip
    lines = out.splitlines()
    shipped = str(site / "course_utils" / "_data")
    assert lines[0] == lines[1] == shipped
    assert "MNIST: 8,000 train + 2,000 test images, shipped subset, from shipped" in out
    assert lines[-2:] == [f"course_utils/_data/{data.SHIPPED_FILES[n]}" for n in data.TITLES]
    # nothing was written into the installed package, and no cache was made
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not (tmp_path / "cache").exists()


def test_a_clone_uses_its_own_data_folder():
    assert sources.shipped_dir() == ROOT / "data"
    assert sorted(sources.check_shipped_files()) == [f"data/{name}" for name in SUBSETS]
    assert data.load_mnist("shipped", verbose=False).location == "data/mnist_10k.npz"


def test_cache_folder_is_the_users_and_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data.cache_dir() == tmp_path / "xdg" / "convolutions-in-tensorflow"
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "mine"))
    assert data.cache_dir() == tmp_path / "mine"
    package = Path(data.__file__).resolve().parent
    assert package not in data.cache_dir().parents


def test_main_reports_what_it_found(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "course_utils"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COURSE_OFFLINE": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for needle in ("course_utils 0.1.0 from", "Shipped data:", "Download cache:", "MNIST:"):
        assert needle in out
    assert out.count("SHA-256 OK") == 2


# --- what the wheel is built from -------------------------------------------------------------


def test_every_subpackage_and_the_data_are_packaged(pyproject):
    setuptools = pyproject["tool"]["setuptools"]
    found = sorted(
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "course_utils").rglob("__init__.py")
    )
    assert sorted(setuptools["packages"]) == sorted([*found, "course_utils._data"])
    assert setuptools["package-dir"] == {"course_utils._data": "data"}
    patterns = setuptools["package-data"]["course_utils._data"]
    for name in [*SUBSETS, "README.md"]:
        assert any(Path(name).match(p) for p in patterns), name
    assert not (ROOT / "course_utils" / "_data").exists()  # data/ is the only copy


def test_metadata_is_complete(pyproject):
    project = pyproject["project"]
    assert project["name"] == "convolutions-in-tensorflow"
    assert project["license"] == "MIT" and "data/README.md" in project["license-files"]
    import course_utils

    assert project["version"] == course_utils.__version__
    assert project["urls"]
    dynamic = pyproject["tool"]["setuptools"]["dynamic"]["optional-dependencies"]
    assert project["dynamic"] == ["optional-dependencies"]
    assert dynamic == {"pinned": {"file": ["requirements.txt"]}}  # one list of pins
    spec = SpecifierSet(project["requires-python"])
    minors = [f"3.{m}" for m in range(8, 16) if spec.contains(f"3.{m}.0")]
    assert minors == ["3.10", "3.11", "3.12", "3.13"]
    listed = {c.rsplit(" :: ", 1)[-1] for c in project["classifiers"] if "Python :: 3." in c}
    assert sorted(listed) == minors


# --- Binder / repo2docker ------------------------------------------------------------------


def test_binder_environment_is_requirements_txt(pyproject):
    binder = ROOT / "binder"
    lines = _requirements(binder / "requirements.txt")
    assert lines[0] == "-r ../requirements.txt"  # the pins themselves, not a copy
    pinned = {Requirement(line).name for line in _requirements(ROOT / "requirements.txt")}
    for line in lines[1:]:  # extras for the hub only, each pinned, none a second pin
        req = Requirement(line)
        assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", line
        assert req.name not in pinned, f"{req.name} is pinned in requirements.txt already"
    runtime = (binder / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime)
    python = runtime.removeprefix("python-")
    assert SpecifierSet(pyproject["project"]["requires-python"]).contains(f"{python}.0")
    apt = _requirements(binder / "apt.txt")
    assert "dataset-fashion-mnist" in apt
    assert "dataset-fashion-mnist" in (ROOT / ".ci" / "run").read_text()
    post_build = (binder / "postBuild").read_text()
    assert post_build.startswith("#!/") and os.access(binder / "postBuild", os.X_OK)
    assert re.search(r"pip install --no-deps[^\n]* \.$", post_build, re.M)


def test_ci_runs_the_install_test():
    assert "make test-install" in (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(
        r"^test-install:.*\n\t.*pytest -m install tests/test_package.py", makefile, re.M
    )
    assert re.search(r"^dist:.*\n(\t.*\n)*\t.*pip wheel --no-deps", makefile, re.M)


# --- the real thing: a wheel in a fresh venv, notebooks copied out of the repo ----------------

NOTEBOOKS = ("00_start_here.ipynb", "04_pooling_and_output_size.ipynb")

# The notebooks run through jupyter_client directly, the way nbval runs them: nbclient 0.11
# sometimes never returns from a cell that displays an ipywidgets Output widget (the kernel
# is idle, the client still waits; jupyter/nbclient#312), which this test met with lecture
# 4's output-size explorer.
DRIVER = """
import sys

import nbformat
from jupyter_client.manager import start_new_kernel

TIMEOUT = 600  # seconds per cell


def run(source, kc):
    msg_id = kc.execute(source, store_history=True)
    texts = {"stdout": "", "stderr": ""}
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            texts[content["name"]] += content["text"]
        elif kind == "error":
            raise SystemExit("\\n".join(content["traceback"])[-3000:])
        elif kind == "status" and content["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    if reply["content"]["status"] != "ok":
        raise SystemExit(f"cell failed: {reply['content'].get('evalue')}")
    return texts


PROBE = (
    "import json, sys, course_utils\\n"
    "from course_utils import data, env\\n"
    "print(sys.executable)\\n"
    "print(course_utils.__file__)\\n"
    "print(data.load_mnist(verbose=False).location)\\n"
    "print(env.REQUIREMENTS.exists(), json.dumps(env.installed_pins(), sort_keys=True))"
)
for path in [None, *sys.argv[1:]]:
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        if path is None:
            print(run(PROBE, kc)["stdout"], end="")
            continue
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            texts = run(cell.source, kc)
            if texts["stderr"]:
                raise SystemExit(f"{path}: cell {index} wrote to stderr: {texts['stderr'][:2000]}")
        print(f"{path}: OK")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
"""


def _git_status() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


@pytest.mark.install
def test_the_wheel_runs_notebooks_outside_the_repo(tmp_path_factory):
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git clone (it compares `git status` before and after)")
    tmp = tmp_path_factory.mktemp("outside")
    assert ROOT not in tmp.parents
    status_before = _git_status()

    # 1. build the wheel from the files git knows, in a copy (the clone stays untouched)
    src = tmp / "src"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--wheel-dir", str(tmp / "dist"), str(src)],
        cwd=tmp, check=True,
    )  # fmt: skip
    (wheel,) = (tmp / "dist").glob("convolutions_in_tensorflow-*.whl")

    # 2. a fresh venv with the pins and the wheel (pip's cache makes this quick after `make`)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(ROOT / "requirements.txt"), str(wheel)],
        cwd=tmp, check=True,
    )  # fmt: skip
    found = subprocess.run(
        [str(python), "-c", "import course_utils; print(course_utils.__file__)"],
        cwd=tmp, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )  # fmt: skip
    package = Path(found.stdout.strip()).parent
    assert venv in package.parents
    installed_before = {p: p.stat().st_mtime_ns for p in package.rglob("*")}

    # 3. two notebooks copied into an empty folder, run offline with no Debian data
    work = tmp / "student"
    work.mkdir()
    for name in NOTEBOOKS:
        shutil.copy2(ROOT / "notebooks" / name, work / name)
    (tmp / "driver.py").write_text(DRIVER)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COURSE_DATA_DIR")}
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        COURSE_OFFLINE="1",
        COURSE_DEBIAN_DIR="/nonexistent",
        KERAS_HOME=str(tmp / "keras"),
        COURSE_CACHE_DIR=str(tmp / "cache"),
        JUPYTER_DATA_DIR=str(tmp / "jupyter"),
        JUPYTER_PATH="",
        MPLCONFIGDIR=str(tmp / "mpl"),
        TF_CPP_MIN_LOG_LEVEL="3",
    )
    result = subprocess.run(
        [str(python), str(tmp / "driver.py"), *NOTEBOOKS],
        cwd=work, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    executable, module, location, pins, *done = result.stdout.splitlines()
    assert Path(executable).parent == venv / "bin"  # the kernel is the venv's Python
    assert Path(module).parent == package  # ... importing the installed package
    assert location == "course_utils/_data/mnist_10k.npz"  # ... and its shipped data
    # no requirements.txt beside the installed package: setup() checks the "pinned" extra
    expected = json.dumps(read_pins(ROOT / "requirements.txt"), sort_keys=True)
    assert pins == f"False {expected}"
    assert done == [f"{name}: OK" for name in NOTEBOOKS]

    # 4. nothing written into the installed package or the clone
    assert {p: p.stat().st_mtime_ns for p in package.rglob("*")} == installed_before
    assert _git_status() == status_before
