"""Shared pieces of the benchmarks: machine description, timing, matmul peak, results file."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "artifacts" / "bench"
NBVAL = "@tests/nbval.args"  # pytest's nbval flags, kept in one file; run pytest from ROOT
sys.path.insert(0, str(ROOT))

from course_utils import env as cu_env  # noqa: E402


def start_tf():
    """Import TensorFlow quietly and seeded (course_utils.setup)."""
    cu_env.setup(seed=0)
    import tensorflow as tf

    return tf


def machine() -> dict:
    import keras
    import numpy as np
    import tensorflow as tf

    return {
        "date": date.today().isoformat(),
        "cpu": cu_env.cpu_info(),
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)"),
    }


def best_time(fn, *, repeat: int = 5, min_time: float = 0.2) -> float:
    """Return the best per-call time of ``fn()`` in seconds (each sample runs >= min_time)."""
    fn()  # warm-up: tracing, allocation, caches
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            break
    best = elapsed / calls
    for _ in range(repeat - 1):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def matmul_peak(tf, n: int = 2048) -> dict:
    """Measure float32 matmul GFLOP/s with NumPy and with TF, the yardstick for every rate."""
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    flops = 2 * n**3
    ta, tb = tf.constant(a), tf.constant(b)
    tf_mm = tf.function(lambda: tf.matmul(ta, tb))
    return {
        "numpy_gflops": flops / best_time(lambda: a @ b) / 1e9,
        "tf_gflops": flops / best_time(lambda: tf_mm().numpy()) / 1e9,
    }


def save(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2))
    return path


def table(rows: list[dict], columns: list[tuple[str, str, str]]) -> str:
    """Format rows as a Markdown table; columns are (key, header, format spec)."""
    head = "| " + " | ".join(h for _, h, _ in columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    body = [
        "| "
        + " | ".join(format(r[k], f) if r.get(k) is not None else "–" for k, _, f in columns)
        + " |"
        for r in rows
    ]
    return "\n".join([head, rule, *body])
