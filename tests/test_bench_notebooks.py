"""benchmarks/bench_notebooks.py: its arguments (nothing is timed here)."""

import subprocess
import sys

import pytest
from support import ROOT

SCRIPT = ROOT / "benchmarks" / "bench_notebooks.py"


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60, cwd=cwd
    )


def test_help_prints_usage_and_times_nothing():
    out = run("--help")
    assert out.returncode == 0
    assert out.stdout.startswith("usage:") and "notebooks to time" in out.stdout
    assert "Notebook run times" not in out.stdout


@pytest.mark.parametrize("name", ["notebooks/99_missing.ipynb", "README.md", "notebooks"])
def test_a_path_that_is_not_a_notebook_file_is_named(name):
    out = run(name)
    assert out.returncode == 2
    assert f"notebooks: {name!r} is not a notebook file" in out.stderr
    assert "Notebook run times" not in out.stdout


def test_a_relative_path_is_read_from_the_callers_folder(tmp_path):
    # The timed pytest runs in the repository root; a path given relative to the caller's
    # folder must still name the caller's file. Here it does not exist there: an error.
    out = run("notebooks/00_start_here.ipynb", cwd=tmp_path)
    assert out.returncode == 2 and "is not a notebook file" in out.stderr
