"""Exercises of lecture 02, parameters: counts, global average pooling, He initialisation."""

from __future__ import annotations

import math

from course_utils import shapes
from course_utils.exercises._core import Exercise, Int, Mistake, Number
from course_utils.exercises.lecture02._common import (
    _flatten_share,
    _gap_fc_share,
    _he_std,
    _two_decimals_near,
)

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
]
