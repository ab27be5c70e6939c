"""Run a command on an emulated slower CPU: AVX2 kernels and a CPU quota (Linux, root).

    python benchmarks/emulate_cpu.py [--gflops 80] [--isa AVX2] -- COMMAND ...

The course's slowest CPU kind has AVX2 only and reaches about 80 GFLOP/s in TF's float32
matmul on its 2 cores. This script builds that machine out of a faster one:

1. `ONEDNN_MAX_CPU_ISA=AVX2` makes oneDNN (TF's CPU kernels) use its AVX2 code, and
   `OPENBLAS_CORETYPE=Haswell` does the same for the OpenBLAS inside NumPy. NumPy's own
   vectorised loops still use what the CPU has.
2. A cgroup CPU quota caps the command and every process it starts (notebook kernels,
   worker processes) at a total share of the machine's CPU time, chosen so that the same
   matmul benchmark, run under both limits, reads `--gflops`. The quota is calibrated,
   applied and measured again before the command starts; the script stops if the target
   cannot be reached (a target above the machine's own speed, say).

What the emulation assumes: a quota caps the group's *total* CPU time, not each core's.
Work that keeps both cores busy (matmul, convolutions) slows down like matmul; a
single-threaded stretch (Python, start-up) may use up to the whole quota on one core, so it
slows down less. That matches a machine whose 2 logical cores are one physical core with
two hardware threads, if the second thread adds little. Waiting on the disk is not slowed.
Nothing but a run on a real AVX2 machine settles how close this is.

Needs write access to the cgroup CPU controller (cgroup v1 `/sys/fs/cgroup/cpu`, or v2 with
`cpu` enabled for child groups). The group it creates is removed at the end, also after an
error, Ctrl-C, SIGTERM or SIGHUP: any process still in it is killed first.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERIOD_US = 10_000  # short periods: the quota throttles in 10 ms slices, not 100 ms bursts
TOLERANCE = 0.05  # the calibrated matmul must read within 5% of the target
ATTEMPTS = 4  # quota settings tried before giving up
# oneDNN's names (ONEDNN_MAX_CPU_ISA; it ignores any other value) and OpenBLAS's core type
# with the same vector width, where there is one.
ISAS = {
    "SSE41": "Nehalem",
    "AVX": "SandyBridge",
    "AVX2": "Haswell",
    "AVX2_VNNI": "Haswell",
    "AVX2_VNNI_2": "Haswell",
    "AVX512_CORE": "SkylakeX",
    "AVX512_CORE_VNNI": "SkylakeX",
    "AVX512_CORE_BF16": "Cooperlake",
    "AVX512_CORE_FP16": "SapphireRapids",
    "AVX512_CORE_AMX": "SapphireRapids",
    "AVX512_CORE_AMX_FP16": "SapphireRapids",
}
PROBE = """
import json, sys
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from common import matmul_peak, start_tf
tf = start_tf()
print(json.dumps(matmul_peak(tf)))
"""


class EmulationError(RuntimeError):
    """The emulated CPU could not be set up; the message says why and what to do."""


def find_cpu_controller() -> tuple[Path, str]:
    v1 = Path("/sys/fs/cgroup/cpu")
    if (v1 / "cpu.cfs_quota_us").exists():
        return v1, "v1"
    for v2 in (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified")):
        controllers = v2 / "cgroup.subtree_control"
        if controllers.exists() and "cpu" in controllers.read_text().split():
            return v2, "v2"
    raise EmulationError(
        "no cgroup CPU controller found: looked for /sys/fs/cgroup/cpu (cgroup v1) and a "
        "cgroup v2 hierarchy with 'cpu' in cgroup.subtree_control. Run on Linux as root, "
        "outside a container that hides the cgroup tree"
    )


class Group:
    """One cgroup for the emulated machine; `set_quota(cpus)` caps its total CPU time."""

    def __init__(self) -> None:
        base, self.version = find_cpu_controller()
        self.path = base / f"course-emulate-{os.getpid()}"
        try:
            self.path.mkdir()
        except OSError as error:
            raise EmulationError(
                f"cannot create the cgroup {self.path} ({error.strerror}): run as root, "
                "with /sys/fs/cgroup mounted writable"
            ) from None

    def set_quota(self, cpus: float | None) -> None:
        """Cap the group at `cpus` CPUs' worth of time in all (None: no cap)."""
        quota = -1 if cpus is None else max(1000, round(PERIOD_US * cpus))
        try:
            if self.version == "v1":
                (self.path / "cpu.cfs_period_us").write_text(str(PERIOD_US))
                (self.path / "cpu.cfs_quota_us").write_text(str(quota))
            else:
                text = "max" if quota == -1 else str(quota)
                (self.path / "cpu.max").write_text(f"{text} {PERIOD_US}")
        except OSError as error:
            raise EmulationError(
                f"cannot set the CPU quota of {self.path} ({error.strerror}): the cgroup "
                "CPU controller refused it; run as root, outside a container that limits it"
            ) from None

    def join(self) -> None:  # runs in the child between fork and exec
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def pids(self) -> list[int]:
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def remove(self) -> None:
        """Kill whatever still runs in the group, then remove it."""
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for _ in range(50):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.1)
        print(f"emulate_cpu: could not remove {self.path}; rmdir it by hand", file=sys.stderr)


