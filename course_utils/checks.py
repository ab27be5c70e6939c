"""Instant checks for the notebook exercises.

A check never raises on a wrong or missing answer, so "Run All" always gets through a
notebook: it prints one line that says whether the answer is right and, if not, a hint,
and returns ``True`` or ``False``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = [
    "check",
    "check_conv_output_shape",
    "check_dropout_rate",
    "check_edge_kernel",
    "check_equal",
    "check_layer_config",
    "check_smoothing_kernel",
]

NOT_ANSWERED = "Not answered yet: replace the `...` in the cell above with your answer."


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
    shown = answer if np.size(answer) <= 8 else f"an array of shape {np.shape(answer)}"
    return check(
        ok,
        f"Correct: {what} is right.",
        f"{what} is {shown}, expected something else. {hint}".strip(),
    )


def _hint(hint: str) -> bool:
    """Print an hourglass for an unanswered exercise, else a cross and the hint; return False."""
    print(f"⏳ {hint}" if hint == NOT_ANSWERED else f"❌ {hint}")
    return False


def _kernel_or_hint(answer, size: int = 3):
    """Return ``(kernel, None)`` for a numeric size×size answer, else ``(None, hint)``."""
    if answer is ... or answer is None:
        return None, NOT_ANSWERED
    try:
        kernel = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None, f"Give the kernel as a {size}×{size} list of lists or array of numbers."
    if kernel.shape != (size, size):
        return None, f"The kernel must be {size}×{size}; yours has shape {kernel.shape}."
    return kernel, None


def check_edge_kernel(answer, direction: str = "vertical") -> bool:
    """Check a 3×3 kernel that detects edges in one direction and ignores flat regions.

    A vertical-edge kernel must give 0 on a flat patch (weights sum to 0), 0 on any
    horizontal edge (every row sums to 0) and a non-zero value on a vertical edge (the
    columns differ); a horizontal-edge kernel is the same with rows and columns swapped.

    Examples
    --------
    >>> check_edge_kernel([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    ✅ Correct: it finds vertical edges and gives 0 on flat regions.
    True
    >>> check_edge_kernel([[1, 0, -1], [2, 1, -2], [1, 0, -1]])
    ❌ The weights sum to 1, so a flat patch of brightness v gives v·1, not 0. Make them sum to 0.
    False
    """
    if direction not in ("vertical", "horizontal"):
        raise ValueError(f"direction must be 'vertical' or 'horizontal', got {direction!r}")
    kernel, hint = _kernel_or_hint(answer)
    if hint:
        return _hint(hint)
    along, across = ("row", "column") if direction == "vertical" else ("column", "row")
    axis = 1 if direction == "vertical" else 0  # sums along each row for vertical edges
    sums = kernel.sum(axis=axis)
    other = "horizontal" if direction == "vertical" else "vertical"
    total = float(kernel.sum())
    if abs(total) > 1e-6:
        return _hint(
            f"The weights sum to {total:g}, so a flat patch of brightness v gives v·{total:g}, "
            "not 0. Make them sum to 0.",
        )
    if np.any(np.abs(sums) > 1e-6):
        return _hint(
            f"It also responds to {other} edges: each {along} must sum to 0 "
            f"(yours sum to {[round(float(s), 6) + 0.0 for s in sums]}).",
        )
    if np.allclose(kernel.sum(axis=1 - axis), 0, atol=1e-6):
        return _hint(
            f"It gives 0 on a {direction} edge too: put positive weights in one {across} "
            f"and negative weights in another.",
        )
    return check(True, f"Correct: it finds {direction} edges and gives 0 on flat regions.", "")


def check_smoothing_kernel(answer) -> bool:
    """Check a 3×3 blur kernel that keeps the brightness: weights >= 0 that sum to 1.

    Examples
    --------
    >>> check_smoothing_kernel(np.full((3, 3), 1 / 9))
    ✅ Correct: it averages neighbours and keeps the brightness of flat regions.
    True
    >>> check_smoothing_kernel(np.ones((3, 3)))
    ❌ The weights sum to 9: a flat patch comes out 9× as bright. Divide every weight by 9.
    False
    """
    kernel, hint = _kernel_or_hint(answer)
    if hint:
        return _hint(hint)
    total = float(kernel.sum())
    if np.any(kernel < 0):
        return _hint(
            "Negative weights subtract neighbours, which sharpens or finds edges; "
            "a blur averages, so use weights >= 0.",
        )
    if abs(total - 1) > 1e-6:
        return _hint(
            f"The weights sum to {total:g}: a flat patch comes out {total:g}× as bright. "
            f"Divide every weight by {total:g}.",
        )
    if np.count_nonzero(kernel) < 2:
        return _hint("Only one weight is non-zero: that copies pixels, it does not blur.")
    return check(
        True, "Correct: it averages neighbours and keeps the brightness of flat regions.", ""
    )


def check_conv_output_shape(
    answer, input_shape, kernel_size: int, strides: int = 1, padding: str = "valid"
) -> bool:
    """Check a predicted ``(height, width)`` of a convolution's output, with TF's rules.

    The hint names the likely slip: the other padding's formula, or a forgotten stride.

    Examples
    --------
    >>> check_conv_output_shape((598, 510), (600, 512), 3)
    ✅ Correct: the output is 598×510.
    True
    >>> check_conv_output_shape((596, 508), (600, 512), 5, padding="same")
    ❌ (596, 508) is the size for 'valid'. With 'same', TF pads so that out = ceil(in / strides).
    False
    """
    from course_utils.shapes import conv_output_size

    def predict(stride, pad):
        return tuple(conv_output_size(n, kernel_size, stride, pad) for n in input_shape[:2])

    expected = predict(strides, padding)
    if answer is ... or answer is None:
        return _hint(NOT_ANSWERED)
    try:
        given = tuple(int(v) for v in answer)
    except (TypeError, ValueError):
        return _hint("Give the shape as a (height, width) pair of ints, e.g. (28, 28).")
    if given == expected:
        return check(True, f"Correct: the output is {expected[0]}×{expected[1]}.", "")
    other = "same" if padding.lower() == "valid" else "valid"
    if given == predict(strides, other):
        rule = (
            "TF pads so that out = ceil(in / strides)"
            if other == "valid"
            else "nothing is padded, so out = floor((in - kernel_size) / strides) + 1"
        )
        hint = f"{given} is the size for {other!r}. With {padding!r}, {rule}."
    elif strides > 1 and given == predict(1, padding):
        hint = f"{given} ignores the stride: strides={strides} keeps every {strides}th window only."
    else:
        hint = (
            f"{given} is not it. With 'valid', out = floor((in - kernel_size) / strides) + 1; "
            "with 'same', out = ceil(in / strides). Work out height and width separately."
        )
    return _hint(hint)


def check_dropout_rate(answer, keep_prob: float) -> bool:
    """Check the ``rate`` to pass to ``tf.nn.dropout`` for a TF1-style keep probability.

    TF2's ``tf.nn.dropout(x, rate)`` and ``keras.layers.Dropout(rate)`` take the share of
    units to *drop*; TF1 code often passed ``keep_prob``, the share to keep.

    Examples
    --------
    >>> check_dropout_rate(0.25, keep_prob=0.75)
    ✅ Correct: rate=0.25 drops 25% of the units and keeps 75%.
    True
    >>> check_dropout_rate(0.75, keep_prob=0.75)
    ❌ 0.75 is the keep probability: with rate=0.75, dropout would drop 75% of the units.
    False
    """
    if isinstance(keep_prob, bool) or not isinstance(keep_prob, int | float):
        raise TypeError(f"keep_prob must be a number in (0, 1], got {keep_prob!r}")
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    expected = 1.0 - keep_prob
    if answer is ... or answer is None:
        return _hint(NOT_ANSWERED)
    try:
        rate = float(answer)
    except (TypeError, ValueError):
        return _hint("Give the rate as one number between 0 and 1, e.g. 0.5.")
    if math.isclose(rate, expected, abs_tol=1e-9):
        return check(
            True,
            f"Correct: rate={expected:.3g} drops {expected:.0%} of the units "
            f"and keeps {keep_prob:.0%}.",
            "",
        )
    if math.isclose(rate, keep_prob, abs_tol=1e-9):
        return _hint(
            f"{rate:.3g} is the keep probability: with rate={rate:.3g}, dropout would drop "
            f"{rate:.0%} of the units."
        )
    if not 0 <= rate < 1:
        return _hint(f"rate must lie in [0, 1): it is the share of units dropped, got {rate:.3g}.")
    return _hint(f"rate={rate:.3g} keeps {1 - rate:.0%} of the units, not {keep_prob:.0%}.")


def check_layer_config(answer, kind: str, **expected) -> bool:
    """Check that ``answer`` is a Keras layer of class ``kind`` whose config has ``expected``.

    Compares ``answer.get_config()[name]`` with each expected value, so write them the way
    Keras stores them (``kernel_size=(5, 5)``, ``padding="same"``, ``activation="relu"``).

    Examples
    --------
    >>> class Conv2D:  # a stand-in with the same interface as a Keras layer
    ...     def get_config(self):
    ...         return {"filters": 16, "padding": "valid"}
    >>> check_layer_config(Conv2D(), "Conv2D", filters=16, padding="same")
    ❌ padding is 'valid', expected 'same'.
    False
    >>> check_layer_config(..., "Conv2D", filters=16)
    ⏳ Not answered yet: replace the `...` in the cell above with your answer.
    False
    """
    if not isinstance(kind, str) or not kind:
        raise TypeError(f"kind must be a layer class name such as 'Conv2D', got {kind!r}")
    if answer is ... or answer is None:
        return _hint(NOT_ANSWERED)
    if type(answer).__name__ != kind or not callable(getattr(answer, "get_config", None)):
        return _hint(f"Expected a keras.layers.{kind}, got {type(answer).__name__}.")
    config = answer.get_config()
    for name, value in expected.items():
        found = config.get(name)
        if isinstance(found, list):
            found = tuple(found)
        if found != value:
            return _hint(f"{name} is {found!r}, expected {value!r}.")
    settings = ", ".join(f"{name}={value!r}" for name, value in expected.items())
    return check(True, f"Correct: a {kind} with {settings}.", "")
