"""Start several worker processes on this machine, each with its own ``TF_CONFIG``.

A multi-worker TensorFlow job (``tf.distribute.MultiWorkerMirroredStrategy``) is one
Python script started once per worker; each copy learns the cluster and its own place
in it from the ``TF_CONFIG`` environment variable. :class:`WorkerGroup` does on one
machine what a cluster manager does on many: it picks a free port per worker on
127.0.0.1, starts the processes, prints each worker's log lines prefixed with its name,
bounds every wait with a timeout, and stops every process it started, also when the
caller fails or is interrupted. Plain Python; it never imports TensorFlow.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_utils._validate import integer
from course_utils.cluster import HOST, make_tf_config, pick_free_ports

__all__ = ["HOST", "Worker", "WorkerError", "WorkerGroup", "WorkerTimeoutError"]
__all__ += ["leftover_processes", "make_tf_config", "pick_free_ports", "run_workers"]


class WorkerError(RuntimeError):
    """A worker exited with a non-zero status; the message names it and shows its log tail."""


class WorkerTimeoutError(TimeoutError):
    """The workers did not all finish within the timeout; they were killed."""


@dataclass
class Worker:
    """One worker process: its name, ``TF_CONFIG``, process and last log lines."""

    name: str
    tf_config: dict
    process: subprocess.Popen
    log: deque = field(default_factory=lambda: deque(maxlen=200))
    reader: threading.Thread | None = None

    def tail(self, lines: int = 10) -> str:
        """Return the worker's last ``lines`` log lines as one indented block."""
        return "\n".join(f"    {line}" for line in list(self.log)[-lines:]) or "    (no output)"


def _stream(worker: Worker, lines: queue.Queue) -> None:
    """Read the worker's merged stdout and stderr line by line until it closes."""
    for raw in worker.process.stdout:
        line = raw.rstrip("\n")
        worker.log.append(line)
        lines.put((worker.name, line))
    lines.put((worker.name, None))