def matmul(group: Group, env: dict) -> float:
    """TF float32 matmul GFLOP/s, measured in a fresh process inside the group."""
    code = PROBE.format(root=str(ROOT), bench=str(ROOT / "benchmarks"))
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        preexec_fn=group.join,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise EmulationError(f"the matmul probe failed:\n{out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])["tf_gflops"]


def calibrate(
    set_quota: Callable[[float | None], None],
    measure: Callable[[], float],
    target: float,
    ncpu: int,
) -> tuple[float, float, float]:
    """Find the quota (in CPUs) at which `measure()` reads `target` GFLOP/s.

    Returns (unlimited reading, quota, reading under the quota). Raises EmulationError if
    the target is above the unlimited speed or no reading in ATTEMPTS tries is within 5%.
    """
    set_quota(None)
    free = measure()
    if target > free * (1 + TOLERANCE):
        raise EmulationError(
            f"the target {target:.0f} GFLOP/s is above this machine's {free:.0f} with these "
            f"kernels: give --gflops below {free:.0f}"
        )
    cpus = min(ncpu, ncpu * target / free)
    for _ in range(ATTEMPTS):  # a throttled benchmark is noisy: correct and measure again
        set_quota(cpus)
        measured = measure()
        if abs(measured / target - 1) <= TOLERANCE:
            return free, cpus, measured
        cpus = min(ncpu, cpus * target / measured)
    raise EmulationError(
        f"calibration missed: matmul read {measured:.0f} GFLOP/s under the last quota, "
        f"target {target:.0f} (more than {TOLERANCE:.0%} off after {ATTEMPTS} tries); is "
        "something else loading the machine?"
    )


def _stop(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds through `finally`, which removes the group


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gflops", type=float, default=80.0, help="TF matmul GFLOP/s to emulate")
    parser.add_argument(
        "--isa", default="AVX2", type=str.upper, choices=sorted(ISAS),
        help="ONEDNN_MAX_CPU_ISA (default AVX2)",
    )  # fmt: skip
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --, e.g. -- python benchmarks/...")
    if args.gflops <= 0:
        parser.error(f"--gflops must be positive, got {args.gflops}")

    sys.path.insert(0, str(ROOT))
    from course_utils.env import cpu_info

    env = dict(
        os.environ,
        ONEDNN_MAX_CPU_ISA=args.isa,
        OPENBLAS_CORETYPE=ISAS[args.isa],
        TF_CPP_MIN_LOG_LEVEL="3",
    )
    ncpu = len(os.sched_getaffinity(0))
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    group = None
    try:
        group = Group()
        free, cpus, measured = calibrate(
            group.set_quota, lambda: matmul(group, env), args.gflops, ncpu
        )
        share = f"{cpus:.2f} CPU in all ({cpus / ncpu:.0%} of {ncpu})"
        print(
            f"emulate_cpu: {cpu_info()}; TF matmul with ONEDNN_MAX_CPU_ISA={args.isa}: "
            f"{free:.0f} GFLOP/s unlimited, {measured:.0f} under a quota of {share}, "
            f"target {args.gflops:.0f}",
            flush=True,
        )
        env["COURSE_EMULATED_CPU"] = f"{args.isa} CPU at {measured:.0f} GFLOP/s (quota {share})"
        start = time.perf_counter()
        result = subprocess.run(command, env=env, preexec_fn=group.join)
        seconds = time.perf_counter() - start
        print(
            f"emulate_cpu: exit {result.returncode} after {seconds:.1f} s wall on the emulated "
            f"{measured:.0f}-GFLOP/s {args.isa} CPU",
            flush=True,
        )
        return result.returncode
    except EmulationError as error:
        print(f"emulate_cpu: {error}", file=sys.stderr)
        return 2
    finally:
        if group is not None:
            group.remove()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    sys.exit(main())
