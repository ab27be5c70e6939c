"""Exercises of ``03_keras_convnet``: Keras layers, porting TF1 code, augmentation.

The expected answers are computed with ``course_utils.shapes`` and with Keras itself
(the reference layers are built and compared by behaviour), so no value is typed in.
Keras is imported only when an exercise is graded, never when the registry loads.
"""

from __future__ import annotations

from course_utils.exercises.lecture03 import layers, training
from course_utils.exercises.lecture03._common import EXTRA_LAYERS, PORTED, SHIFT, _train_count

__all__ = ["EXERCISES", "EXTRA_LAYERS", "PORTED", "SHIFT", "_train_count"]

EXERCISES = [*layers.EXERCISES, *training.EXERCISES]
