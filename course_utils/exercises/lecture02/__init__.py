"""Exercises of ``02_lowlevel_convnet_mnist``: shapes, counts, initialisation, dropout.

The net is lecture 2's: conv 5×5/32 SAME → max-pool 2 → conv 5×5/64 SAME → max-pool 2 →
flatten → dense 1,024 → dense 10, on 28×28 grey images. Expected values are computed
with :mod:`course_utils.shapes` (checked against TF in its tests) or with TensorFlow.
"""

from __future__ import annotations

from course_utils.exercises.lecture02 import dropout, flatten, parameters
from course_utils.exercises.lecture02._common import SIDES

__all__ = ["EXERCISES", "SIDES"]

EXERCISES = [*parameters.EXERCISES, *flatten.EXERCISES, *dropout.EXERCISES]
