"""A lecture's Keras net trained on full Fashion-MNIST, on whatever Keras backend is set.

    python benchmarks/bench_gpu_keras.py                      # lecture 3's net, TF backend
    KERAS_BACKEND=jax python benchmarks/bench_gpu_keras.py --data DIR   # e.g. on a GPU box

Why it exists: the GPU machines lent to this project have JAX but no TensorFlow, and the
TensorFlow wheel (573 MB) is far larger than what can be carried there. Keras 3 runs the same
model code on the JAX backend, so this script measures what a GPU does for a lecture's net
without TensorFlow. The figures are for *Keras on JAX*, not for the course's TensorFlow
backend, and PERFORMANCE.md says so wherever it quotes them.

The net is not copied here: the script reads the notebook, takes its top-level function
definitions (``def build_fashion_net``, ``def conv_block``, ...) and runs them with ``keras``
and ``layers`` in scope, so the measured net is the lecture's own. Training follows the
lecture: Adam with cosine decay from ``--lr``, batch ``--batch``, ``--epochs`` epochs on the
60,000 training images (no validation split: this measures speed, then test accuracy once).
It prints one line per epoch (seconds, images/s) and a JSON summary; the first epoch includes
tracing and compilation, so the steady rate is the median of the others.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEBIAN = Path("/usr/share/datasets/fashion-mnist")


def course_module(name: str):
    """Import ``course_utils.<name>`` alone, without running ``course_utils/__init__``.

    The package's ``__init__`` imports the notebook widgets (ipywidgets), which a bare GPU
    machine lacks; a bare package object lets one module and what it imports load alone.
    """
    import importlib
    import sys
    import types

    if "course_utils" not in sys.modules:
        package = types.ModuleType("course_utils")
        package.__path__ = [str(ROOT / "course_utils")]
        sys.modules["course_utils"] = package
    return importlib.import_module(f"course_utils.{name}")


def load(folder: Path):
    """The four Fashion-MNIST files of ``folder``, checked by SHA-256 (course_utils.data)."""
    arrays = course_module("data").read_fashion_folder(folder)
    x_train, x_test = arrays["train-images-idx3-ubyte"], arrays["t10k-images-idx3-ubyte"]
    y_train, y_test = arrays["train-labels-idx1-ubyte"], arrays["t10k-labels-idx1-ubyte"]
    return x_train[..., None], y_train.astype("int32"), x_test[..., None], y_test.astype("int32")


def notebook_functions(notebook: Path, namespace: dict) -> dict:
    """Run every top-level ``def`` of the notebook's code cells in ``namespace``."""
    cells = json.loads(notebook.read_text())["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics
            continue
        defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        if defs:
            exec(compile(ast.Module(body=defs, type_ignores=[]), str(notebook), "exec"), namespace)
    return namespace


def module_function(spec: str):
    """``course_utils.blocks:build_record_net``: a function of one course_utils module."""
    module_name, function = spec.split(":")
    return getattr(course_module(module_name.removeprefix("course_utils.")), function)


def device_name() -> str:
    import keras

    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        return f"jax {jax.__version__}: " + ", ".join(str(d.device_kind) for d in jax.devices())
    if backend == "tensorflow":
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        return f"tensorflow {tf.__version__}: " + (", ".join(g.name for g in gpus) or "CPU")
    return backend


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebook", default="notebooks/03_keras_convnet.ipynb")
    parser.add_argument(
        "--builder",
        default="build_fashion_net",
        help="a function defined in --notebook, or module:function (course_utils.blocks:...)",
    )
    parser.add_argument("--flip", action="store_true", help="RandomFlip('horizontal') first")
    parser.add_argument("--translate", type=float, default=0.0, help="RandomTranslation")
    parser.add_argument("--kwargs", type=json.loads, default={}, help="builder keywords (JSON)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--data", type=Path, default=DEBIAN, help="folder with the 4 IDX .gz files")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args()

    import keras
    from keras import layers

    keras.utils.set_random_seed(args.seed)
    x_train, y_train, x_test, y_test = load(args.data)
    if ":" in args.builder:
        build = module_function(args.builder)
    else:
        namespace = {"keras": keras, "layers": layers, "np": np}
        build = notebook_functions(ROOT / args.notebook, namespace)[args.builder]
    augment = [layers.RandomFlip("horizontal")] if args.flip else []
    if args.translate:
        augment.append(layers.RandomTranslation(args.translate, args.translate))
    augmentation = keras.Sequential(augment, name="augment") if augment else None
    model = build(augmentation, **args.kwargs)
    steps = args.epochs * -(-len(x_train) // args.batch)
    model.compile(
        optimizer=keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(args.lr, steps)),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            seconds.append(time.perf_counter() - self.start)
            rate = len(x_train) / seconds[-1]
            print(f"epoch {epoch + 1}: {seconds[-1]:.2f} s, {rate:,.0f} images/s", flush=True)

    seconds: list[float] = []
    model.fit(
        x_train, y_train, batch_size=args.batch, epochs=args.epochs, verbose=0, callbacks=[Timer()]
    )
    _, accuracy = model.evaluate(x_test, y_test, batch_size=1024, verbose=0)
    steady = statistics.median(seconds[1:]) if len(seconds) > 1 else seconds[0]
    summary = {
        "notebook": args.notebook,
        "builder": args.builder,
        "flip": args.flip,
        "translate": args.translate,
        "kwargs": args.kwargs,
        "params": int(model.count_params()),
        "backend": keras.backend.backend(),
        "device": device_name(),
        "keras": keras.__version__,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "seed": args.seed,
        "epochs": args.epochs,
        "batch": args.batch,
        "epoch_seconds": [round(s, 3) for s in seconds],
        "steady_images_per_s": round(len(x_train) / steady),
        "train_seconds": round(sum(seconds), 2),
        "test_accuracy": round(float(accuracy), 4),
    }
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
