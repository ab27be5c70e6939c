"""Exercises of ``02_lowlevel_convnet_mnist``: shapes, counts, initialisation, dropout.

The net is lecture 2's: conv 5×5/32 SAME → max-pool 2 → conv 5×5/64 SAME → max-pool 2 →
flatten → dense 1,024 → dense 10, on 28×28 grey images. Expected values are computed
with :mod:`course_utils.shapes` (checked against TF in its tests) or with TensorFlow.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from course_utils import shapes
from course_utils.exercises._core import Exercise, Function, Int, IntPair, Mistake, Number
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


EXERCISES = [
    Exercise(
        id="02.1",
        task=(
            "How many trainable parameters does a 3×3 conv layer with 128 filters have, "
            "on an input with 64 channels (with biases)?"
        ),
        form=Int("the parameter count"),
        solve=lambda: shapes.conv2d_param_count(3, 64, 128),
        reason=lambda n: f"Correct: {n:,} parameters, (3·3·64 + 1)·128.",
        hint=(
            "Each filter has one 3×3 weight for every input channel, plus one bias; "
            "multiply by the number of filters."
        ),
        mistakes=[
            Mistake(
                "Close: that counts the weights only. Each of the 128 filters also has one bias.",
                example=lambda: 3 * 3 * 64 * 128,
            ),
            Mistake(
                "Each filter spans all 64 input channels: a filter has 3·3·64 weights, not 3·3.",
                example=lambda: (3 * 3 + 1) * 128,
            ),
            Mistake(
                "A filter has one bias, not one per input channel: add 1 to 3·3·64, not to 3·3.",
                example=lambda: (3 * 3 + 1) * 64 * 128,
            ),
            Mistake(
                "Close, but the roles are swapped: the 64 channels go into each filter's "
                "weights, and there is one bias per filter, 128 of them.",
                example=lambda: shapes.conv2d_param_count(3, 128, 64),
            ),
            Mistake(
                "That is the lecture's conv2 (5×5 kernels, 32 channels in, 64 filters); "
                "count this layer: 3×3 kernels, 64 channels in, 128 filters.",
                example=lambda: shapes.conv2d_param_count(5, 32, 64),
            ),
            Mistake(
                "That is a 5×5 layer, like the lecture's; this one has 3×3 kernels.",
                example=lambda: shapes.conv2d_param_count(5, 64, 128),
            ),
        ],
        explanation="""
`answer = (3 * 3 * 64 + 1) * 128`, which is 73,856, or
`shapes.conv2d_param_count(3, 64, 128)`.

Each of the 128 filters has a 3×3 weight for every one of the 64 input channels
(576 weights) and one bias: 577 parameters a filter. The lecture's conv2 counts the
same way: (5·5·32 + 1)·64.
""",
    ),
    Exercise(
        id="02.2",
        task=(
            "Replace the flatten step by global average pooling: average each of the 64 "
            "maps of pool2 to one number, so that fc gets 64 inputs. What share of all the "
            "net's parameters does fc hold then? Give a fraction between 0 and 1, with "
            "three decimals."
        ),
        form=Number("the share", atol=1e-3),
        solve=lambda: _gap_fc_share(),
        reason=lambda f: (
            f"Correct: fc now holds {f:.1%} of the parameters, against "
            f"{_flatten_share():.1%} after a flatten."
        ),
        hint=(
            "Count every layer again with fc's inputs set to 64: (inputs + 1)·units for the "
            "dense layers and (5·5·c_in + 1)·filters for the convs; divide fc by the sum."
        ),
        mistakes=[
            Mistake(
                "That is a percentage: give the fraction between 0 and 1 (divide by 100).",
                example=lambda: 100 * _gap_fc_share(),
                matches=lambda v: abs(v - 100 * _gap_fc_share()) < 0.1,
            ),
            Mistake(
                "That is fc's share with the flatten (3,136 inputs); with global average "
                "pooling fc gets 64 inputs, one per map.",
                example=_flatten_share,
            ),
            Mistake(
                "Close: count the biases too, (inputs + 1)·units for each layer.",
                example=lambda: _gap_fc_share(use_bias=False),
            ),
            Mistake(
                "Right idea, but rounded too far: give three decimals.",
                example=lambda: round(_gap_fc_share(), 2),
                matches=_two_decimals_near(_gap_fc_share),
            ),
        ],
        explanation="""
