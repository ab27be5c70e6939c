"""Lecture 7's worker script: a small convnet trained under MultiWorkerMirroredStrategy.

:mod:`course_utils.launcher` starts this file once per worker, each with its own
``TF_CONFIG``; run alone it is a cluster of one. It trains on the shipped MNIST digits in
a custom loop (with 2 workers, Keras 3.15.1's ``fit`` raised a ``ValueError`` about a
``PerReplica`` value when we tried it), saves a checkpoint every ``--save-every`` steps and
resumes from the latest one when started again. Every worker saves, as TF's multi-worker
guide does it, but only the chief (worker 0) writes into ``--out``; the others write to a
temporary folder that they delete. ``--fail-at STEP`` makes the
last worker exit with status 3 at that step, to show a failure and the restart.
``--try-fit`` then tries Keras ``fit`` on a small model under the same strategy and prints
how it ended, to show what happens on the pinned versions.

Log lines, parsed by the tests and lecture 7: ``joining a cluster of W worker(s) as worker
I``, ``resumed from step N`` (0 for a fresh start), ``step N loss L``, ``rate R steps/s`` and
``cpu C ms/step`` (this process's CPU time; both over the steps of this run after its
first, which traces the graph), ``weights <sha256 of the weights>``, ``done N``, and with
``--try-fit`` one ``fit: ...`` line.

Importing the module does not import TensorFlow; :func:`main` does.

Examples
--------
>>> build_parser().parse_args(["--out", "run"]).steps
200
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time

__all__ = ["build_parser", "main", "scratch_folder"]


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser of the worker script."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the chief's checkpoint folder")
    parser.add_argument("--steps", type=int, default=200, help="train until this step")
    parser.add_argument("--global-batch", type=int, default=64, help="over all replicas")
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--save-every", type=int, default=50, help="checkpoint period")
    parser.add_argument("--log-every", type=int, default=50, help="print the loss this often")
    parser.add_argument("--fail-at", type=int, default=None, help="last worker exits here")
    parser.add_argument("--try-fit", action="store_true", help="then try Keras fit")
    return parser


def scratch_folder(out: str, index: int) -> str:
    """Return the temporary folder where non-chief worker ``index`` saves, for ``--out out``.

    It has a fixed name, so that a run after a crash removes what the crashed one left;
    the worker deletes it when it ends.

    Examples
    --------
    >>> import os
    >>> os.path.basename(scratch_folder("run", 1)).startswith("course-ckpt-")
    True
    """
    tag = hashlib.sha256(os.path.abspath(out).encode()).hexdigest()[:12]
    return os.path.join(tempfile.gettempdir(), f"course-ckpt-{tag}-{index}")


def main(argv: list[str] | None = None) -> None:
    """Train, checkpoint and resume as the command line says (see the module docstring)."""
    options = build_parser().parse_args(argv)
    import numpy as np

    from course_utils.data import load_mnist
    from course_utils.env import _import_tensorflow_quietly

    tf, _ = _import_tensorflow_quietly()  # TF's start-up log lines would bury the worker's
    config = json.loads(os.environ.get("TF_CONFIG") or "{}")  # none: a cluster of one
    index = config.get("task", {}).get("index", 0)
    workers = len(config.get("cluster", {}).get("worker", [])) or 1
    is_chief, last_worker = index == 0, index == workers - 1
    print(f"joining a cluster of {workers} worker(s) as worker {index}", flush=True)
    tf.config.experimental.enable_op_determinism()  # a resumed run repeats a whole one
    strategy = tf.distribute.MultiWorkerMirroredStrategy()

    (x, y), _ = load_mnist("shipped", verbose=False)
    x = (x[..., None] / 255.0).astype("float32")
    dataset = tf.data.Dataset.from_tensor_slices((x, y.astype("int32")))
    dataset = dataset.repeat().batch(options.global_batch, drop_remainder=True)

    rng = np.random.default_rng(0)  # the same initial weights on every worker
    shapes = {"conv1": (5, 5, 1, 8), "conv2": (5, 5, 8, 16), "dense": (7 * 7 * 16, 10)}
    with strategy.scope():
        weights = {
            name: tf.Variable(rng.normal(0, (2 / np.prod(s[:-1])) ** 0.5, s).astype("float32"))
            for name, s in shapes.items()
        }
        step = tf.Variable(0, dtype=tf.int64)
    checkpoint = tf.train.Checkpoint(step=step, **weights)
    folder = scratch_folder(options.out, index)
    if is_chief:
        folder = options.out
    else:
        shutil.rmtree(folder, ignore_errors=True)
    manager = tf.train.CheckpointManager(checkpoint, folder, max_to_keep=2)
    latest = tf.train.latest_checkpoint(options.out)  # every worker reads the chief's
    if latest:
        checkpoint.restore(latest)
    print(f"resumed from step {int(step.numpy())}", flush=True)
    # Skip the batches already trained on, so that a resumed run sees what an
    # uninterrupted run would.
    batches = iter(strategy.experimental_distribute_dataset(dataset.skip(int(step.numpy()))))

    def replica_step(images, labels):
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.nn.conv2d(images, weights["conv1"], 1, "SAME"))
            h = tf.nn.max_pool2d(h, 2, 2, "VALID")
            h = tf.nn.relu(tf.nn.conv2d(h, weights["conv2"], 1, "SAME"))
            h = tf.nn.max_pool2d(h, 2, 2, "VALID")
            logits = tf.reshape(h, (-1, 7 * 7 * 16)) @ weights["dense"]
            per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=options.global_batch)
        grads = tape.gradient(loss, list(weights.values()))
        grads = tf.distribute.get_replica_context().all_reduce("sum", grads)
        for variable, grad in zip(weights.values(), grads, strict=True):
            variable.assign_sub(options.learning_rate * grad)
        return loss

    @tf.function
    def train_step(batch):
        return strategy.reduce("sum", strategy.run(replica_step, args=batch), axis=None)

    first, started, cpu_started = int(step.numpy()), time.perf_counter(), time.process_time()
    done = first
    try:
        while step.numpy() < options.steps:
            loss = train_step(next(batches))
            step.assign_add(1)
            done = int(step.numpy())
            if done == first + 1:  # the first step traces the graph: time the rest
                float(loss)
                started, cpu_started = time.perf_counter(), time.process_time()
            if options.fail_at is not None and done == options.fail_at and last_worker:
                print(f"failing on purpose at step {done}", flush=True)
                os._exit(3)  # as a crash would: no clean-up, no goodbye to the others
            if done % options.log_every == 0:
                print(f"step {done} loss {float(loss):.4f}", flush=True)
            if done % options.save_every == 0 or done == options.steps:
                manager.save(checkpoint_number=done)
    finally:
        if not is_chief:
            shutil.rmtree(folder, ignore_errors=True)
    if done > first + 1:
        timed = done - first - 1
        print(f"rate {timed / (time.perf_counter() - started):.1f} steps/s", flush=True)
        cpu_ms = 1000 * (time.process_time() - cpu_started) / timed
        print(f"cpu {cpu_ms:.1f} ms/step", flush=True)
    flat = np.concatenate([v.numpy().ravel() for v in weights.values()])
    print(f"weights {hashlib.sha256(flat.tobytes()).hexdigest()}", flush=True)
    print(f"done {int(step.numpy())}", flush=True)
    if options.try_fit:
        _try_fit(strategy, dataset, options.global_batch)


def _try_fit(strategy, dataset, global_batch: int) -> None:
    """Train a small Keras model with ``fit`` under ``strategy``; print how it ended."""
    import keras

    with strategy.scope():
        model = keras.Sequential(
            [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)]
        )
        model.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    try:
        model.fit(dataset, steps_per_epoch=5, epochs=1, verbose=0, shuffle=False)
    except Exception as error:  # what fit raises is what this flag is here to show
        text = " ".join(str(error).split())  # its message spans many lines: shorten it
        text = text if len(text) <= 150 else f"{text[:50]} ... {text[-90:]}"
        print(f"fit: {type(error).__name__}: {text}", flush=True)
    else:
        print(f"fit: trained 5 steps of global batch {global_batch}", flush=True)


if __name__ == "__main__":
    # Run as a file, Python puts course_utils/ itself first on sys.path, where data.py or
    # models.py would shadow any top-level module of those names that TF or Keras imports.
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        sys.path.pop(0)
    main(sys.argv[1:])
