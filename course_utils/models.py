"""The lecture-2 convnet, defined once for the tools: benchmarks, tests and docs.

Notebooks 02 and 03 keep their hand-written versions as teaching material and assert that
they match this definition; everything else builds the net from here, so a benchmark cannot
quietly measure a different net.

The net: conv 5×5×32 SAME + ReLU → max-pool 2 → conv 5×5×64 SAME + ReLU → max-pool 2 →
flatten → dense 1,024 + ReLU → dropout 0.5 → dense 10 (logits), on 28×28×1 images.

Importing this module does not import TensorFlow; the functions that need it import it.

Examples
--------
>>> lecture2_variable_shapes()["fc_kernel"]
(3136, 1024)
>>> lecture2_param_count()
3274634
"""

from __future__ import annotations

import math

from course_utils import shapes

__all__ = [
    "CONV_LAYERS",
    "DENSE_UNITS",
    "DROPOUT_RATE",
    "INPUT_SHAPE",
    "NUM_CLASSES",
    "Lecture2Net",  # noqa: F822 (made on first use by __getattr__, below)
    "build_lecture2_keras",
    "lecture2_param_count",
    "lecture2_variable_shapes",
]

INPUT_SHAPE = (28, 28, 1)
#: (name, filters, kernel size) of each conv layer; each is followed by a 2×2 max-pool.
CONV_LAYERS = (("conv1", 32, 5), ("conv2", 64, 5))
POOL_SIZE = 2
DENSE_UNITS = 1024
DROPOUT_RATE = 0.5
NUM_CLASSES = 10


def _flat_size() -> int:
    """Units after the last pool: each SAME conv keeps the size, each pool halves it."""
    (height, width, _), channels = INPUT_SHAPE, CONV_LAYERS[-1][1]
    for _name, _filters, kernel in CONV_LAYERS:
        height, width = (
            shapes.pool_output_size(shapes.conv_output_size(n, kernel, 1, "same"), POOL_SIZE)
            for n in (height, width)
        )
    return height * width * channels


def lecture2_variable_shapes() -> dict[str, tuple[int, ...]]:
    """Return the shape of every trainable variable, by name, in the order of the layers.

    Examples
    --------
    >>> for name, shape in lecture2_variable_shapes().items():
    ...     print(name, shape)
    conv1_kernel (5, 5, 1, 32)
    conv1_bias (32,)
    conv2_kernel (5, 5, 32, 64)
    conv2_bias (64,)
    fc_kernel (3136, 1024)
    fc_bias (1024,)
    out_kernel (1024, 10)
    out_bias (10,)
    """
    result: dict[str, tuple[int, ...]] = {}
    channels = INPUT_SHAPE[-1]
    for name, filters, kernel in CONV_LAYERS:
        result[f"{name}_kernel"] = (kernel, kernel, channels, filters)
        result[f"{name}_bias"] = (filters,)
        channels = filters
    result["fc_kernel"] = (_flat_size(), DENSE_UNITS)
    result["fc_bias"] = (DENSE_UNITS,)
    result["out_kernel"] = (DENSE_UNITS, NUM_CLASSES)
    result["out_bias"] = (NUM_CLASSES,)
    return result


def lecture2_param_count() -> int:
    """Return the number of trainable parameters (Keras' ``count_params()``).

    Examples
    --------
    >>> f"{lecture2_param_count():,}"
    '3,274,634'
    """
    return sum(math.prod(shape) for shape in lecture2_variable_shapes().values())


def build_lecture2_keras(*, name: str = "lecture2_net"):
    """Return the net as an uncompiled ``keras.Sequential`` (logits out, no softmax).

    Layers are named ``conv1, pool1, conv2, pool2, flatten, fc, dropout, logits``, as in
    notebook 03. Compile it as the tool needs (optimizer, ``jit_compile``, ...).
    """
    import keras
    from keras import layers

    stack: list = [keras.Input(shape=INPUT_SHAPE)]
    for i, (conv_name, filters, kernel) in enumerate(CONV_LAYERS, 1):
        stack += [
            layers.Conv2D(filters, kernel, padding="same", activation="relu", name=conv_name),
            layers.MaxPooling2D(POOL_SIZE, name=f"pool{i}"),
        ]
    stack += [
        layers.Flatten(name="flatten"),
        layers.Dense(DENSE_UNITS, activation="relu", name="fc"),
        layers.Dropout(DROPOUT_RATE, name="dropout"),
        layers.Dense(NUM_CLASSES, name="logits"),
    ]
    return keras.Sequential(stack, name=name)


def _make_lecture2_net_class():
    """Define :class:`Lecture2Net` on first use, so that importing this module needs no TF."""
    import keras
    import tensorflow as tf

    class Lecture2Net(tf.Module):
        """The net with ``tf.Variable`` weights and ``tf.nn`` ops, as lecture 2 writes it.

        Kernels start Glorot-uniform (seeded), biases at zero. Call it on a float32
        ``(batch, 28, 28, 1)`` tensor to get ``(batch, 10)`` logits; ``training=True``
        applies dropout.
        """

        def __init__(self, seed: int = 0, dropout_rate: float = DROPOUT_RATE, name=None):
            super().__init__(name=name)
            init = keras.initializers.GlorotUniform(seed=seed)
            self.dropout_rate = dropout_rate
            self.variables_by_name = {
                key: tf.Variable(
                    init(shape) if key.endswith("_kernel") else tf.zeros(shape), name=key
                )
                for key, shape in lecture2_variable_shapes().items()
            }

        def __call__(self, x, training: bool = False):
            v = self.variables_by_name
            h = x
            for conv_name, _filters, _kernel in CONV_LAYERS:
                h = tf.nn.conv2d(h, v[f"{conv_name}_kernel"], strides=1, padding="SAME")
                h = tf.nn.relu(h + v[f"{conv_name}_bias"])
                h = tf.nn.max_pool2d(h, ksize=POOL_SIZE, strides=POOL_SIZE, padding="VALID")
            h = tf.reshape(h, (-1, v["fc_kernel"].shape[0]))
            h = tf.nn.relu(tf.matmul(h, v["fc_kernel"]) + v["fc_bias"])
            if training:
                h = tf.nn.dropout(h, rate=self.dropout_rate)
            return tf.matmul(h, v["out_kernel"]) + v["out_bias"]

    Lecture2Net.__module__ = __name__
    return Lecture2Net


def __getattr__(name: str):
    # Lecture2Net subclasses tf.Module, so it is created (and cached) when first asked for.
    if name == "Lecture2Net":
        cls = _make_lecture2_net_class()
        globals()["Lecture2Net"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
