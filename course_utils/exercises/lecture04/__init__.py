"""Exercises of ``04_pooling_and_output_size``: output sizes, padding, receptive fields,
pooling and cost.

Every expected value is computed here from the problem, with :mod:`course_utils.shapes`,
:mod:`course_utils.costs` or TensorFlow; none is typed in.
"""

from __future__ import annotations

from course_utils.exercises.lecture04 import fields, pooling, sizes
from course_utils.exercises.lecture04._common import POOL_INPUT, STRIDED

__all__ = ["EXERCISES", "POOL_INPUT", "STRIDED"]

EXERCISES = [*sizes.EXERCISES, *fields.EXERCISES, *pooling.EXERCISES]
