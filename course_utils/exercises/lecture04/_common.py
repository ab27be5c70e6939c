"""Shared helpers and constants of the exercises of lecture 04: the problems' data
and the functions that compute reference answers and typical mistakes."""

from __future__ import annotations

import numpy as np

from course_utils import costs, shapes
from course_utils.exercises._core import Array


def _is_float(value) -> bool:
    return isinstance(value, float | np.floating)


def _fractional(value) -> bool:
    """A float that is not whole: a forgotten floor or ceil. A whole float (8.0) is left
    to the form's own hint, which says to wrap it in int(...)."""
    return _is_float(value) and not float(value).is_integer()


def _close(value, target) -> bool:
    return _is_float(value) and abs(float(value) - target) < 1e-6


def _shape_like(value) -> bool:
    """A tuple or list of 3 or 4 ints: a whole NHWC or HWC shape."""
    return (
        isinstance(value, tuple | list)
        and len(value) in (3, 4)
        and all(isinstance(v, int | np.integer) for v in value)
    )


# 04.1 ------------------------------------------------------------------------------------
def _stack_height() -> int:
    after_conv = shapes.conv_output_size(32, 3)
    after_pool = shapes.pool_output_size(after_conv, 2)
    return shapes.conv_output_size(after_pool, 3, stride=2, padding="same")


def _before_last() -> int:
    return shapes.pool_output_size(shapes.conv_output_size(32, 3), 2)


# 04.2 ------------------------------------------------------------------------------------
def _keep_28() -> int:
    before, after = shapes.same_padding(28, 7)
    assert before == after and shapes.conv_output_size(28, 7, padding=before) == 28
    return before


# 04.3 ------------------------------------------------------------------------------------
def _stride_65_to_32() -> int:
    (stride,) = [s for s in range(1, 65) if shapes.conv_output_size(65, 3, s) == 32]
    return stride


# 04.4 ------------------------------------------------------------------------------------
def _dilation_for_7() -> int:
    (dilation,) = [d for d in range(1, 8) if shapes.effective_kernel_size(3, d) == 7]
    return dilation


# 04.5 ------------------------------------------------------------------------------------
def _round_trip(output_padding: int | None) -> int:
    down = shapes.conv_output_size(11, 3, 2, "same")
    return shapes.transposed_conv_output_size(down, 3, 2, "same", output_padding)


def _output_padding_for_11() -> int:
    (pad,) = [p for p in range(2) if _round_trip(p) == 11]
    return pad


# 04.6 ------------------------------------------------------------------------------------
def _field_convs_pool() -> int:
    return shapes.receptive_field([(3, 1)] * 3 + [(2, 2)])[-1]


# 04.7 ------------------------------------------------------------------------------------
def _flatten_34(pool=shapes.pool_output_size) -> int:
    size = 34
    for _ in range(2):
        size = pool(shapes.conv_output_size(size, 5, padding="same"), 2)
    return size * size * 64


# 04.8 ------------------------------------------------------------------------------------
STRIDED = [(3, 1, 1), (3, 2, 1), (3, 1, 3)]  # (kernel_size, stride, dilation)


def _field_strided() -> int:
    return shapes.receptive_field(STRIDED)[-1]


def _field_variant(own_stride=False, use_stride=True, dilated=True, kernel=None) -> int:
    field, jump = 1, 1
    for k, s, d in STRIDED:
        eff = kernel(k, d) if kernel else (shapes.effective_kernel_size(k, d) if dilated else k)
        if own_stride and use_stride:
            jump *= s
        field += (eff - 1) * jump
        if use_stride and not own_stride:
            jump *= s
    return field


# 04.9 ------------------------------------------------------------------------------------
def _split() -> tuple[int, int]:
    return shapes.same_padding(10, 3, stride=4)


# 04.10 -----------------------------------------------------------------------------------
POOL_INPUT = np.array(
    [[1, -2, 3, -1], [-4, 5, -6, -2], [7, -1, -1, -3], [-5, -7, -2, -8]], np.float32
)


def _pool(op: str = "max", size: int = 3, stride: int = 2, padding: str = "SAME") -> np.ndarray:
    import tensorflow as tf

    x = POOL_INPUT[None, :, :, None]
    if op == "zeros":  # the mistake: pad with zeros, then pool without padding
        before, after = shapes.same_padding(4, size, stride)
        x = np.pad(x, [(0, 0), (before, after), (before, after), (0, 0)])
        op, padding = "max", "VALID"
    pool = tf.nn.max_pool2d if op == "max" else tf.nn.avg_pool2d
    return pool(x, size, stride, padding).numpy()[0, :, :, 0].astype(np.float64)


def _array_shape(shape):
    return lambda v: np.shape(v) == shape


# 04.11 -----------------------------------------------------------------------------------
class _Kernel2x2(Array):
    """A 2×2 kernel. The (2, 2, 1, 1) array that tf.nn.conv2d takes for one channel in
    and out holds the same four weights, so it counts as the same answer."""

    def __init__(self, what: str) -> None:
        super().__init__((2, 2), what)
        self.describe = "a 2×2 array (or list of lists, or a 2×2×1×1 conv2d kernel)"

    def parse(self, answer) -> np.ndarray:
        if hasattr(answer, "numpy") and callable(answer.numpy):
            answer = answer.numpy()
        if not isinstance(answer, str):
            try:
                array = np.asarray(answer, dtype=np.float64)
            except (TypeError, ValueError):
                array = None
            if (
                array is not None
                and array.ndim > 2
                and array.shape[:2] == self.shape
                and all(n == 1 for n in array.shape[2:])
            ):
                answer = array.reshape(self.shape)
        return super().parse(answer)


def _avg_kernel() -> np.ndarray:
    return np.full((2, 2), 1 / 4)


def _acts_like_avg_pool(kernel: np.ndarray, _expected) -> bool:
    import tensorflow as tf

    x = np.random.default_rng(0).normal(size=(2, 8, 8, 1)).astype(np.float32)
    w = np.asarray(kernel, np.float32).reshape(2, 2, 1, 1)
    conv = tf.nn.conv2d(x, w, strides=2, padding="VALID")
    return bool(np.allclose(conv, tf.nn.avg_pool2d(x, 2, 2, "VALID"), atol=1e-5))


# 04.12 -----------------------------------------------------------------------------------
def _layer_cost():
    return costs.conv2d_cost(14, 3, 32, 64, strides=2, padding="same")
