"""The exercise registry's machinery: exercises, their mistakes and verdicts (forms: ``forms``).

An :class:`Exercise` knows its problem, not its answer: the expected value is computed
when a student's answer is graded (with TensorFlow or ``course_utils`` where that
applies), so no notebook cell ever holds it. Grading runs in a fixed order:

1. ``...`` or ``None``: not answered yet (⏳).
2. The answer's form (an int, a pair, a 3×3 array, a Keras layer, ...). A wrong form is
   never coerced into a pass; it gets the hint of a registered mistake that recognises
   it (a float from a forgotten floor, say) or else a hint that says which form is wanted.
3. Right: ✅ and a short reason.
4. Wrong: the hint of the first registered mistake that recognises the answer, else the
   exercise's general hint, which never gives the answer away. If checking an answer (a
   function) raised an error, the hint starts with that error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from course_utils.exercises.forms import (  # re-exported: the lecture modules import them here
    Array,
    Choice,
    Form,
    FormError,
    Function,
    Instance,
    Int,
    IntPair,
    Number,
)

NOT_ANSWERED = "Not answered yet: replace the `...` in the cell above with your answer."

__all__ = [
    "NOT_ANSWERED",
    "Array",
    "Choice",
    "Exercise",
    "Form",
    "FormError",
    "Function",
    "Instance",
    "Int",
    "IntPair",
    "Mistake",
    "Number",
    "Verdict",
]


@dataclass(frozen=True)
class Verdict:
    """The result of grading one answer: ``passed`` and the one-line ``message``.

    ``status`` is ``"correct"``, ``"wrong"`` or ``"unanswered"``; ``str(verdict)`` is
    the line :func:`course_utils.exercises.check` prints.
    """

    passed: bool
    message: str
    status: str

    @property
    def icon(self) -> str:
        return {"correct": "✅", "wrong": "❌", "unanswered": "⏳"}[self.status]

    def __str__(self) -> str:
        return f"{self.icon} {self.message}"


def _describe(error: Exception, limit: int = 240) -> str:
    """One sentence on what was raised while a student's answer was checked (by the
    student's function or by the checker it fed: either way, the student sees why)."""
    text = " ".join(str(error).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    name = type(error).__name__
    return f"Checking your answer raised {name}{': ' + text if text else ''}."


def _safe(test: Callable[[Any], bool], value: Any) -> bool:
    """Run a predicate on a student's answer; any error means 'no'."""
    try:
        return bool(test(value))
    except Exception:  # a student's answer may be anything; a predicate must not crash
        return False


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and its hint.

    ``example`` builds one such answer (tests grade it and expect ``hint``). ``matches``
    recognises the mistake in a student's answer; by default, an answer equal to the
    example. ``raw=True`` means the mistake has the wrong *form* (a float from a
    forgotten floor, a 4-tuple shape), so ``matches`` sees the answer before parsing.
    """

    hint: str
    example: Callable[[], Any]
    matches: Callable[[Any], bool] | None = None
    raw: bool = False


@dataclass
class Exercise:
    """One exercise: its problem, the expected answer's form, its checks and mistakes.

    Parameters
    ----------
    id : str
        ``"NN.k"``: the notebook number and the exercise number.
    task : str
        The task in one sentence (what the notebook asks).
    form : Form
        The answer's form, which parses and normalises it.
    solve : callable
        Returns a reference answer, computed from the problem.
    reason : callable or str
        The ✅ message; a callable gets the parsed reference answer.
    hint : str
        The hint for a wrong answer that no registered mistake recognises.
    explanation : str
        The worked solution that :func:`reveal` prints, reasoning and code.
    mistakes : list of Mistake
    accept : callable, optional
        ``accept(value, expected) -> bool`` for answers judged by properties (a kernel,
        a layer); by default ``form.same(value, expected)``.
    """

    id: str
    task: str
    form: Form
    solve: Callable[[], Any]
    reason: Callable[[Any], str] | str
    hint: str
    explanation: str
    mistakes: list[Mistake] = field(default_factory=list)
    accept: Callable[[Any, Any], bool] | None = None

    def grade(self, answer: Any) -> Verdict:
        if answer is ... or answer is None:
            return Verdict(False, NOT_ANSWERED, "unanswered")
        try:
            value = self.form.parse(answer)
        except FormError as error:
            for mistake in self.mistakes:
                if mistake.raw and mistake.matches and _safe(mistake.matches, answer):
                    return Verdict(False, mistake.hint, "wrong")
            return Verdict(False, error.hint[:1].upper() + error.hint[1:], "wrong")
        expected = self.form.parse(self.solve())
        raised = None  # what the student's answer raised inside `accept`, if anything
        if self.accept is not None:
            try:
                right = bool(self.accept(value, expected))
            except Exception as error:  # a student's function may raise anything
                right, raised = False, error
        else:
            right = self.form.same(value, expected)
        if right:
            reason = self.reason(expected) if callable(self.reason) else self.reason
            return Verdict(True, reason, "correct")
        for mistake in self.mistakes:
            if mistake.raw:
                continue
            test = mistake.matches or (
                lambda v, m=mistake: self.form.same(v, self.form.parse(m.example()))
            )
            if _safe(test, value):
                return Verdict(False, mistake.hint, "wrong")
        if raised is not None:
            return Verdict(False, f"{_describe(raised)} {self.hint}", "wrong")
        return Verdict(False, self.hint, "wrong")
