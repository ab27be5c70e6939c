"""Exercises of ``05_modern_blocks``: batch norm by hand, the cost of bottlenecks and
separable convolutions, a MobileNet block as code, and the sampling error of a test set.

Every expected value is computed here from the problem, with :mod:`course_utils.blocks`,
:mod:`course_utils.costs` or Keras; none is typed in.
"""

from __future__ import annotations

from course_utils.exercises.lecture05 import code, numbers

__all__ = ["EXERCISES"]

EXERCISES = [*numbers.EXERCISES[:3], *code.EXERCISES, *numbers.EXERCISES[3:]]