class WorkerGroup:
    """Start ``num_workers`` copies of a Python script as one TF cluster on 127.0.0.1.

    Use it as a context manager: leaving the ``with`` block (normally, on an error, on
    ``KeyboardInterrupt``) stops every process it started, with SIGTERM and then SIGKILL.

    Parameters
    ----------
    script : str or Path
        The worker script; every worker runs ``python script *args``.
    num_workers : int
        How many workers; worker 0 is the chief.
    args : sequence of str
        Extra command-line arguments for every worker.
    timeout : float
        Seconds :meth:`wait` lets the workers run before it kills them.
    env : mapping, optional
        Extra environment variables for every worker (on top of this process's).
    echo : bool
        Print each log line as ``[worker-i] line`` while waiting.
    indices : sequence of int, optional
        Which workers to start here (default: all). The others are in the cluster but
        expected to start elsewhere; leaving one out shows what a missing worker does.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hello.py"
    >>> _ = path.write_text("import json, os; print(json.loads(os.environ['TF_CONFIG'])['task'])")
    >>> with WorkerGroup(path, num_workers=2, timeout=60, echo=False) as group:
    ...     logs = group.wait()
    >>> logs["worker-1"]
    ["{'type': 'worker', 'index': 1}"]
    """

    def __init__(
        self,
        script: str | Path,
        num_workers: int = 2,
        *,
        args: Sequence[str] = (),
        timeout: float = 120.0,
        env: Mapping[str, str] | None = None,
        echo: bool = True,
        indices: Sequence[int] | None = None,
    ) -> None:
        if not isinstance(script, str | Path):
            raise TypeError(f"script must be a path to a Python file, got {script!r}")
        if not Path(script).is_file():
            raise ValueError(f"script must be an existing Python file, got {str(script)!r}")
        self.num_workers = integer("num_workers", num_workers, 1)
        wrong_type = isinstance(timeout, bool) or not isinstance(timeout, int | float)
        if wrong_type or not timeout > 0:
            error = TypeError if wrong_type else ValueError
            raise error(f"timeout must be a number of seconds > 0, got {timeout!r}")
        if isinstance(args, str) or not all(isinstance(a, str) for a in args):
            raise TypeError(f"args must be a sequence of str, got {args!r}")
        if indices is None:
            indices = range(self.num_workers)
        if isinstance(indices, str) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < self.num_workers
            for i in indices
        ):
            raise ValueError(
                f"indices must be worker numbers in [0, {self.num_workers}), got {indices!r}"
            )
        if not indices or len(set(indices)) != len(indices):
            raise ValueError(f"indices must name at least one worker, once each, got {indices!r}")
        self.indices = sorted(indices)
        self.script = Path(script)
        self.args = list(args)
        self.timeout = float(timeout)
        self.env = dict(env or {})
        self.echo = echo
        self.workers: list[Worker] = []
        self._lines: queue.Queue = queue.Queue()

    @property
    def addresses(self) -> list[str]:
        """The ``host:port`` of every worker, chief first."""
        return [
            w.tf_config["cluster"]["worker"][w.tf_config["task"]["index"]] for w in self.workers
        ]

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers started."""
        return [w.process.pid for w in self.workers]

    def start(self) -> WorkerGroup:
        """Pick the ports and start every worker (called by ``with``)."""
        if self.workers:
            raise RuntimeError("this WorkerGroup has already started its workers")
        addresses = [f"{HOST}:{port}" for port in pick_free_ports(self.num_workers)]
        try:
            for index in self.indices:
                tf_config = make_tf_config(addresses, index)
                env = {**os.environ, **self.env, "PYTHONUNBUFFERED": "1"}
                env["TF_CONFIG"] = json.dumps(tf_config)
                # gRPC honours http_proxy: keep the workers' own traffic off any proxy.
                bypass = [env.get("no_proxy") or env.get("NO_PROXY") or "", HOST, "localhost"]
                env["no_proxy"] = env["NO_PROXY"] = ",".join(filter(None, bypass))
                process = subprocess.Popen(
                    [sys.executable, str(self.script), *self.args],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    errors="replace",
                    start_new_session=True,  # its own process group: stop() reaches its children
                )
                worker = Worker(f"worker-{index}", tf_config, process)
                self.workers.append(worker)
                worker.reader = threading.Thread(
                    target=_stream, args=(worker, self._lines), daemon=True
                )
                worker.reader.start()
        except BaseException:
            self.stop()
            raise
        return self

    def wait(self) -> dict[str, list[str]]:
        """Wait until every worker exits; return each worker's log lines by name.

        Raises :class:`WorkerError` as soon as a worker exits with a non-zero status, and
        :class:`WorkerTimeoutError` when ``timeout`` seconds pass first; either way every
        worker is stopped before the error is raised.
        """
        if not self.workers:
            raise RuntimeError("start the workers first (use the WorkerGroup in a with block)")
        deadline = time.monotonic() + self.timeout
        logs: dict[str, list[str]] = {w.name: [] for w in self.workers}
        open_streams = len(self.workers)
        try:
            while open_streams:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._fail_timeout()
                try:
                    name, line = self._lines.get(timeout=min(remaining, 0.5))
                except queue.Empty:
                    self._check_exits()
                    continue
                if line is None:
                    self._check_exits()
                    open_streams -= 1
                    continue
                logs[name].append(line)
                if self.echo:
                    print(f"[{name}] {line}", flush=True)
            for worker in self.workers:
                try:
                    worker.process.wait(timeout=max(deadline - time.monotonic(), 0.01))
                except subprocess.TimeoutExpired:
                    self._fail_timeout()
            self._check_exits()
        except BaseException:
            self.stop()
            raise
        return logs

    def _check_exits(self) -> None:
        """Raise WorkerError naming every worker that exited with a non-zero status."""
        failed = [w for w in self.workers if w.process.poll() not in (None, 0)]
        for worker in failed:
            worker.reader.join(timeout=5.0)  # collect its last lines first
        if failed:
            # When one worker dies its peers often fail too (their collectives abort): name all.
            raise WorkerError(
                "\n".join(
                    f"{w.name} (pid {w.process.pid}) exited with status {w.process.returncode}; "
                    f"its last log lines:\n{w.tail()}"
                    for w in failed
                )
            )

    def _fail_timeout(self) -> None:
        running = [w for w in self.workers if w.process.poll() is None]
        details = "\n".join(f"{w.name} (still running), last lines:\n{w.tail()}" for w in running)
        absent = [f"worker-{i}" for i in range(self.num_workers) if i not in self.indices]
        if absent:
            details += f"\nnot started by this launcher: {', '.join(absent)}"
        self.stop()
        raise WorkerTimeoutError(
            f"the workers did not finish within {self.timeout:g} s and were killed\n{details}"
        )

    def stop(self, grace: float = 5.0) -> None:
        """Stop every worker and every process it started: SIGTERM, then SIGKILL after ``grace`` s.

        Each worker leads a process group; a group is done when no live process is left in
        it, not merely when its worker has exited (a child may outlive or ignore SIGTERM).
        """
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for worker in self.workers:
                _signal_group(worker.process, sig)
            deadline = time.monotonic() + grace
            for worker in self.workers:
                try:
                    worker.process.wait(timeout=max(deadline - time.monotonic(), 0.01))
                except subprocess.TimeoutExpired:
                    pass
            while leftover_processes(self.pids) and time.monotonic() < deadline:
                time.sleep(0.05)
            if not leftover_processes(self.pids):
                break
        for worker in self.workers:
            if worker.reader is not None:
                worker.reader.join(timeout=2.0)
            if worker.process.stdout and not (worker.reader and worker.reader.is_alive()):
                worker.process.stdout.close()

    def __enter__(self) -> WorkerGroup:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    """Send ``sig`` to the group the worker leads, while that group is surely ours.

    It is while the worker is unreaped (its pid is ours), and after that while a live
    process is still in the group (the kernel gives no new process an id in use as a
    group's id).
    """
    if process.poll() is not None and not leftover_processes([process.pid]):
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, sig)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass  # the group is gone already


def leftover_processes(pids: Sequence[int]) -> list[int]:
    """Return the pids among ``pids`` whose process group still has a live process.

    Each worker leads its own process group, so this finds a worker still running and
    any process it started (zombies, dead but not yet reaped, do not count). An empty
    list means nothing the workers started is left.

    Examples
    --------
    >>> leftover_processes([])
    []
    """
    if isinstance(pids, str | int) or not all(
        isinstance(p, int) and not isinstance(p, bool) and p > 0 for p in pids
    ):
        raise TypeError(f"pids must be a sequence of positive ints, got {pids!r}")
    proc = Path("/proc")
    if proc.is_dir():  # Linux: a zombie (dead, not yet reaped) is not a live process
        live_groups = set()
        for stat in proc.glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended while we looked
            if fields[0] != "Z":
                live_groups.add(int(fields[2]))
        return [pid for pid in pids if pid in live_groups]
    left = []
    for pid in pids:
        try:
            os.killpg(pid, 0)  # signal 0: only asks whether the group exists
        except ProcessLookupError:
            continue
        except PermissionError:
            pass  # it exists, owned by someone else (a reused id)
        left.append(pid)
    return left


def run_workers(script: str | Path, num_workers: int = 2, **options: Any) -> dict[str, list[str]]:
    """Run ``num_workers`` copies of ``script`` as a cluster and return their log lines.

    The one-call form of :class:`WorkerGroup`: start, wait, stop. ``options`` are its
    keyword arguments (``args``, ``timeout``, ``env``, ``echo``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hi.py"
    >>> _ = path.write_text("print('hello')")
    >>> run_workers(path, num_workers=2, timeout=60, echo=False)
    {'worker-0': ['hello'], 'worker-1': ['hello']}
    """
    with WorkerGroup(script, num_workers, **options) as group:
        return group.wait()
