"""course_utils.checks: the generic instant checks never raise, and say what is wrong."""

import numpy as np

from course_utils import checks


def test_check_prints_a_tick_or_a_hint(capsys):
    assert checks.check(True, "Right.", "Hint.") is True
    assert checks.check(False, "Right.", "Hint.") is False
    assert capsys.readouterr().out.splitlines() == ["✅ Right.", "❌ Hint."]


def test_unanswered_exercises_do_not_raise(capsys):
    assert checks.check_equal(..., 4) is False
    assert checks.check_equal(None, 4) is False
    assert "Not answered yet" in capsys.readouterr().out


def test_check_equal_on_numbers_arrays_and_tolerances(capsys):
    assert checks.check_equal(4, 4)
    assert not checks.check_equal(3, 4, what="the value", hint="Sum the products.")
    out = capsys.readouterr().out
    assert "❌ the value is 3, expected something else. Sum the products." in out
    assert checks.check_equal(np.array([[1, 2], [3, 4]]), [[1, 2], [3, 4]])
    assert not checks.check_equal(np.ones((2, 2)), np.ones((2, 3)))  # shape matters
    assert checks.check_equal(0.3333, 1 / 3, atol=1e-3)
    assert not checks.check_equal(0.3, 1 / 3, atol=1e-3)


def test_check_equal_handles_values_numpy_cannot_compare():
    assert checks.check_equal("same", "same")
    assert not checks.check_equal({"a": 1}, {"a": 2})


def test_normalise_is_applied_to_the_answer():
    assert checks.check_equal([3, 1, 2], [1, 2, 3], normalise=sorted)


def test_not_answered_is_the_registrys_message():
    from course_utils import exercises

    assert checks.NOT_ANSWERED == exercises.NOT_ANSWERED


def test_check_equal_shows_a_string_answer_as_a_string(capsys):
    assert checks.check_equal("3", 3, what="the count") is False
    assert "the count is '3', expected something else" in capsys.readouterr().out
