"""Exercises of lecture 03, layers: parameter counts, padding, porting tf.layers.conv2d."""

from __future__ import annotations

from course_utils.exercises._core import (
    Choice,
    Exercise,
    Instance,
    Int,
    Mistake,
)
from course_utils.exercises.lecture03._common import (
    _conv3,
    _layer_problem,
    _rgb_conv_params,
)

EXERCISES = [
    Exercise(
        id="03.1",
        task="A Conv2D(16, 5) layer reads 32×32 RGB images. How many parameters does it have?",
        form=Int("the parameter count"),
        solve=_rgb_conv_params,
        reason=lambda n: f"Correct: 16 filters of 5·5·3 weights plus one bias each, {n:,}.",
        hint=(
            "Count the weights of one filter (its height × width × input channels), add its "
            "bias, and multiply by the number of filters. The image size plays no part."
        ),
        mistakes=[
            Mistake(
                "You forgot the biases: every filter has one bias besides its 5·5·3 weights.",
                example=lambda: _rgb_conv_params(use_bias=False),
            ),
            Mistake(
                "You forgot the 3 input channels: each filter spans all of R, G and B, so it "
                "has 5·5·3 weights, not 5·5.",
                example=lambda: _rgb_conv_params(channels=1),
            ),
            Mistake(
                "You forgot both the 3 input channels (a filter spans R, G and B) and the "
                "bias of every filter.",
                example=lambda: _rgb_conv_params(channels=1, use_bias=False),
            ),
            Mistake(
                "That counts the output values (height × width × filters), which depend on "
                "the image size; parameters do not.",
                example=lambda: 28 * 28 * 16,
                matches=lambda v: v in (28 * 28 * 16, 32 * 32 * 16),
            ),
        ],
        explanation="""
`answer = (5 * 5 * 3 + 1) * 16`

One filter covers a 5×5 window of all 3 input channels, 5·5·3 = 75 weights, and has one
bias: 76 parameters. Sixteen filters make 16·76 = 1,216. The image size does not enter:
the same filters slide over a 32×32 or a 1000×1000 image. Check it with Keras:

```python
layer = keras.layers.Conv2D(16, 5)
layer.build((None, 32, 32, 3))
answer = layer.count_params()
```
""",
    ),
    Exercise(
        id="03.2",
        task=(
            "Conv2D(32, 5) layers at stride 1 on 28×28 images: which padding keeps every "
            "output 28×28?"
        ),
        form=Choice(["valid", "same"], what="the padding"),
        solve=lambda: "same",
        reason='Correct: "same" pads so that out = ceil(28 / 1) = 28 (any case is accepted).',
        hint="One of the two paddings shrinks the output; pick the one that does not.",
        mistakes=[
            Mistake(
                '"valid" adds no padding, so each 5×5 layer shrinks the output by '
                "kernel_size - 1 = 4 pixels (28 → 24 → 20 ...).",
                example=lambda: "valid",
            ),
        ],
        explanation="""
`answer = "same"`

`"valid"` uses only the windows that fit inside the image: `out = 28 - 5 + 1 = 24`.
`"same"` pads with zeros (4 pixels in all, 2 on each side for a 5×5 kernel) so that
`out = ceil(in / strides) = 28` at stride 1. Keras also accepts `"SAME"` written in
capitals, as TF1 code does, and so does this check.
""",
    ),
    Exercise(
        id="03.3",
        task=(
            "Port tf.layers.conv2d(inputs=x, filters=64, kernel_size=[3, 3], strides=2, "
            "padding='SAME', activation=tf.nn.relu, name='conv3') to a Keras layer."
        ),
        form=Instance(
            "Conv2D",
            what="the layer",
            hint="Assign the layer itself, keras.layers.Conv2D(...), not its output.",
        ),
        solve=_conv3,
        reason="Correct: the same filters, kernel, stride, padding and ReLU as the TF1 line.",
        hint="Compare each argument of your layer with the TF1 call.",
        accept=lambda value, expected: _layer_problem(value) is None,
        mistakes=[
            Mistake(
                "Check strides: the TF1 line moves the window 2 pixels at a time (strides=2); "
                "Conv2D's default is 1.",
                example=lambda: _conv3(strides=1),
                matches=lambda v: _layer_problem(v) == "strides",
            ),
            Mistake(
                "Check padding: the TF1 line pads ('SAME'); Conv2D's default is \"valid\". "
                'Keras spells it "same".',
                example=lambda: _conv3(padding="valid"),
                matches=lambda v: _layer_problem(v) == "padding",
            ),
            Mistake(
                "Check activation: the TF1 line applies ReLU (activation=tf.nn.relu); "
                "Conv2D's default is no activation at all.",
                example=lambda: _conv3(activation=None),
                matches=lambda v: _layer_problem(v) == "activation",
            ),
            Mistake(
                "Check activation: the TF1 line applies ReLU (activation=tf.nn.relu), not "
                'this function; use activation="relu".',
                example=lambda: _conv3(activation="sigmoid"),
                matches=lambda v: _layer_problem(v) == "other activation",
            ),
            Mistake(
                'Check activation: "relu6" caps its output at 6, tf.nn.relu does not; use '
                'activation="relu".',
                example=lambda: _conv3(activation="relu6"),
                matches=lambda v: _layer_problem(v) == "relu6",
            ),
            Mistake(
                "Check use_bias: tf.layers.conv2d adds a bias by default, and so does Conv2D "
                "(use_bias=True); keep it.",
                example=lambda: _conv3(use_bias=False),
                matches=lambda v: _layer_problem(v) == "use_bias",
            ),
            Mistake(
                "Check data_format: TF1's default, like Keras', is channels_last (NHWC); "
                'leave data_format out or pass "channels_last".',
                example=lambda: _conv3(data_format="channels_first"),
                matches=lambda v: _layer_problem(v) == "data_format",
            ),
            Mistake(
                "Check filters and kernel_size: the TF1 line asks for 64 filters of 3×3.",
                example=lambda: _conv3(filters=32, kernel_size=5),
                matches=lambda v: _layer_problem(v) in ("filters", "kernel_size"),
            ),
        ],
        explanation="""
`answer = keras.layers.Conv2D(64, 3, strides=2, padding="same", activation="relu", name="conv3")`

The layer holds the configuration; it is called on `x` later (`conv = answer(x)`).
`kernel_size=3` means 3×3, `padding="same"` is TF1's `'SAME'`, and `activation="relu"`
replaces `tf.nn.relu`. Leaving out `strides`, `padding` or `activation` silently gives
Keras' defaults: stride 1, `"valid"` and no activation.
""",
    ),
]
