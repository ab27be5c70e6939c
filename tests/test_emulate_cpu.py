"""benchmarks/emulate_cpu.py: its argument errors and the quota it writes (no cgroup needed)."""

import importlib.util
import subprocess
import sys

import pytest
from support import ROOT

SCRIPT = ROOT / "benchmarks" / "emulate_cpu.py"


def load():
    spec = importlib.util.spec_from_file_location("emulate_cpu", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60
    )


def test_a_missing_command_is_named():
    out = run("--gflops", "80")
    assert out.returncode == 2
    assert "give the command to run after --" in out.stderr


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_gflops_that_is_not_positive_is_named(value):
    out = run("--gflops", value, "--", "true")
    assert out.returncode == 2
    assert f"--gflops must be positive, got {float(value)}" in out.stderr


@pytest.mark.parametrize(
    ("version", "cpus", "expected"),
    [
        ("v1", 0.74, {"cpu.cfs_period_us": "10000", "cpu.cfs_quota_us": "7400"}),
        ("v1", None, {"cpu.cfs_period_us": "10000", "cpu.cfs_quota_us": "-1"}),
        ("v1", 0.01, {"cpu.cfs_period_us": "10000", "cpu.cfs_quota_us": "1000"}),  # floor
        ("v2", 1.5, {"cpu.max": "15000 10000"}),
        ("v2", None, {"cpu.max": "max 10000"}),
    ],
)
def test_the_quota_is_a_share_of_the_period(tmp_path, monkeypatch, version, cpus, expected):
    module = load()
    monkeypatch.setattr(module, "find_cpu_controller", lambda: (tmp_path, version))
    group = module.Group()
    assert group.path.parent == tmp_path and group.path.name.startswith("course-emulate-")
    group.set_quota(cpus)
    written = {p.name: p.read_text() for p in group.path.iterdir()}
    assert written == expected
