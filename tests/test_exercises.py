"""The exercise registry: every exercise passes its solution, fails each registered
mistake with that mistake's own hint, waits on ``...``, and rejects wrong forms clearly."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import exercises
from course_utils.exercises import _core

IDS = exercises.ids()
MISTAKES = [
    (exercise_id, k) for exercise_id in IDS for k in range(len(exercises.get(exercise_id).mistakes))
]


def test_ids_are_in_course_order_and_well_formed():
    assert IDS, "the registry is empty"
    keys = [tuple(int(part) for part in i.split(".")) for i in IDS]
    assert keys == sorted(keys)
    for i in IDS:
        lecture, number = i.split(".")
        assert len(lecture) == 2 and number.isdigit() and int(number) >= 1


@pytest.mark.parametrize("exercise_id", IDS)
def test_solution_passes(exercise_id):
    verdict = exercises.grade(exercise_id, exercises.solution(exercise_id))
    assert verdict.passed, verdict.message
    assert verdict.status == "correct" and str(verdict).startswith("✅ ")


@pytest.mark.parametrize("unanswered", [..., None], ids=["ellipsis", "None"])
@pytest.mark.parametrize("exercise_id", IDS)
def test_unanswered_waits(exercise_id, unanswered):
    verdict = exercises.grade(exercise_id, unanswered)
    assert not verdict.passed and verdict.status == "unanswered"
    assert str(verdict) == f"⏳ {exercises.NOT_ANSWERED}"


@pytest.mark.parametrize(("exercise_id", "k"), MISTAKES)
def test_each_mistake_fails_with_its_own_hint(exercise_id, k):
    exercise = exercises.get(exercise_id)
    mistake = exercise.mistakes[k]
    verdict = exercises.grade(exercise_id, mistake.example())
    assert not verdict.passed and verdict.status == "wrong"
    assert verdict.message == mistake.hint, f"mistake {k} got another hint: {verdict.message}"


@pytest.mark.parametrize("exercise_id", IDS)
def test_hints_are_distinct_and_keep_the_answer_out(exercise_id):
    exercise = exercises.get(exercise_id)
    hints = [m.hint for m in exercise.mistakes] + [exercise.hint]
    assert len(set(hints)) == len(hints), "two mistakes share a hint"
    assert exercise.mistakes, "every exercise registers at least one typical mistake"
    expected = exercises.solution(exercise_id)
    if isinstance(expected, int | np.integer) and abs(int(expected)) >= 10:
        for hint in hints:
            assert f"{int(expected)}" not in hint.replace(",", ""), f"a hint gives it away: {hint}"


@pytest.mark.parametrize("exercise_id", IDS)
def test_wrong_forms_get_a_hint_that_names_the_form(exercise_id):
    exercise = exercises.get(exercise_id)
    for bad in exercise.form.bad_examples:
        verdict = exercises.grade(exercise_id, bad)
        assert not verdict.passed, f"{bad!r} passed"
        assert verdict.status == "wrong" and verdict.message, bad


def test_check_prints_one_line_and_returns_none(capsys):
    assert exercises.check("00.1", ...) is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("⏳ ")


def test_reveal_prints_the_worked_solution(capsys):
    for exercise_id in IDS:
        exercises.reveal(exercise_id)
        out = capsys.readouterr().out
        assert out.startswith(f"Exercise {exercise_id}: ")
        assert "answer" in out, f"{exercise_id}: the worked solution shows no code"


@pytest.mark.parametrize("bad_id", ["99.9", "4.1", "", "00.0"])
def test_unknown_id_lists_the_valid_ones(bad_id):
    with pytest.raises(KeyError, match=r"exercise_id must be one of: 00\.1, 00\.2"):
        exercises.grade(bad_id, 1)


def test_id_of_the_wrong_type():
    with pytest.raises(TypeError, match=r"exercise_id must be a string such as '04\.1'"):
        exercises.check(4.1, 1)


# The answer forms, on their own --------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "value"),
    [(8, 8), (np.int64(8), 8), (np.array(8), 8), (np.uint8(8), 8)],
)
def test_int_accepts_equivalent_forms(answer, value):
    assert _core.Int().parse(answer) == value


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("8", "a string, '8': give it as a number without quotes"),
        (8.0, "must be a whole number (an int), got 8.0"),
        (True, "must be one whole number (an int), got True (a bool)"),
        ([8], "must be one whole number"),
    ],
)
def test_int_rejects_other_forms_without_coercing(answer, message):
    with pytest.raises(_core.FormError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _core.Int().parse(answer)


@pytest.mark.parametrize("answer", [(28, 14), [28, 14], np.array([28, 14]), (np.int32(28), 14)])
def test_pair_accepts_lists_arrays_and_numpy_ints(answer):
    assert _core.IntPair().parse(answer) == (28, 14)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((298.5, 254.5), "must be whole numbers"),
        ((1, 28, 28, 3), "full NHWC shape"),
        ((28,), "yours has 1 values"),
        ("(28, 28)", "got a string"),
        (28, "got 28 \\(a int\\)"),
    ],
)
def test_pair_rejects_other_forms(answer, message):
    with pytest.raises(_core.FormError, match=message):
        _core.IntPair().parse(answer)


def test_choice_is_case_insensitive_and_names_the_choices():
    form = _core.Choice(["valid", "same"], what="padding")
    assert form.parse("SAME") == form.parse(" same ") == "same"
    with pytest.raises(_core.FormError, match="padding must be one of 'valid', 'same'"):
        form.parse("full")
    with pytest.raises(_core.FormError, match="padding must be a string"):
        form.parse(1)


@pytest.mark.parametrize("answer", ["input-bound", "Input bound", " INPUT_BOUND ", "input  -bound"])
def test_choice_takes_spaces_hyphens_and_underscores_between_words_as_one(answer):
    form = _core.Choice(["input-bound", "compute-bound"], "the diagnosis")
    assert form.parse(answer) == "input-bound"
    assert exercises.get("07.5").grade(answer).passed
    with pytest.raises(_core.FormError, match="the diagnosis must be one of"):
        form.parse("inputbound")


def test_array_checks_shape_and_numbers():
    form = _core.Array((3, 3), what="the kernel")
    assert form.parse([[0, 1, 0]] * 3).shape == (3, 3)
    with pytest.raises(_core.FormError, match=r"must have shape \(3, 3\); yours has \(2, 2\)"):
        form.parse(np.zeros((2, 2)))
    with pytest.raises(_core.FormError, match="numbers only"):
        form.parse([["a", "b", "c"]] * 3)
    with pytest.raises(_core.FormError, match="finite"):
        form.parse(np.full((3, 3), np.nan))


def test_number_tolerance_and_tensors():
    tf = pytest.importorskip("tensorflow")
    form = _core.Number(atol=1e-3)
    assert form.same(form.parse(tf.constant(0.5)), 0.5004)
    assert not form.same(0.5, 0.502)


def test_a_predicate_that_crashes_counts_as_no_match():
    exercise = _core.Exercise(
        id="99.1",
        task="t",
        form=_core.Int(),
        solve=lambda: 3,
        reason="ok",
        hint="general hint",
        explanation="answer = 3",
        mistakes=[_core.Mistake("never", example=lambda: 4, matches=lambda v: 1 / 0)],
    )
    assert exercise.grade(5).message == "general hint"
    assert exercise.grade(3).passed


FUNCTIONS = [i for i in IDS if isinstance(exercises.get(i).form, _core.Function)]


def test_the_function_exercises_are_found():
    assert {"02.6", "02.8", "05.4", "06.3"} <= set(FUNCTIONS)


@pytest.mark.parametrize("exercise_id", FUNCTIONS)
def test_a_function_that_raises_gets_its_error_before_the_hint(exercise_id):
    """A student's function that crashes is told what it raised, not only the general hint."""
    exercise = exercises.get(exercise_id)

    def broken(*args, **kwargs):
        raise ValueError("shapes (3,) and (4,) do not match " + "x" * 300)

    verdict = exercise.grade(broken)
    assert not verdict.passed and verdict.status == "wrong"
    assert verdict.message.startswith(
        "Checking your answer raised ValueError: shapes (3,) and (4,)"
    )
    assert verdict.message.endswith(exercise.hint)
    assert len(verdict.message) <= 300 + len(exercise.hint)  # the error is cut short