```python
counts = [
    shapes.conv2d_param_count(5, 1, 32),      # conv1
    shapes.conv2d_param_count(5, 32, 64),     # conv2
    shapes.dense_param_count(64, 1024),       # fc, fed 64 averages
    shapes.dense_param_count(1024, 10),       # logits
]
answer = counts[2] / sum(counts)
```
fc shrinks from (3,136 + 1)·1,024 to (64 + 1)·1,024 = 66,560 parameters, and its share
from about 0.98 to about 0.52. Keras has this layer as `GlobalAveragePooling2D`.
""",
    ),
    Exercise(
        id="02.3",
        task=(
            "He initialisation draws a ReLU layer's weights with standard deviation "
            "sqrt(2 / fan_in). What standard deviation does conv2's kernel get?"
        ),
        form=Number("the standard deviation", atol=1e-4),
        solve=lambda: _he_std(5 * 5 * 32),
        reason=lambda s: f"Correct: sqrt(2 / 800) = {s:.3f}.",
        hint=(
            "fan_in is the number of inputs one output unit of conv2 sees: "
            "its kernel's height × width × input channels."
        ),
        mistakes=[
            Mistake(
                "He's formula has a 2 in the numerator: sqrt(2 / fan_in), not sqrt(1 / fan_in).",
                example=lambda: math.sqrt(1 / (5 * 5 * 32)),
            ),
            Mistake(
                "fan_in includes the 32 input channels: one output unit sees 5·5·32 inputs.",
                example=lambda: _he_std(5 * 5),
            ),
            Mistake(
                "That uses the 64 filters (fan_out); He's scale uses fan_in, the inputs one "
                "unit sees.",
                example=lambda: _he_std(64),
            ),
            Mistake(
                "That is Glorot's scale, which the notebook uses for the logits layer; "
                "conv2 is followed by a ReLU, so it gets He's.",
                example=lambda: math.sqrt(2 / (5 * 5 * 32 + 64)),
            ),
            Mistake(
                "That is the variance, 2 / fan_in; the standard deviation is its square root.",
                example=lambda: 2 / (5 * 5 * 32),
            ),
        ],
        explanation="""
`answer = math.sqrt(2 / (5 * 5 * 32))`, which is 0.05.

One output unit of conv2 sums a 5×5 window over all 32 input channels: fan_in = 800.
He's scale keeps the variance of a ReLU layer's outputs similar to its inputs'.
""",
    ),
    Exercise(
        id="02.4",
        task=(
            "Replace the first max-pool by a stride of 2 in the first convolution: "
            'tf.nn.conv2d(x, k["conv1"], strides=2, padding="SAME"), with no pool1. '
            "What is the (height, width) of its output for a 28×28 input?"
        ),
        form=IntPair("the output size"),
        solve=lambda: (shapes.conv_output_size(28, 5, stride=2, padding="same"),) * 2,
        reason=lambda hw: (
            f"Correct: {hw}. SAME padding gives ceil(28 / 2), the size pool1 gave, so the "
            "rest of the net works unchanged."
        ),
        hint=(
            "With SAME padding the output size depends only on the input size and the "
            "stride: ceil(input / stride)."
        ),
        mistakes=[
            Mistake(
                "That is the VALID size, floor((28 − 5) / 2) + 1; with SAME the kernel size "
                "does not matter: ceil(28 / 2).",
                example=lambda: (shapes.conv_output_size(28, 5, stride=2),) * 2,
            ),
            Mistake(
                "A stride of 2 moves the window two pixels at a time, so the output is "
                "about half the size; SAME alone keeps 28 only at stride 1.",
                example=lambda: (28, 28),
            ),
            Mistake(
                "Sizes are whole numbers: (28 − 5)/2 + 1 needs a floor, and that is the VALID "
                "formula anyway; SAME gives ceil(28 / 2).",
                example=lambda: ((28 - 5) / 2 + 1,) * 2,
                matches=lambda v: len(v) == 2 and all(float(x) == (28 - 5) / 2 + 1 for x in v),
                raw=True,
            ),
        ],
        explanation="""
`answer = (14, 14)`, or `(shapes.conv_output_size(28, 5, stride=2, padding="same"),) * 2`.

