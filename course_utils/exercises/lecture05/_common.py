"""The problems of lecture 05's exercises and the functions that compute their answers
and typical mistakes."""

from __future__ import annotations

import math

import numpy as np

from course_utils import blocks, costs

# 05.1: stored statistics of a BatchNormalization layer, and one image with two channels.
BN = {
    "moving_mean": np.array([1.0, -2.0]),
    "moving_variance": np.array([4.0, 0.25]),
    "gamma": np.array([2.0, 1.0]),
    "beta": np.array([0.0, 0.5]),
}
BN_INPUT = np.array([[3.0, -1.0]])


def bn_infer(gamma=True, beta=True, sign=1.0, root=True, epsilon=0.0) -> np.ndarray:
    """The inference output, or a mistake: no gamma, no beta, mean added, no square root,
    Keras' default epsilon (1e-3) instead of the stated 0."""
    var = BN["moving_variance"] if root else BN["moving_variance"] ** 2
    return blocks.batch_norm_infer(
        BN_INPUT,
        BN["gamma"] if gamma else 1.0,
        BN["beta"] if beta else 0.0,
        sign * BN["moving_mean"],
        var,
        epsilon=epsilon,
    )


def bn_with_batch_stats() -> np.ndarray:
    """Training mode on a batch of one image: each channel's value is its own mean."""
    y, _, _ = blocks.batch_norm_train(BN_INPUT, BN["gamma"], BN["beta"], 0.0, 1.0, 0.9)
    return y


# 05.2: the moving mean after one step.
def moving_mean_after(momentum=0.9, batch_mean=5.0) -> float:
    batch = np.full((4, 1), batch_mean)
    _, mean, _ = blocks.batch_norm_train(batch, [1.0], [0.0], [0.0], [1.0], momentum)
    return float(mean[0])


# 05.3: a ResNet bottleneck at 14×14×256.
def bottleneck_params(batch_norm=4, bias=False, projection=False, bn_after=(0, 1, 2)) -> int:
    convs = [
        costs.conv2d_cost(14, 1, 256, 64, use_bias=bias),
        costs.conv2d_cost(14, 3, 64, 64, padding="same", use_bias=bias),
        costs.conv2d_cost(14, 1, 64, 256, use_bias=bias),
    ]
    total = sum(c.params for c in convs)
    total += sum(batch_norm * convs[i].output_shape[-1] for i in bn_after)
    if projection:
        total += costs.conv2d_cost(14, 1, 256, 256, use_bias=False).params + 4 * 256
    return total


# 05.5: the separable fraction for 5×5, 128 → 256.
def separable_fraction(c_out=256, k=5, squared=True) -> float:
    full = costs.conv2d_cost(14, k, 128, c_out, padding="same")
    sep = costs.separable_conv2d_cost(14, k, 128, c_out, padding="same")
    exact = sep.mult_adds / full.mult_adds
    assert math.isclose(exact, blocks.separable_saving(k, c_out))
    return exact if squared else 1 / c_out + 1 / k


# 05.6: the standard error of an accuracy near 89% on 2,000 images.
def standard_error(p=0.89, n=2000) -> float:
    return math.sqrt(p * (1 - p) / n)