def test_the_raised_error_is_one_line_and_named_without_a_message():
    assert _core._describe(KeyError()) == "Checking your answer raised KeyError."
    assert "\n" not in _core._describe(RuntimeError("a\n  b")), "kept on one line"
    assert _core._describe(RuntimeError("a\n  b")).startswith(
        "Checking your answer raised RuntimeError: a b"
    )


# Lecture 4: specific forms ------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", ["04.1", "04.2", "04.3", "04.4", "04.7"])
def test_a_whole_float_of_the_right_answer_gets_the_form_hint(exercise_id):
    """np.ceil(15 / 2) is 8.0: right value, wrong type. It must get the Int form's hint
    (wrap it in int(...)), not the hint of a registered fractional-float mistake."""
    whole = float(exercises.solution(exercise_id))
    verdict = exercises.grade(exercise_id, whole)
    assert not verdict.passed and verdict.status == "wrong"
    assert "wrap it in int(...)" in verdict.message, verdict.message
    assert all(verdict.message != m.hint for m in exercises.get(exercise_id).mistakes)


def test_04_11_accepts_the_4d_kernel_that_conv2d_takes():
    tf = pytest.importorskip("tensorflow")
    for kernel in (np.full((2, 2, 1, 1), 0.25), tf.fill([2, 2, 1, 1], 0.25)):
        verdict = exercises.grade("04.11", kernel)
        assert verdict.passed, verdict.message
    ones = exercises.grade("04.11", np.ones((2, 2, 1, 1)))
    assert ones.message == exercises.get("04.11").mistakes[0].hint
    for wrong_shape in (np.full((2, 2, 2, 1), 0.25), np.full((1, 2, 2, 1), 0.25)):
        verdict = exercises.grade("04.11", wrong_shape)
        assert not verdict.passed and "shape" in verdict.message


