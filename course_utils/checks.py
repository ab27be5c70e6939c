"""Two generic instant checks: a pass/fail line, and an answer compared with a value.

The notebooks' exercises go through the registry, :mod:`course_utils.exercises`, which
gives each typical mistake its own hint; these helpers remain for quick checks outside it.
A check never raises on a wrong or missing answer: it prints one line that says whether the
answer is right and, if not, a hint, and returns ``True`` or ``False``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from course_utils.exercises import NOT_ANSWERED

__all__ = ["NOT_ANSWERED", "check", "check_equal"]


def check(passed: bool, success: str, hint: str) -> bool:
    """Print a tick and ``success`` when ``passed``, else a cross and ``hint``; return ``passed``.

    Examples
    --------
    >>> check(1 + 1 == 2, "Right.", "Try again.")
    ✅ Right.
    True
    """
    print(f"✅ {success}" if passed else f"❌ {hint}")
    return bool(passed)


def check_equal(
    answer,
    expected,
    *,
    what: str = "answer",
    hint: str = "",
    atol: float = 0.0,
    normalise: Callable | None = None,
) -> bool:
    """Compare an exercise answer with the expected value (arrays to within ``atol``).

    ``...`` (Ellipsis) or ``None`` counts as "not answered yet".

    Examples
    --------
    >>> check_equal(..., 4)
    ⏳ Not answered yet: replace the `...` in the cell above with your answer.
    False
    >>> check_equal(3, 4, what="the first output value", hint="Multiply, then sum.")
    ❌ the first output value is 3, expected something else. Multiply, then sum.
    False
    >>> check_equal(np.ones(2), [1, 1])
    ✅ Correct: answer is right.
    True
    """
    if answer is ... or answer is None:
        print(f"⏳ {NOT_ANSWERED}")
        return False
    if normalise is not None:
        answer = normalise(answer)
    try:
        a, e = np.asarray(answer), np.asarray(expected)
        ok = a.shape == e.shape and (
            np.allclose(a, e, atol=atol, rtol=0) if atol else bool(np.all(a == e))
        )
    except (TypeError, ValueError):
        ok = answer == expected
    # repr: a string answer "3" must not look like the number 3 in the message
    shown = repr(answer) if np.size(answer) <= 8 else f"an array of shape {np.shape(answer)}"
    return check(
        ok,
        f"Correct: {what} is right.",
        f"{what} is {shown}, expected something else. {hint}".strip(),
    )
