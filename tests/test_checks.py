"""course_utils.checks: instant exercise checks never raise, and say what is wrong."""

import numpy as np
import pytest

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


# --- lecture 1: kernel and output-shape checks ---

SOBEL_LEFT = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]


def test_check_edge_kernel_accepts_vertical_and_horizontal_detectors(capsys):
    assert checks.check_edge_kernel(SOBEL_LEFT) is True
    assert checks.check_edge_kernel(np.array([[-1, 1, 0]] * 3)) is True
    assert checks.check_edge_kernel(np.transpose(SOBEL_LEFT), direction="horizontal") is True
    assert capsys.readouterr().out.count("✅") == 3


def test_check_edge_kernel_hints(capsys):
    cases = [
        (..., "Not answered yet"),
        ("abc", "list of lists"),
        (np.ones((2, 2)), "must be 3×3; yours has shape (2, 2)"),
        (np.ones((3, 3)), "weights sum to 9"),
        (np.transpose(SOBEL_LEFT), "responds to horizontal edges: each row must sum to 0"),
        (np.zeros((3, 3)), "gives 0 on a vertical edge too"),
    ]
    for answer, hint in cases:
        assert checks.check_edge_kernel(answer) is False
        assert hint in capsys.readouterr().out, hint
    assert checks.check_edge_kernel(SOBEL_LEFT, direction="horizontal") is False
    assert "responds to vertical edges: each column" in capsys.readouterr().out


def test_check_edge_kernel_rejects_a_bad_direction():
    import pytest

    with pytest.raises(ValueError, match="direction must be 'vertical' or 'horizontal'"):
        checks.check_edge_kernel(SOBEL_LEFT, direction="diagonal")


def test_check_smoothing_kernel(capsys):
    assert checks.check_smoothing_kernel([[1, 2, 1], [2, 4, 2], [1, 2, 1]] / np.float64(16))
    cases = [
        (None, "Not answered yet"),
        (
            np.ones((3, 3)),
            "sum to 9: a flat patch comes out 9× as bright. Divide every weight by 9",
        ),
        ([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], "Negative weights"),
        ([[0, 0, 0], [0, 1, 0], [0, 0, 0]], "copies pixels"),
        (np.ones((5, 5)) / 25, "must be 3×3"),
    ]
    for answer, hint in cases:
        assert checks.check_smoothing_kernel(answer) is False
        assert hint in capsys.readouterr().out, hint


def test_check_conv_output_shape_matches_tf_rules_and_names_the_slip(capsys):
    assert checks.check_conv_output_shape((300, 256), (600, 512), 5, strides=2, padding="same")
    assert checks.check_conv_output_shape([298, 254], (600, 512), 5, strides=2, padding="valid")
    cases = [
        ((600, 512), "ignores the stride"),
        ((298, 254), "is the size for 'valid'. With 'same', TF pads so that out = ceil"),
        ((299, 255), "is not it"),
        ("big", "(height, width) pair of ints"),
        (..., "Not answered yet"),
    ]
    for answer, hint in cases:
        assert not checks.check_conv_output_shape(answer, (600, 512), 5, strides=2, padding="same")
        assert hint in capsys.readouterr().out, hint
    assert not checks.check_conv_output_shape((600, 512), (600, 512), 5)
    assert "is the size for 'same'. With 'valid', nothing is padded" in capsys.readouterr().out


def test_lecture_1_checks_mark_unanswered_with_an_hourglass(capsys):
    assert not checks.check_edge_kernel(...)
    assert not checks.check_smoothing_kernel(None)
    assert not checks.check_conv_output_shape(..., (28, 28), 3)
    assert capsys.readouterr().out.count("⏳ Not answered yet") == 3


# --- lecture 2: dropout rate versus keep probability ---


def test_check_dropout_rate_accepts_the_drop_rate_and_names_the_keep_prob_slip(capsys):
    assert checks.check_dropout_rate(0.2, keep_prob=0.8)
    assert "drops 20% of the units and keeps 80%" in capsys.readouterr().out
    assert checks.check_dropout_rate(0.0, keep_prob=1)
    capsys.readouterr()
    cases = [
        (0.8, "0.8 is the keep probability: with rate=0.8, dropout would drop 80%"),
        (0.5, "rate=0.5 keeps 50% of the units, not 80%"),
        (1.5, "rate must lie in [0, 1)"),
        ("a lot", "one number between 0 and 1"),
        (..., "⏳ Not answered yet"),
    ]
    for answer, hint in cases:
        assert checks.check_dropout_rate(answer, keep_prob=0.8) is False
        assert hint in capsys.readouterr().out, hint


@pytest.mark.parametrize(
    ("keep_prob", "error", "message"),
    [(0, ValueError, r"keep_prob must be in \(0, 1\]"), (1.5, ValueError, "got 1.5"),
     (True, TypeError, "keep_prob must be a number"), ("0.5", TypeError, "got '0.5'")],
)  # fmt: skip
def test_check_dropout_rate_bad_keep_prob(keep_prob, error, message):
    with pytest.raises(error, match=message):
        checks.check_dropout_rate(0.5, keep_prob=keep_prob)


def test_check_layer_config_with_real_keras_layers(capsys):
    keras = pytest.importorskip("keras")
    right = keras.layers.Conv2D(16, 5, padding="SAME", activation="relu")
    assert checks.check_layer_config(
        right, "Conv2D", filters=16, kernel_size=(5, 5), padding="same", activation="relu"
    )
    assert "✅ Correct: a Conv2D with filters=16" in capsys.readouterr().out
    wrong_padding = keras.layers.Conv2D(16, 5, activation="relu")
    assert not checks.check_layer_config(wrong_padding, "Conv2D", padding="same")
    assert "padding is 'valid', expected 'same'" in capsys.readouterr().out
    assert not checks.check_layer_config(keras.layers.Dense(16), "Conv2D", filters=16)
    assert "Expected a keras.layers.Conv2D, got Dense" in capsys.readouterr().out
    assert not checks.check_layer_config(keras.layers.Dropout(0.75), "Dropout", rate=0.25)
    assert "rate is 0.75, expected 0.25" in capsys.readouterr().out


def test_check_layer_config_unanswered_and_bad_kind(capsys):
    assert not checks.check_layer_config(None, "Conv2D", filters=1)
    assert capsys.readouterr().out.startswith("⏳")
    with pytest.raises(TypeError, match="kind must be a layer class name"):
        checks.check_layer_config(None, "")
