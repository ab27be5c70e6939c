"""benchmarks/emulate_cpu.py: its argument errors and the quota it writes (no cgroup needed)."""

import importlib.util
import signal
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


def test_an_isa_that_onednn_does_not_know_is_refused():
    out = run("--isa", "AVX3", "--", "true")
    assert out.returncode == 2
    assert "argument --isa: invalid choice: 'AVX3'" in out.stderr


class Machine:
    """A fake machine whose matmul speed is proportional to the CPU quota (linear model)."""

    def __init__(self, per_cpu: float, ncpu: int, bias: float = 1.0):
        self.per_cpu, self.ncpu, self.bias, self.quota = per_cpu, ncpu, bias, None

    def set_quota(self, cpus):
        self.quota = cpus

    def measure(self):
        cpus = self.ncpu if self.quota is None else min(self.quota, self.ncpu)
        return self.per_cpu * cpus * self.bias


def test_calibrate_finds_the_quota_that_reads_the_target():
    module = load()
    machine = Machine(per_cpu=111, ncpu=2)
    free, cpus, measured = module.calibrate(machine.set_quota, machine.measure, 80, 2)
    assert free == 222 and measured == pytest.approx(80)
    assert cpus == pytest.approx(2 * 80 / 222) and machine.quota == cpus


def test_calibrate_corrects_a_noisy_reading():
    module = load()
    readings = iter([222.0, 70.0, 81.0])  # the first reading under a quota is 12% low
    quotas = []
    _, _, measured = module.calibrate(quotas.append, lambda: next(readings), 80, 2)
    assert measured == 81.0 and quotas[0] is None
    assert quotas[1:] == [pytest.approx(2 * 80 / 222), pytest.approx(2 * 80 / 222 * 80 / 70)]


def test_calibrate_refuses_a_target_above_the_machine():
    module = load()
    machine = Machine(per_cpu=111, ncpu=2)
    with pytest.raises(module.EmulationError, match="give --gflops below 222"):
        module.calibrate(machine.set_quota, machine.measure, 400, 2)


def test_calibrate_stops_when_the_reading_misses_the_target():
    module = load()
    readings = iter([222.0, 60.0, 60.0, 60.0, 60.0])  # every reading under a quota 25% low
    with pytest.raises(module.EmulationError, match="calibration missed: matmul read 60"):
        module.calibrate(lambda cpus: None, lambda: next(readings), 80, 2)


def test_no_cgroup_controller_is_a_clear_error(monkeypatch, capsys):
    module = load()

    def missing():
        raise module.EmulationError("no cgroup CPU controller found: run as root")

    monkeypatch.setattr(module, "find_cpu_controller", missing)
    assert module.main(["--", "true"]) == 2
    assert "emulate_cpu: no cgroup CPU controller found" in capsys.readouterr().err


MADE = []  # the FakeGroups that main() created


class FakeGroup:
    """Stands in for a cgroup: records quotas and whether it was removed."""

    def __init__(self):
        self.quotas, self.removed = [], False
        MADE.append(self)

    def set_quota(self, cpus):
        self.quotas.append(cpus)

    def join(self):
        pass

    def remove(self):
        self.removed = True


def fake_machine(monkeypatch, module, per_cpu=111.0):
    MADE.clear()
    monkeypatch.setattr(module, "Group", FakeGroup)
    monkeypatch.setattr(module.os, "sched_getaffinity", lambda pid: {0, 1})

    def matmul(group, env):
        assert env["ONEDNN_MAX_CPU_ISA"] == "AVX2" and env["OPENBLAS_CORETYPE"] == "Haswell"
        quota = group.quotas[-1]
        return per_cpu * (2 if quota is None else min(quota, 2))

    monkeypatch.setattr(module, "matmul", matmul)


def test_main_passes_the_exit_code_through_and_removes_the_group(monkeypatch, capsys):
    module = load()
    fake_machine(monkeypatch, module)
    before = signal.getsignal(signal.SIGTERM)
    assert module.main(["--", sys.executable, "-c", "raise SystemExit(3)"]) == 3
    assert signal.getsignal(signal.SIGTERM) is before  # main() restores the handlers
    (group,) = MADE
    assert group.removed and group.quotas[0] is None
    assert group.quotas[-1] == pytest.approx(2 * 80 / 222)
    out = capsys.readouterr().out
    assert "quota of 0.72 CPU in all (36% of 2)" in out and "exit 3 after" in out


def test_main_removes_the_group_when_calibration_fails(monkeypatch, capsys):
    module = load()
    fake_machine(monkeypatch, module, per_cpu=20.0)  # 40 GFLOP/s at most: 80 is unreachable
    assert module.main(["--", "true"]) == 2
    assert MADE[0].removed
    assert "give --gflops below 40" in capsys.readouterr().err


def test_a_refused_quota_is_a_clear_error(tmp_path, monkeypatch):
    module = load()
    monkeypatch.setattr(module, "find_cpu_controller", lambda: (tmp_path, "v1"))
    group = module.Group()
    group.path.rmdir()
    group.path.write_text("")  # a file where the group's folder should be: writes fail
    with pytest.raises(
        module.EmulationError, match=r"cannot set the CPU quota of .*course-emulate"
    ):
        group.set_quota(0.5)