def test_pair_accepts_a_tensorshape():
    tf = pytest.importorskip("tensorflow")
    out = tf.zeros((1, 14, 14, 8))
    assert _core.IntPair().parse(out.shape[1:3]) == (14, 14)
    with pytest.raises(_core.FormError, match="full NHWC shape"):
        _core.IntPair().parse(out.shape)


def test_01_1_each_slip_is_told_apart():
    """01.1: only the asked position passes; every other position of the map and every
    registered mistake (swapped, counted from 1, flipped, ...) gets a wrong verdict, and
    no two mistakes share a value, so each hint names what the student did."""
    from course_utils import conv
    from course_utils.exercises import lecture01

    exercise = exercises.get("01.1")
    values = [mistake.example() for mistake in exercise.mistakes]
    assert len(set(values)) == len(values)
    assert exercise.solve() not in values
    feature_map = conv.corr2d(lecture01.IMAGE, lecture01.EXERCISE_KERNEL)
    for (row, col), value in np.ndenumerate(feature_map):
        verdict = exercises.grade("01.1", int(value))
        assert verdict.passed == ((row, col) == (lecture01.ROW, lecture01.COL))
    swapped = exercises.grade("01.1", int(feature_map[lecture01.COL, lecture01.ROW]))
    assert swapped.message.startswith("Row and column are swapped")


