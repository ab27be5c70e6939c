"""The exercise registry: every notebook exercise, checked without its answer in sight.

A student's cell reads::

    answer = ...  # your answer
    exercises.check("04.1", answer)

:func:`check` prints one line (✅ with a reason, ❌ with a hint, or ⏳ while the answer
is still ``...``) and returns ``None``. :func:`grade` returns the same verdict without
printing. :func:`solution` returns a reference answer and :func:`reveal` prints the
worked solution, for a student who has tried or for an instructor.

Exercise ids are ``"NN.k"``: the notebook number and the exercise number. Each lecture's
exercises live in their own module (``lecture00``, ``lecture01``, ...); importing this
package does not import TensorFlow.

Examples
--------
>>> "00.1" in ids()
True
>>> check("00.1", ...)
⏳ Not answered yet: replace the `...` in the cell above with your answer.
>>> grade("00.1", "12").passed
False
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

from course_utils.exercises._core import (
    NOT_ANSWERED,
    Exercise,
    Form,
    FormError,
    Mistake,
    Verdict,
)

__all__ = [
    "NOT_ANSWERED",
    "Exercise",
    "Form",
    "FormError",
    "Mistake",
    "Verdict",
    "check",
    "get",
    "grade",
    "ids",
    "reveal",
    "solution",
]


def _lecture_modules() -> list[str]:
    """The modules ``lectureNN`` of this package, in course order; each defines
    ``EXERCISES``, a list of :class:`Exercise` whose ids are ``"NN.1"``, ``"NN.2"``, ..."""
    names = (m.name for m in pkgutil.iter_modules(__path__))
    return sorted(n for n in names if re.fullmatch(r"lecture\d\d", n))


_REGISTRY: dict[str, Exercise] | None = None


def _registry() -> dict[str, Exercise]:
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[str, Exercise] = {}
        for name in _lecture_modules():
            module = importlib.import_module(f"{__name__}.{name}")
            number = name.removeprefix("lecture")
            for k, exercise in enumerate(module.EXERCISES, start=1):
                want = f"{number}.{k}"
                if exercise.id != want:
                    raise RuntimeError(f"{name}: exercise {k} has id {exercise.id!r}, not {want!r}")
                found[exercise.id] = exercise
        _REGISTRY = found
    return _REGISTRY


def ids() -> list[str]:
    """Every exercise id, in course order.

    Examples
    --------
    >>> ids()[0]
    '00.1'
    """
    return list(_registry())


def get(exercise_id: str) -> Exercise:
    """Return the :class:`Exercise` registered as ``exercise_id``.

    Raises
    ------
    KeyError
        For an unknown id; the message lists the valid ones.
    """
    registry = _registry()
    if not isinstance(exercise_id, str):
        raise TypeError(
            f"exercise_id must be a string such as '04.1', got {type(exercise_id).__name__} "
            f"{exercise_id!r}"
        )
    if exercise_id not in registry:
        raise KeyError(
            f"no exercise {exercise_id!r}; exercise_id must be one of: {', '.join(registry)}"
        )
    return registry[exercise_id]


def grade(exercise_id: str, answer: Any) -> Verdict:
    """Grade ``answer`` to exercise ``exercise_id`` without printing.

    Examples
    --------
    >>> verdict = grade("00.1", ...)
    >>> verdict.passed, verdict.status
    (False, 'unanswered')
    """
    return get(exercise_id).grade(answer)


def check(exercise_id: str, answer: Any) -> None:
    """Print the verdict on ``answer`` in one line (✅, ❌ with a hint, or ⏳); return None."""
    print(grade(exercise_id, answer))


def solution(exercise_id: str) -> Any:
    """Return a reference answer to ``exercise_id``; it grades as passed."""
    return get(exercise_id).solve()


def reveal(exercise_id: str) -> None:
    """Print the worked solution of ``exercise_id``: the reasoning and the code."""
    exercise = get(exercise_id)
    print(f"Exercise {exercise.id}: {exercise.task}\n\n{exercise.explanation.strip()}")
