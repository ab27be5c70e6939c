"""Answer forms for the exercise registry: how an answer must look, and how it is normalised.

A form's :meth:`Form.parse` returns a normalised value or raises :class:`FormError` with a
hint that says which form is wanted. It never coerces a wrong form into a pass: ``8.0``
is not the int ``8``, ``"8"`` is not a number, and a 4-tuple is not a pair. Equivalent
forms a teacher accepts are accepted: a list for a tuple, a NumPy or TF scalar for a
Python number, ``"SAME"`` for ``"same"``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "Array",
    "Choice",
    "Form",
    "FormError",
    "Function",
    "Instance",
    "Int",
    "IntPair",
    "Number",
    "plain_value",
]


class FormError(ValueError):
    """An answer of the wrong type or form; ``hint`` says which form is wanted."""

    def __init__(self, hint: str) -> None:
        super().__init__(hint)
        self.hint = hint


def plain_value(answer: Any) -> Any:
    """Turn a tensor, a TensorShape or a 0-d array into a NumPy or Python value."""
    if type(answer).__name__ == "TensorShape" and callable(getattr(answer, "as_list", None)):
        return answer.as_list()  # what `out.shape[1:3]` gives; an unknown rank raises here
    if hasattr(answer, "numpy") and callable(answer.numpy):
        answer = answer.numpy()
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]
    return answer


def _is_int(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _number_text(value: Any) -> str:
    return "a string" if isinstance(value, str) else f"{value!r} (a {type(value).__name__})"


class Form:
    """How an answer must look. :meth:`parse` returns a normalised value or raises
    :class:`FormError`; :attr:`bad_examples` are answers of the wrong form, for tests."""

    describe = "an answer"
    bad_examples: tuple = ()

    def parse(self, answer: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def same(self, a: Any, b: Any) -> bool:
        """Whether two parsed values are equal for this form."""
        return a == b


class Int(Form):
    """A whole number: a Python or NumPy int (not a bool, a float or a string)."""

    describe = "a whole number (an int)"
    bad_examples = ("8", 8.5, True, (8,), [8, 8])

    def __init__(self, what: str = "the answer") -> None:
        self.what = what

    def parse(self, answer: Any) -> int:
        answer = plain_value(answer)
        if _is_int(answer):
            return int(answer)
        if isinstance(answer, str):
            raise FormError(
                f"{self.what} is a string, {answer!r}: give it as a number without quotes."
            )
        if isinstance(answer, float | np.floating):
            raise FormError(
                f"{self.what} must be a whole number (an int), got {float(answer)!r}. "
                "Work it out exactly; wrap it in int(...) only if it is already whole."
            )
        raise FormError(
            f"{self.what} must be one whole number (an int), got {_number_text(answer)}."
        )


class Number(Form):
    """A real number, compared to within ``atol``."""

    describe = "a number"
    bad_examples = ("0.5", True, (0.5, 0.5), [0.5])

    def __init__(self, what: str = "the answer", atol: float = 1e-6) -> None:
        self.what = what
        self.atol = atol

    def parse(self, answer: Any) -> float:
        answer = plain_value(answer)
        if _is_number(answer):
            value = float(answer)
            if math.isfinite(value):
                return value
            raise FormError(f"{self.what} must be a finite number, got {value!r}.")
        if isinstance(answer, str):
            raise FormError(
                f"{self.what} is a string, {answer!r}: give it as a number without quotes."
            )
        raise FormError(f"{self.what} must be one number, got {_number_text(answer)}.")

    def same(self, a: float, b: float) -> bool:
        return math.isclose(a, b, rel_tol=0, abs_tol=self.atol)


class IntPair(Form):
    """Two whole numbers, such as ``(height, width)``: a tuple, a list or an array."""

    bad_examples = ("(28, 28)", 28, (28, 28, 1), (1, 28, 28, 1), (28.5, 28.5), (True, False))

    def __init__(self, what: str = "the answer", names: str = "(height, width)") -> None:
        self.what = what
        self.names = names
        self.describe = f"a {names} pair of ints"

    def parse(self, answer: Any) -> tuple[int, int]:
        answer = plain_value(answer)
        if isinstance(answer, str) or not isinstance(answer, Sequence | np.ndarray):
            raise FormError(
                f"{self.what} must be a {self.names} pair such as (28, 28), "
                f"got {_number_text(answer)}."
            )
        items = [plain_value(v) for v in answer]
        if len(items) != 2:
            extra = (
                " That looks like a full NHWC shape: give only (height, width)."
                if len(items) in (3, 4)
                else ""
            )
            raise FormError(
                f"{self.what} must be a pair {self.names}; yours has {len(items)} values.{extra}"
            )
        if not all(_is_int(v) for v in items):
            raise FormError(
                f"Both values of {self.names} must be whole numbers (ints), got {tuple(items)!r}."
            )
        return int(items[0]), int(items[1])


class Choice(Form):
    """One of a few strings, compared case-insensitively (``"SAME"`` is ``"same"``), with
    spaces, hyphens and underscores between words taken as one (``"input bound"`` is
    ``"input-bound"``)."""

    def __init__(self, choices: Sequence[str], what: str = "the answer") -> None:
        self.choices = tuple(c.lower() for c in choices)
        self._by_key = {_choice_key(c): c for c in self.choices}
        self.what = what
        self.describe = "one of " + ", ".join(repr(c) for c in self.choices)
        self.bad_examples = (1, ("same",), "")

    def parse(self, answer: Any) -> str:
        answer = plain_value(answer)
        if isinstance(answer, np.str_):
            answer = str(answer)
        if not isinstance(answer, str):
            raise FormError(
                f"{self.what} must be a string, {self.describe}; got {_number_text(answer)}."
            )
        value = self._by_key.get(_choice_key(answer))
        if value is None:
            raise FormError(f"{self.what} must be {self.describe}; got {answer!r}.")
        return value


def _choice_key(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().lower())


class Array(Form):
    """A numeric array of a given shape (a list of lists works too), compared to ``atol``."""

    def __init__(self, shape: tuple[int, ...], what: str = "the answer", atol: float = 1e-6):
        self.shape = tuple(shape)
        self.what = what
        self.atol = atol
        size = "×".join(str(n) for n in self.shape)
        self.describe = f"a {size} array (or list of lists) of numbers"
        self.bad_examples = ("1 0 -1", 3, np.zeros(tuple(n + 1 for n in self.shape)), [["a"]])

    def parse(self, answer: Any) -> np.ndarray:
        answer = plain_value(answer)
        if isinstance(answer, str) or _is_number(answer):
            raise FormError(f"{self.what} must be {self.describe}, got {_number_text(answer)}.")
        try:
            array = np.asarray(answer, dtype=np.float64)
        except (TypeError, ValueError):
            raise FormError(f"{self.what} must be {self.describe} (numbers only).") from None
        if array.shape != self.shape:
            raise FormError(f"{self.what} must have shape {self.shape}; yours has {array.shape}.")
        if not np.all(np.isfinite(array)):
            raise FormError(f"{self.what} must hold finite numbers (no nan or inf).")
        return array

    def same(self, a: np.ndarray, b: np.ndarray) -> bool:
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=0, atol=self.atol))


class Instance(Form):
    """An object whose class name is one of ``kinds`` (a Keras layer, a model, ...)."""

    def __init__(self, *kinds: str, what: str = "the answer", hint: str = "") -> None:
        self.kinds = kinds
        self.what = what
        self.describe = " or ".join(kinds)
        self.hint = hint
        self.bad_examples = (3, "Conv2D", [1, 2])

    def parse(self, answer: Any) -> Any:
        names = {cls.__name__ for cls in type(answer).__mro__}
        if not names & set(self.kinds):
            raise FormError(
                f"{self.what} must be a {self.describe} object, got {type(answer).__name__}. "
                f"{self.hint}".strip()
            )
        return answer

    def same(self, a: Any, b: Any) -> bool:
        return a is b


class Function(Form):
    """A callable, such as a function the student writes."""

    describe = "a function"
    bad_examples = (3, "f", [1])

    def __init__(self, what: str = "the answer") -> None:
        self.what = what

    def parse(self, answer: Any) -> Callable:
        if not callable(answer):
            raise FormError(
                f"{self.what} must be a function (define it with def and pass its name, "
                f"without calling it), got {type(answer).__name__}."
            )
        return answer

    def same(self, a: Any, b: Any) -> bool:
        return a is b
