"""Lecture 7's scaling figures: 1 against 2 replicas (MirroredStrategy over 2 logical CPUs)
and 1 against 2 workers (MultiWorkerMirroredStrategy, processes on 127.0.0.1 started by
course_utils.launcher), training the lecture-2 net at the same global batch.

Run from the repository root: ``python benchmarks/bench_distribute.py``. Every variant runs
in a fresh process (logical devices are fixed when TF starts). Prints a table; no file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GLOBAL_BATCH, WARMUP, STEPS = 64, 3, 20


def worker(mode: str, replicas: int) -> None:
    """Train the lecture-2 net for WARMUP + STEPS steps; print the timed steps per second."""
    import numpy as np
    import tensorflow as tf

    from course_utils.models import Lecture2Net

    if mode == "mirrored":
        cpu = tf.config.list_physical_devices("CPU")[0]
        logical = [tf.config.LogicalDeviceConfiguration()] * replicas
        tf.config.set_logical_device_configuration(cpu, logical)
        strategy = tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(replicas)])
    else:
        strategy = tf.distribute.MultiWorkerMirroredStrategy()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(GLOBAL_BATCH * 4, 28, 28, 1)).astype("float32")
    y = rng.integers(0, 10, size=GLOBAL_BATCH * 4).astype("int32")
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).repeat().batch(GLOBAL_BATCH)
    batches = iter(strategy.experimental_distribute_dataset(dataset))
    with strategy.scope():
        net = Lecture2Net(seed=0)
    variables = list(net.variables_by_name.values())

    def replica_step(xb, yb):
        with tf.GradientTape() as tape:
            per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(yb, net(xb))
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=GLOBAL_BATCH)
        grads = tf.distribute.get_replica_context().all_reduce(
            "sum", tape.gradient(loss, variables)
        )
        for variable, grad in zip(variables, grads, strict=True):
            variable.assign_sub(0.01 * grad)
        return loss

    @tf.function
    def train_step(batch):
        return strategy.reduce("sum", strategy.run(replica_step, args=batch), axis=None)

    for _ in range(WARMUP):
        train_step(next(batches)).numpy()
    start = time.perf_counter()
    for _ in range(STEPS):
        loss = train_step(next(batches))
    loss.numpy()
    rate = STEPS / (time.perf_counter() - start)
    print("RESULT", json.dumps({"replicas": strategy.num_replicas_in_sync, "steps_per_s": rate}))


def _result(lines: list[str]) -> dict:
    return json.loads(next(line for line in lines if line.startswith("RESULT")).split(" ", 1)[1])


def main() -> None:
    from course_utils.env import cpu_info
    from course_utils.launcher import run_workers

    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}
    rows = []
    for replicas in (1, 2):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", "mirrored", str(replicas)],
            capture_output=True, text=True, timeout=600, env=env, check=True,
        )  # fmt: skip
        rows.append(
            (
                f"MirroredStrategy, {replicas} logical CPU device(s)",
                _result(out.stdout.splitlines()),
            )
        )
    for workers in (1, 2):
        logs = run_workers(
            __file__, workers, args=["--worker", "multi", "1"], timeout=600, echo=False, env=env
        )
        rows.append(
            (f"MultiWorkerMirroredStrategy, {workers} worker(s)", _result(logs["worker-0"]))
        )
    print(f"CPU: {cpu_info()}; global batch {GLOBAL_BATCH}, {STEPS} timed steps")
    base = rows[0][1]["steps_per_s"]
    for label, found in rows:
        rate = found["steps_per_s"]
        print(f"{label:45s} {rate:6.2f} steps/s  ({rate / base:.2f}x the 1-replica run)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]))
    else:
        main()