@pytest.mark.parametrize(("turns", "mistake"), [(1, 2), (-1, 1)])
def test_01_2_a_quarter_turn_gets_a_hint_that_names_it(turns, mistake):
    from course_utils import kernels

    verdict = exercises.grade("01.2", np.rot90(kernels.get_kernel("emboss"), turns))
    assert verdict.message == exercises.get("01.2").mistakes[mistake].hint
    assert "np.rot90(emboss" in verdict.message and "90°" in verdict.message


def test_03_6_rounds_the_split_as_keras_fit_does():
    """03.6's reference answer uses math.floor; fit itself must agree: on 11 samples with
    batch_size=1 and validation_split=0.1, floor gives 9 training steps, ceil would give 10."""
    import keras

    from course_utils.exercises import lecture03

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    x = np.arange(11, dtype="float32")[:, None]
    history = model.fit(x, x, batch_size=1, epochs=1, validation_split=0.1, verbose=0)
    assert history.params["steps"] == lecture03._train_count(11, 0.1) == 9


@pytest.mark.parametrize(
    ("answer", "passes"),
    [
        ('Conv2D(64, 3, strides=2, padding="same", activation="relu")', True),
        ('Conv2D(64, 3, strides=2, padding="same", activation="relu6")', False),
        ('Conv2D(64, 3, strides=2, padding="same", activation="relu", use_bias=False)', False),
        (
            'Conv2D(64, 3, strides=2, padding="same", activation="relu", '
            'data_format="channels_first")',
            False,
        ),
    ],
)
def test_03_3_checks_the_activation_above_6_the_bias_and_the_layout(answer, passes):
    from keras.layers import Conv2D  # noqa: F401  (used by eval)

    assert exercises.grade("03.3", eval(answer)).passed is passes


@pytest.mark.parametrize(
    ("layers_code", "passes"),
    [
        ("RandomFlip('horizontal'), RandomTranslation(0.15, 0.05)", True),
        ("RandomFlip('horizontal'), RandomTranslation((-0.15, 0.15), (-0.05, 0.05))", True),
        ("RandomFlip('horizontal'), RandomTranslation(0.1, 0.1)", False),
        ("RandomFlip('horizontal'), RandomTranslation(0.05, 0.05)", False),
        ("RandomFlip('horizontal'), RandomTranslation(0.15, 0.05), RandomRotation(0.5)", False),
        ("RandomFlip('horizontal'), RandomTranslation(0.15, 0.05), GaussianNoise(1.0)", False),
        ("RandomFlip('horizontal'), RandomTranslation(0.15, 0.05), RandomContrast(0.2)", False),
        ("RandomFlip('horizontal'), RandomTranslation(0.15, 0.05), RandomZoom(0.1)", False),
    ],
)
def test_03_5_asks_for_exact_shifts_and_nothing_else(layers_code, passes):
    import keras
    from keras import layers

    answer = keras.Sequential(eval(f"[{layers_code}]", vars(layers)))
    assert exercises.grade("03.5", answer).passed is passes


def _mobilenet(order, activation="relu"):
    """A 05.4 answer: 'd' depthwise, 'p' 1×1 conv, 'b' batch norm, 'r' activation."""
    keras = pytest.importorskip("keras")
    layers = keras.layers
    make = {
        "d": lambda f: layers.DepthwiseConv2D(3, padding="same", use_bias=False),
        "p": lambda f: layers.Conv2D(f, 1, use_bias=False),
        "b": lambda f: layers.BatchNormalization(),
        "r": lambda f: layers.Activation(activation),
    }

    def block(x, filters):
        for step in order:
            x = make[step](filters)(x)
        return x

    return block


@pytest.mark.parametrize(
    ("order", "activation", "passes"),
    [
        ("dbrpbr", "relu", True),
        ("drbprb", "relu", False),  # ReLU before batch norm
        ("dbpbrr", "relu", False),  # both ReLUs at the end
        ("dbrpbr", "sigmoid", False),
        ("dbrpb", "relu", False),
    ],
)
def test_05_4_checks_where_the_activations_sit(order, activation, passes):
    assert exercises.grade("05.4", _mobilenet(order, activation)).passed is passes
