"""Run a command on an emulated slower CPU: oneDNN held to AVX2 and a CPU quota (Linux, root).

    python benchmarks/emulate_cpu.py [--gflops 80] [--isa AVX2] -- COMMAND ...

The course's slowest CPU kind has AVX2 only and reaches about 80 GFLOP/s in TF's float32
matmul on its 2 cores. This script builds that machine out of a faster one:

1. `ONEDNN_MAX_CPU_ISA=AVX2` makes oneDNN (TF's CPU kernels) use AVX2 code, as there.
2. A cgroup CPU quota caps the command and every process it starts (notebook kernels,
   worker processes) at a share of the machine, chosen so that the same matmul benchmark,
   run under both limits, reads `--gflops`. The quota is calibrated, applied, and measured
   again before the command starts.

What the emulation assumes: every part of the command (Python, TF's other kernels, process
start-up) slows down by the same factor as matmul once the kernels are AVX2. A quota limits
the group's total CPU time, not each core's, so a single-threaded stretch gets up to the
whole quota: like a machine whose 2 logical cores are one physical core with two hardware
threads. Nothing but a run on a real AVX2 machine settles how close this is; the script says
what it measured, and PERFORMANCE.md section 1 says what it showed.

Needs write access to the cgroup CPU controller (cgroup v1 `/sys/fs/cgroup/cpu` or v2).
The group it creates is removed at the end, also on errors.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERIOD_US = 10_000  # short periods: the quota throttles in 10 ms slices, not 100 ms bursts
PROBE = """
import json, os, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from common import matmul_peak, start_tf
tf = start_tf()
print(json.dumps(matmul_peak(tf)))
"""


def find_cpu_controller() -> tuple[Path, str]:
    v1 = Path("/sys/fs/cgroup/cpu")
    if (v1 / "cpu.cfs_quota_us").exists():
        return v1, "v1"
    for v2 in (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified")):
        controllers = v2 / "cgroup.controllers"
        if controllers.exists() and "cpu" in controllers.read_text().split():
            return v2, "v2"
    raise SystemExit(
        "emulate_cpu: no writable cgroup CPU controller found (looked for "
        "/sys/fs/cgroup/cpu and cgroup v2 with 'cpu'); run as root on Linux"
    )


class Group:
    """One cgroup for the emulated machine; `set_quota(cpus)` caps it at that many CPUs."""

    def __init__(self) -> None:
        base, self.version = find_cpu_controller()
        self.path = base / f"course-emulate-{os.getpid()}"
        self.path.mkdir()

    def set_quota(self, cpus: float | None) -> None:
        quota = -1 if cpus is None else max(1000, round(PERIOD_US * cpus))
        if self.version == "v1":
            (self.path / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (self.path / "cpu.cfs_quota_us").write_text(str(quota))
        else:
            text = "max" if quota == -1 else str(quota)
            (self.path / "cpu.max").write_text(f"{text} {PERIOD_US}")

    def join(self) -> None:  # runs in the child between fork and exec
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def remove(self) -> None:
        for _ in range(50):  # the processes of a finished command leave the group at once
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.1)
        print(f"emulate_cpu: could not remove {self.path}", file=sys.stderr)


def matmul(group: Group, env: dict) -> float:
    code = PROBE.format(root=str(ROOT), bench=str(ROOT / "benchmarks"))
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        preexec_fn=group.join,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])["tf_gflops"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gflops", type=float, default=80.0, help="TF matmul GFLOP/s to emulate")
    parser.add_argument("--isa", default="AVX2", help="ONEDNN_MAX_CPU_ISA (default AVX2)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --, e.g. -- python benchmarks/...")
    if args.gflops <= 0:
        parser.error(f"--gflops must be positive, got {args.gflops}")

    sys.path.insert(0, str(ROOT))
    from course_utils.env import cpu_info

    env = dict(os.environ, ONEDNN_MAX_CPU_ISA=args.isa, TF_CPP_MIN_LOG_LEVEL="3")
    ncpu = os.cpu_count() or 1
    group = Group()
    try:
        group.set_quota(None)
        free = matmul(group, env)
        cpus = ncpu * args.gflops / free
        group.set_quota(cpus)
        measured = matmul(group, env)
        cpus *= args.gflops / measured  # one correction step
        group.set_quota(cpus)
        measured = matmul(group, env)
        print(
            f"emulate_cpu: {cpu_info()}; TF matmul with ONEDNN_MAX_CPU_ISA={args.isa}: "
            f"{free:.0f} GFLOP/s unlimited, {measured:.0f} under a quota of {cpus:.2f} of "
            f"{ncpu} CPUs (target {args.gflops:.0f})",
            flush=True,
        )
        env["COURSE_EMULATED_CPU"] = (
            f"{args.isa} CPU at {measured:.0f} GFLOP/s (quota {cpus:.2f} of {ncpu} CPUs)"
        )
        start = time.perf_counter()
        result = subprocess.run(command, env=env, preexec_fn=group.join)
        seconds = time.perf_counter() - start
        print(
            f"emulate_cpu: exit {result.returncode} after {seconds:.1f} s wall on the emulated "
            f"{args.gflops:.0f}-GFLOP/s {args.isa} CPU",
            flush=True,
        )
    finally:
        group.remove()
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
