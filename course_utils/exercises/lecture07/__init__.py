"""Exercises of ``07_scaling_out``: global batch and learning rate, replicas, ``TF_CONFIG``,
loss scaling, input-bound steps and resuming from a checkpoint.

Every expected value is computed here from the problem (with NumPy, or with
:func:`course_utils.cluster.make_tf_config`); none is typed in.
"""

from __future__ import annotations

from course_utils.exercises.lecture07 import jobs, scaling

__all__ = ["EXERCISES"]

# In id order: the registry numbers them 07.1, 07.2, ... and checks it.
EXERCISES = sorted([*scaling.EXERCISES, *jobs.EXERCISES], key=lambda e: int(e.id.split(".")[1]))
