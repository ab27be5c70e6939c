"""Exercises of ``06_inside_a_convnet``: receptive-field positions, occlusion, Grad-CAM,
the randomisation test and FGSM.

Every expected value is computed here from the problem, with :mod:`course_utils.fields`,
:mod:`course_utils.shapes`, :mod:`course_utils.saliency` or
:mod:`course_utils.sanity_checks`; none is typed in. TensorFlow is imported only when an
exercise that needs it is graded, never when the registry loads.
"""

from __future__ import annotations

from course_utils.exercises.lecture06 import maps, positions
from course_utils.exercises.lecture06._common import GRAD_CAM_A, GRAD_CAM_G, NET_LAYERS

__all__ = ["EXERCISES", "GRAD_CAM_A", "GRAD_CAM_G", "NET_LAYERS"]

EXERCISES = [*positions.EXERCISES, *maps.EXERCISES]