TF's SAME padding gives an output of ceil(input / stride) = ceil(28 / 2), whatever the
kernel size. It is the size pool1 gave, so the rest of the net and its parameter count
stay the same; the layer now learns its own downsampling, and it computes a quarter of
the positions it did at stride 1.
""",
    ),
    Exercise(
        id="02.5",
        task=(
            "Feed the net 32×32 grey images instead of 28×28. How many numbers does the "
            "flatten step produce?"
        ),
        form=Int("the flatten size"),
        solve=lambda: _flatten_size(32),
        reason=lambda n: (
            f"Correct: {n:,}. Change 7 * 7 * 64 in make_variables (fc's kernel) and in "
            "__call__ (the reshape) to match."
        ),
        hint=(
            "Follow one side through the net: SAME convs at stride 1 keep it, each 2×2 "
            "pool halves it; then multiply height × width × channels."
        ),
        mistakes=[
            Mistake(
                "Include the channels: flatten lines up height × width × 64 numbers.",
                example=lambda: (32 // 4) ** 2,
            ),
            Mistake(
                "That is the size after one pool only; the net pools twice.",
                example=lambda: (32 // 2) ** 2 * 64,
            ),
            Mistake(
                "That treats the convs as VALID (each takes 4 pixels off); the net's convs "
                "use SAME padding, which keeps the size.",
                example=lambda: (((32 - 4) // 2 - 4) // 2) ** 2 * 64,
            ),
            Mistake(
                "That is the flatten size for 28×28 inputs; follow a 32×32 input through.",
                example=lambda: _flatten_size(28),
            ),
        ],
        explanation="""
`answer = 8 * 8 * 64`, which is 4,096.

SAME convolutions at stride 1 keep 32×32, the two pools halve it to 16 and then 8, and
there are 64 channels. The number appears twice in the net: in `make_variables` (fc's
kernel has shape `(8 * 8 * 64, 1024)`) and in `__call__` (the reshape); change both.
""",
    ),
    Exercise(
        id="02.6",
        task=(
            "Write a function flatten_size(side) that returns the flatten size of this net "
            "for a side×side grey input, for any side of at least 4."
        ),
        form=Function("flatten_size"),
        solve=lambda: _flatten_solution,
        accept=lambda f, _: _gives(f, _flatten_size),
        reason="Correct: it gives the flatten size for every side tested, odd ones included.",
        hint=(
            "Test your function on a few sides against the shape trace: SAME convs keep "
            "the side, each 2×2 VALID pool floors half of it, and there are 64 channels."
        ),
        mistakes=[
            Mistake(
                "Your function returns the same number for every side: compute it from `side`.",
                example=lambda: lambda side: 7 * 7 * 64,
                matches=_constant,
            ),
            Mistake(
                "Your function returns a float: use floor division, side // 2, so that "
                "the sizes stay whole numbers.",
                example=lambda: lambda side: (side / 4) ** 2 * 64,
                matches=_returns_float,
            ),
            Mistake(
                "Right when the side is a multiple of 4 only: side / 4 keeps the fraction "
                "that each pool drops. Use floor division, side // 2, once per pool.",
                example=lambda: lambda side: int((side / 4) ** 2 * 64),
                matches=lambda f: _gives(f, lambda s: int((s / 4) ** 2 * 64)),
            ),
            Mistake(
                "Right for even sides, wrong for odd ones: a 2×2 VALID pool floors "
                "(29 → 14), it does not round up.",
                example=lambda: lambda side: math.ceil(math.ceil(side / 2) / 2) ** 2 * 64,
                matches=lambda f: _gives(f, lambda s: math.ceil(math.ceil(s / 2) / 2) ** 2 * 64),
            ),
            Mistake(
                "Your function shrinks the side at each conv, as VALID padding would; "
                "the net's convs use SAME, which keeps the side.",
                example=lambda: (
                    lambda side: ((side - 4) // 2 - 4) // 2 * (((side - 4) // 2 - 4) // 2) * 64
                ),
                matches=lambda f: _gives(f, lambda s: (((s - 4) // 2 - 4) // 2) ** 2 * 64),
            ),
            Mistake(
                "Your function returns an array or a tensor that is not one number: return "
                "a single whole number, e.g. with int(...).",
                example=lambda: lambda side: np.array([(side // 4) ** 2 * 64] * 2),
                matches=_returns_tensor_of_other_type,
            ),
            Mistake(
                "Your function forgets the 64 channels: flatten lines up "
                "height × width × channels numbers.",
                example=lambda: lambda side: (side // 4) ** 2,
                matches=lambda f: _gives(f, lambda s: (s // 2 // 2) ** 2),
            ),
        ],
        explanation="""
