"""Exercises of lecture 07 on scaling: the learning rate for a larger global batch, the
images per replica, and the factor a per-replica mean puts on the gradient."""

from __future__ import annotations

import numpy as np

from course_utils.exercises._core import Exercise, Int, Mistake, Number

# 07.1: one device, batch 64 at lr 0.05; then 4 workers x 2 GPUs, 64 images per replica.
BASE_BATCH, BASE_LR, WORKERS, GPUS_PER_WORKER = 64, 0.05, 4, 2
# 07.2: 2 workers x 4 GPUs, global batch 512.
GLOBAL_BATCH, WORKERS_2, GPUS_2 = 512, 2, 4
# 07.4: 4 replicas, each averages its own share.
REPLICAS_4 = 4


def _scaled_lr(replicas: int = WORKERS * GPUS_PER_WORKER) -> float:
    """Linear scaling: the learning rate grows with the global batch."""
    global_batch = BASE_BATCH * replicas
    return BASE_LR * global_batch / BASE_BATCH


def _per_replica(replicas: int = WORKERS_2 * GPUS_2) -> int:
    return GLOBAL_BATCH // replicas


def _per_replica_mean_factor(replicas: int = REPLICAS_4, per_replica: int = 8) -> float:
    """Sum of per-replica-mean gradients over the true gradient, for a linear loss."""
    rng = np.random.default_rng(0)
    per_example_grads = rng.normal(size=(replicas, per_replica, 5))  # d loss_i / d w
    true = per_example_grads.reshape(-1, 5).mean(axis=0)
    summed = per_example_grads.mean(axis=1).sum(axis=0)
    return float(np.round(np.linalg.norm(summed) / np.linalg.norm(true), 9))


def _close(target):
    return lambda value: abs(float(value) - target) < 1e-9


EXERCISES = [
    Exercise(
        id="07.1",
        task=(
            "Batch 64 at learning rate 0.05 on one device; then 4 workers × 2 GPUs with 64 "
            "images per replica. The learning rate by the linear scaling rule."
        ),
        form=Number("the learning rate"),
        solve=_scaled_lr,
        reason=lambda lr: (
            f"Correct: the global batch grew {lr / BASE_LR:g}× (to "
            f"{BASE_BATCH * WORKERS * GPUS_PER_WORKER}), and so does the learning rate, to "
            f"{lr:g}; Goyal et al. also warm up to it over the first epochs."
        ),
        hint=(
            "Work out the global batch (replicas × images per replica), then scale the "
            "learning rate by global batch / 64."
        ),
        mistakes=[
            Mistake(
                "That is the old learning rate: the global batch is larger now, so each step "
                "averages over more images and the linear rule scales the rate up with it.",
                example=lambda: BASE_LR,
            ),
            Mistake(
                "You scaled by the number of workers only: every GPU is a replica, so count "
                "workers × GPUs per worker.",
                example=lambda: _scaled_lr(WORKERS),
            ),
            Mistake(
                "You scaled by the GPUs of one worker only: the replicas of all workers "
                "share one global batch.",
                example=lambda: _scaled_lr(GPUS_PER_WORKER),
            ),
            Mistake(
                "You divided: a larger global batch gives a less noisy gradient, and the "
                "linear rule multiplies the learning rate, not divides it.",
                example=lambda: BASE_LR / (WORKERS * GPUS_PER_WORKER),
            ),
            Mistake(
                "That is the square-root rule; the task asks for the linear scaling rule.",
                example=lambda: BASE_LR * np.sqrt(WORKERS * GPUS_PER_WORKER),
            ),
            Mistake(
                "You multiplied by the global batch itself: scale by the ratio of the new "
                "global batch to the old batch of 64.",
                example=lambda: BASE_LR * BASE_BATCH * WORKERS * GPUS_PER_WORKER,
            ),
        ],
        explanation="""
```python
replicas = 4 * 2                # every GPU of every worker is a replica
global_batch = 64 * replicas    # images per step, over all replicas
answer = 0.05 * global_batch / 64
```
The linear scaling rule (Goyal et al., 2017, "Accurate, Large Minibatch SGD") keeps the
learning rate per image constant: 8× the global batch, 8× the learning rate. It holds up to
a point, and they warm the rate up over the first epochs; tune from there.
""",
    ),
    Exercise(
        id="07.2",
        task=(
            "2 workers × 4 GPUs, one replica per GPU, global batch 512: the images per "
            "replica per step."
        ),
        form=Int("the images per replica"),
        solve=_per_replica,
        reason="Correct: the global batch is split evenly over all 8 replicas.",
        hint="Count the replicas over all workers, then divide the global batch among them.",
        mistakes=[
            Mistake(
                "You divided by the workers only: each worker's share is split again over "
                "its 4 GPUs.",
                example=lambda: _per_replica(WORKERS_2),
            ),
            Mistake(
                "You divided by the GPUs of one worker only: the global batch spans both workers.",
                example=lambda: _per_replica(GPUS_2),
            ),
            Mistake(
                "The global batch is the total over all replicas, not the batch of each: "
                "divide it.",
                example=lambda: GLOBAL_BATCH,
            ),
            Mistake(
                "That is the global batch times the replicas; the global batch is already "
                "the total.",
                example=lambda: GLOBAL_BATCH * WORKERS_2 * GPUS_2,
            ),
        ],
        explanation="""
```python
replicas = 2 * 4
answer = 512 // replicas
```
`strategy.num_replicas_in_sync` counts the replicas over all workers; in a custom loop,
`experimental_distribute_dataset` hands each replica `global_batch // replicas` images.
""",
    ),
    Exercise(
        id="07.4",
        task=(
            "4 replicas each take tf.reduce_mean over their own share and the gradients are "
            "summed: the factor between the summed and the single-device gradient."
        ),
        form=Number("the factor"),
        solve=_per_replica_mean_factor,
        reason=lambda f: (
            f"Correct: each replica divides by its own share, 1/{f:g} of the global batch, "
            f"so each term is {f:g}× too big, and so is their sum."
        ),
        hint=(
            "Write both losses as sums over the images: the true loss divides by the "
            "global batch, a replica's mean divides by its own share."
        ),
        mistakes=[
            Mistake(
                "The mistake does not cancel: the sum of 4 means is 4 times the mean of the "
                "whole batch (when the shares are equal).",
                example=lambda: 1.0,
            ),
            Mistake(
                "Inverted: a replica's mean divides by fewer images than the global mean, "
                "so it is larger, not smaller.",
                example=lambda: 1 / _per_replica_mean_factor(),
            ),
            Mistake(
                "2 is the replica count of this lecture's run; here there are 4 replicas.",
                example=lambda: 2.0,
            ),
        ],
        explanation="""
```python
replicas = 4
# true loss: sum(l_i) / B;  replica r: sum over its B/4 images / (B/4)
answer = replicas * 1.0   # sum over r of 4 * sum_r(l_i) / B  =  4 * true loss
```
Each replica's mean is `4/B` times its partial sum instead of `1/B`, so the summed gradient
is 4× the true one. With plain SGD that is a learning rate silently 4× too high; Adam,
which divides by the gradient's own scale, would take nearly the same steps.
`tf.nn.compute_average_loss(per_example, global_batch_size=B)` divides by `B`.
""",
    ),
]
