"""Exercises of lecture 05 with a number or an array for answer: batch norm by hand, a
bottleneck's parameters, the separable fraction, a test set's sampling error."""

from __future__ import annotations

import numpy as np

from course_utils.exercises._core import Array, Exercise, Int, Mistake, Number
from course_utils.exercises.lecture05._common import (
    bn_infer,
    bn_with_batch_stats,
    bottleneck_params,
    moving_mean_after,
    separable_fraction,
    standard_error,
)

EXERCISES = [
    Exercise(
        id="05.1",
        task=(
            "Batch norm at inference with moving_mean [1, -2], moving_variance [4, 0.25], "
            "gamma [2, 1], beta [0, 0.5], epsilon 0, on the input [[3, -1]]: the output."
        ),
        form=Array((1, 2), "the output"),
        solve=bn_infer,
        reason="Correct: gamma·(x − moving_mean)/sqrt(moving_variance) + beta, per channel.",
        hint=(
            "Per channel: subtract the moving mean, divide by the square root of the moving "
            "variance, multiply by gamma, add beta."
        ),
        mistakes=[
            Mistake(
                "You divided by the variance: divide by its square root, the standard deviation.",
                example=lambda: bn_infer(root=False),
            ),
            Mistake(
                "You left out beta: add it after scaling.", example=lambda: bn_infer(beta=False)
            ),
            Mistake(
                "You left out gamma: multiply the normalised value by it.",
                example=lambda: bn_infer(gamma=False),
            ),
            Mistake("You added the moving mean: subtract it.", example=lambda: bn_infer(sign=-1.0)),
            Mistake(
                "That is training mode on a batch of one image (each value is its own mean, "
                "so only beta is left). At inference the layer uses the stored statistics.",
                example=bn_with_batch_stats,
            ),
            Mistake(
                "You used Keras' default epsilon, 1e-3: this layer has epsilon = 0, so "
                "divide by the square root of the moving variance alone.",
                example=lambda: bn_infer(epsilon=1e-3),
            ),
            Mistake(
                "Right values, wrong shape: the input is one image, shape (1, 2), and so is "
                "the output. Wrap your pair in another pair of brackets.",
                example=lambda: bn_infer()[0],
                matches=lambda v: np.shape(v) == (2,) and np.allclose(v, bn_infer()[0]),
                raw=True,
            ),
        ],
        explanation="""
```python
answer = blocks.batch_norm_infer(
    [[3.0, -1.0]], gamma=[2, 1], beta=[0, 0.5], mean=[1, -2], variance=[4, 0.25],
    epsilon=0.0,
)
```
Channel 0: (3 − 1) / √4 · 2 + 0 = 2. Channel 1: (−1 − (−2)) / √0.25 · 1 + 0.5 = 2.5.
At inference batch norm is one multiply-add per value with the stored statistics; the
batch plays no part.
""",
    ),
    Exercise(
        id="05.2",
        task=(
            "A batch norm layer with momentum 0.9 holds moving_mean 0 and sees a training "
            "batch with mean 5: moving_mean after the step."
        ),
        form=Number("the moving mean"),
        solve=moving_mean_after,
        reason="Correct: momentum·old + (1 − momentum)·batch mean.",
        hint="moving_mean ← momentum · moving_mean + (1 − momentum) · batch mean.",
        mistakes=[
            Mistake(
                "You swapped the weights: the old value keeps the share momentum (0.9), the "
                "batch mean gets 1 − momentum.",
                example=lambda: 0.9 * 5.0,
            ),
            Mistake(
                "The moving mean does not jump to the batch mean: it moves a fraction "
                "1 − momentum of the way.",
                example=lambda: 5.0,
            ),
            Mistake(
                "In training each step does update the moving statistics (only inference "
                "leaves them alone).",
                example=lambda: 0.0,
            ),
            Mistake(
                "That is Keras' default momentum, 0.99; this layer has momentum 0.9.",
                example=lambda: moving_mean_after(momentum=0.99),
            ),
        ],
        explanation="""
```python
answer = 0.9 * 0 + (1 - 0.9) * 5
```
With momentum 0.9 each step moves the moving mean a tenth of the way to the batch mean:
0.5. Keras' default momentum, 0.99, would move it a hundredth of the way.
""",
    ),
    Exercise(
        id="05.3",
        task=(
            "count_params() of a ResNet bottleneck on 14×14×256: 1×1 conv to 64, 3×3 conv "
            "at 64, 1×1 conv to 256, no biases, batch norm after each, identity shortcut."
        ),
        form=Int("the parameter count"),
        solve=bottleneck_params,
        reason=lambda n: f"Correct: {n:,} parameters, batch norm's four per channel included.",
        hint=(
            "Add the three kernels (kh·kw·c_in·c_out each) and 4 numbers per output channel "
            "for each batch norm; the identity shortcut has none."
        ),
        mistakes=[
            Mistake(
                "You left out the three batch norms: count_params() counts 4 numbers per "
                "channel for each (gamma, beta, moving mean, moving variance).",
                example=lambda: bottleneck_params(batch_norm=0),
            ),
            Mistake(
                "count_params() also counts batch norm's moving mean and variance, which are "
                "not trained: 4 per channel, not 2.",
                example=lambda: bottleneck_params(batch_norm=2),
            ),
            Mistake(
                "These convolutions have no bias (batch norm's beta replaces it).",
                example=lambda: bottleneck_params(bias=True),
            ),
            Mistake(
                "The shortcut here is the identity, which has no parameters; a projection "
                "appears only when the shape changes.",
                example=lambda: bottleneck_params(projection=True),
            ),
            Mistake(
                "Each of the three convolutions has its own batch norm, with 4 numbers per "
                "channel of that convolution's output (64, 64 and 256 channels).",
                example=lambda: bottleneck_params(bn_after=(2,)),
                matches=lambda n: (
                    n in {bottleneck_params(bn_after=a) for a in ((2,), (0, 1), (0,), (1, 2))}
                ),
            ),
        ],
        explanation="""
```python
convs = [costs.conv2d_cost(14, 1, 256, 64, use_bias=False),
         costs.conv2d_cost(14, 3, 64, 64, padding="same", use_bias=False),
         costs.conv2d_cost(14, 1, 64, 256, use_bias=False)]
answer = sum(c.params for c in convs) + 4 * (64 + 64 + 256)
```
Kernels: 256·64 + 9·64·64 + 64·256 = 69,632. Batch norms: 4·(64 + 64 + 256) = 1,536.
The map size (14×14) changes the multiply-adds, not the parameters.
""",
    ),
    Exercise(
        id="05.5",
        task=(
            "A 5×5 convolution from 128 to 256 channels becomes depthwise-separable: the "
            "fraction of the multiply-adds that remains."
        ),
        form=Number("the fraction", atol=1e-4),
        solve=separable_fraction,
        reason="Correct: 1/C_out + 1/k², about 4.4% of the full convolution's work.",
        hint=(
            "Divide the separable count, H·W·C_in·(k² + C_out), by the full one, H·W·C_in·C_out·k²."
        ),
        mistakes=[
            Mistake(
                "You used the input channels: the formula has 1/C_out, the output channels.",
                example=lambda: separable_fraction(c_out=128),
            ),
            Mistake(
                "Square the kernel size: a 5×5 depthwise filter has 25 weights.",
                example=lambda: separable_fraction(squared=False),
            ),
            Mistake(
                "That is how many times fewer (full / separable); the question asks for the "
                "fraction that remains (separable / full).",
                example=lambda: 1 / separable_fraction(),
            ),
            Mistake(
                "That is the fraction saved; the question asks for the fraction that remains.",
                example=lambda: 1 - separable_fraction(),
            ),
            Mistake(
                "That is the 1×1 pointwise part alone (1/k² of the full work); add the "
                "depthwise part, 1/C_out.",
                example=lambda: 1 / 25,
            ),
            Mistake(
                "That is the depthwise part alone (1/C_out of the full work); add the "
                "pointwise part, 1/k².",
                example=lambda: 1 / 256,
            ),
            Mistake(
                "That is a percentage; give the fraction (divide by 100).",
                example=lambda: 100 * separable_fraction(),
                matches=lambda v: abs(v - 100 * separable_fraction()) < 0.01,
            ),
        ],
        explanation="""
```python
answer = blocks.separable_saving(5, 256)  # 1/256 + 1/25
```
Separable: H·W·128·25 (depthwise) + H·W·128·256 (pointwise). Full: H·W·128·256·25.
The ratio is 1/256 + 1/25 ≈ 0.0439: the 1×1 part dominates.
""",
    ),
    Exercise(
        id="05.6",
        task=(
            "The sampling standard error of one accuracy near 89% measured on 2,000 test "
            "images, as a fraction."
        ),
        form=Number("the standard error", atol=3e-4),
        solve=standard_error,
        reason=(
            "Correct: about 0.7 points. Two scores 0.6 points apart on one test set are "
            "within one standard error of each other: not a difference to trust alone."
        ),
        hint="A score is a mean of 2,000 right-or-wrong trials: sqrt(p·(1 − p)/n).",
        mistakes=[
            Mistake(
                "That is the standard error in points; give it as a fraction (divide by 100).",
                example=lambda: 100 * standard_error(),
            ),
            Mistake(
                "That is the variance p·(1 − p)/n (or smaller): take its square root.",
                example=lambda: standard_error() ** 2,
            ),
            Mistake(
                "sqrt(1/n) leaves out p·(1 − p), which is 0.098 here, not 1.",
                example=lambda: float(np.sqrt(1 / 2000)),
            ),
            Mistake(
                "That is the standard error of the difference of two independent scores "
                "(√2 times larger); the question asks for one score's.",
                example=lambda: float(np.sqrt(2)) * standard_error(),
            ),
            Mistake(
                "That is the half-width of a 95% interval (1.96 standard errors); give one "
                "standard error.",
                example=lambda: 1.96 * standard_error(),
            ),
        ],
        explanation="""
```python
answer = math.sqrt(0.89 * 0.11 / 2000)
```
About 0.0070, 0.7 points. The difference of two independent such scores has a standard
error about √2 times larger (1 point), so 0.6 points is well within noise; on the same
test images the two scores are correlated, and a paired comparison (which images each
variant gets right) is sharper.
""",
    ),
]