```python
def flatten_size(side):
    side = side // 2  # conv1 (SAME, stride 1) keeps the side; pool1 floors half
    side = side // 2  # the same for conv2 and pool2
    return side * side * 64

answer = flatten_size
```
A SAME convolution at stride 1 keeps the side, and a 2×2 max-pool with stride 2 and
VALID padding gives floor(side / 2): 29 → 14, not 15. Writing one line per pool keeps
the function close to the net, and you can test it against the shape trace at 28.
""",
    ),
    Exercise(
        id="02.7",
        task=(
            "A TF1 script says keep_prob = 0.8 and calls tf.nn.dropout(fc, keep_prob). "
            "Which rate do you pass to TF2's tf.nn.dropout to keep the same behaviour?"
        ),
        form=Number("the rate", atol=1e-6),
        solve=lambda: 1 - 0.8,
        reason="Correct: rate = 1 − keep_prob, so 80% of the units survive.",
        hint="TF2's second argument is the share of units to drop; TF1's was the share to keep.",
        mistakes=[
            Mistake(
                "That is the keep probability: TF2's rate is the share to *drop*, "
                "so this would drop 80% of the units.",
                example=lambda: 0.8,
            ),
            Mistake(
                "Give the rate as a fraction between 0 and 1, not a percentage.",
                example=lambda: 20,
                matches=lambda v: abs(v - 20) < 1e-6,
            ),
        ],
        explanation="""
`answer = 1 - 0.8`, that is 0.2: TF2's `tf.nn.dropout(x, rate)` takes the drop rate,
the share of units to zero. Passing 0.8 would drop 80% of the units instead of 20%.
""",
    ),
    Exercise(
        id="02.8",
        task=(
            "Port TF1 dropout with keep_prob = 0.9: write dropout(fc, training) that "
            "drops units with TF2's tf.nn.dropout while training and returns fc unchanged "
            "otherwise."
        ),
        form=Function("dropout"),
        solve=lambda: _dropout_solution,
        accept=_dropout_accept,
        reason=(
            "Correct: about 90% of the units survive in training, scaled by 1/0.9, and "
            "evaluation leaves fc as it is."
        ),
        hint=(
            "Call your function on tf.ones([1, 1000]) with training=True and False, and "
            "count the survivors and their value."
        ),
        mistakes=[
            Mistake(
                "Only about 10% of the units survive: you passed the keep probability as "
                "the rate. TF2's rate is the share to drop, 1 − keep_prob.",
                example=lambda: _dropout_keep_as_rate,
                matches=_is_dropout(0.1),
            ),
            Mistake(
                "TF2's tf.nn.dropout has no keep_prob argument (calling it raises a "
                "TypeError): pass the drop rate instead, rate=1 - keep_prob.",
                example=lambda: _dropout_keep_prob_keyword,
                matches=_raises_keep_prob_type_error,
            ),
            Mistake(
                "With training=False the function must return fc unchanged: no dropout, and "
                "no TF1-style scaling by keep_prob either (TF2 scales the survivors while "
                "training).",
                example=lambda: _dropout_always,
                matches=lambda f: not _eval_is_identity(f),
            ),
            Mistake(
                "The survivors keep their value 1: dropout must scale them by "
                "1 / (1 − rate) so the expected sum stays the same. tf.nn.dropout does it.",
                example=lambda: _dropout_unscaled,
                matches=lambda f: (
                    abs(_dropout_stats(f, True)[0] - 0.9) < 0.01
                    and abs(_dropout_stats(f, True)[1] - 1) < 1e-6
                ),
            ),
            Mistake(
                "Nothing is dropped when training=True: call tf.nn.dropout in that case.",
                example=lambda: _dropout_never,
                matches=lambda f: _dropout_stats(f, True)[0] == 1,
            ),
            Mistake(
                "tf.nn.dropout raised: the rate must be a fraction in [0, 1), not a percentage.",
                example=lambda: _dropout_percent,
                matches=_raises_on_rate,
            ),
        ],
        explanation="""
```python
def dropout(fc, training):
    return tf.nn.dropout(fc, rate=1 - 0.9) if training else fc

answer = dropout
```
TF2's `rate` is the share to drop, 1 − keep_prob = 0.1. `tf.nn.dropout` zeroes about
10% of the units and scales the others by 1/0.9, so the expected sum stays the same;
at evaluation the layer is the identity, as `ConvNet.__call__` does with `training`.
""",
    ),
]
