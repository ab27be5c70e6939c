"""Shared helpers and constants of the exercises of lecture 02: the problems' data
and the functions that compute reference answers and typical mistakes."""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from course_utils import shapes
from course_utils.exercises.forms import plain_value

# ------------------------------------------------------------------------ the net's sizes


def _flatten_size(side: int) -> int:
    """Numbers after pool2 for a side×side input: SAME convs keep the size, pools halve."""
    for _ in range(2):
        side = shapes.pool_output_size(shapes.conv_output_size(side, 5, padding="same"), 2)
    return side * side * 64


def _param_counts(flatten_inputs: int) -> dict[str, int]:
    return {
        "conv1": shapes.conv2d_param_count(5, 1, 32),
        "conv2": shapes.conv2d_param_count(5, 32, 64),
        "fc": shapes.dense_param_count(flatten_inputs, 1024),
        "logits": shapes.dense_param_count(1024, 10),
    }


def _gap_fc_share(*, use_bias: bool = True) -> float:
    """fc's share of all parameters when global average pooling feeds it 64 numbers."""
    counts = {
        "conv1": shapes.conv2d_param_count(5, 1, 32, use_bias=use_bias),
        "conv2": shapes.conv2d_param_count(5, 32, 64, use_bias=use_bias),
        "fc": shapes.dense_param_count(64, 1024, use_bias=use_bias),
        "logits": shapes.dense_param_count(1024, 10, use_bias=use_bias),
    }
    return counts["fc"] / sum(counts.values())


def _flatten_share() -> float:
    counts = _param_counts(_flatten_size(28))
    return counts["fc"] / sum(counts.values())


# --------------------------------------------------------------- flatten size as a function

SIDES = (28, 32, 29, 30, 31, 33, 35, 40, 64)  # odd sides tell floor from ceil


def _flatten_solution(side):
    side = side // 2  # SAME conv keeps the size; 2×2 max-pool, VALID, stride 2: floor
    side = side // 2
    return side * side * 64


def _gives(function, reference) -> bool:
    """Whether ``function`` returns the int ``reference(side)`` for every test side."""
    for side in SIDES:
        value = plain_value(function(side))  # a TF or NumPy scalar counts as its value
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            return False
        if int(value) != reference(side):
            return False
    return True


def _returns_float(function) -> bool:
    return isinstance(plain_value(function(28)), float | np.floating)


def _returns_tensor_of_other_type(function) -> bool:
    """A tensor, array or other object that is neither a whole number nor a float."""
    value = plain_value(function(28))
    return not isinstance(value, int | float | np.integer | np.floating)


def _constant(function) -> bool:
    return plain_value(function(28)) == plain_value(function(32)) == _flatten_size(28)


# ------------------------------------------------------------------- dropout as a function


@cache
def _ones():
    import tensorflow as tf

    return tf.ones([1, 100_000])


def _dropout_stats(function, training: bool) -> tuple[float, float]:
    """(share of units kept, largest output) for an input of 100,000 ones."""
    out = np.asarray(function(_ones(), training=training))
    if out.shape != (1, 100_000):
        raise ValueError("wrong shape")
    kept = out[out != 0]
    return len(kept) / out.size, float(out.max()) if kept.size else 0.0


def _is_dropout(keep: float):
    def test(function) -> bool:
        share, top = _dropout_stats(function, training=True)
        return abs(share - keep) < 0.01 and abs(top - 1 / keep) < 1e-3

    return test


def _eval_is_identity(function) -> bool:
    out = np.asarray(function(_ones(), training=False))
    return out.shape == (1, 100_000) and bool(np.all(out == 1))


def _dropout_solution(fc, training):
    import tensorflow as tf

    return tf.nn.dropout(fc, rate=0.1) if training else fc


def _dropout_keep_as_rate(fc, training):
    import tensorflow as tf

    return tf.nn.dropout(fc, rate=0.9) if training else fc


def _dropout_always(fc, training):
    import tensorflow as tf

    return tf.nn.dropout(fc, rate=0.1)


def _dropout_unscaled(fc, training):
    import tensorflow as tf

    if not training:
        return fc
    mask = tf.cast(tf.random.uniform(tf.shape(fc)) >= 0.1, fc.dtype)
    return fc * mask


def _dropout_never(fc, training):
    return fc


def _dropout_percent(fc, training):
    import tensorflow as tf

    return tf.nn.dropout(fc, rate=10) if training else fc


def _dropout_keep_prob_keyword(fc, training):
    import tensorflow as tf

    return tf.nn.dropout(fc, keep_prob=0.9) if training else fc


def _raises_keep_prob_type_error(function) -> bool:
    try:
        function(_ones(), training=True)
    except TypeError as error:  # TF2's tf.nn.dropout has no keep_prob argument
        return "keep_prob" in str(error)
    return False


def _raises_on_rate(function) -> bool:
    try:
        function(_ones(), training=True)
    except Exception as error:  # TF raises ValueError for a rate outside [0, 1)
        return "rate" in str(error)
    return False


def _dropout_accept(function, expected) -> bool:
    return _eval_is_identity(function) and _is_dropout(0.9)(function)


def _two_decimals_near(solve):
    """An answer rounded to two decimals (0.52), within 0.01 of the exact value."""

    def test(value) -> bool:
        value = float(value)
        return abs(value - round(value, 2)) < 1e-6 and abs(value - solve()) < 0.01

    return test


def _he_std(fan_in: int) -> float:
    return math.sqrt(2 / fan_in)
