"""One call that prepares a notebook: quiet TensorFlow, check versions, seed, plot defaults.

Every notebook's Setup cell calls :func:`setup` *before* it imports TensorFlow:
TF writes its C++ start-up messages to file descriptor 2 while it is imported, and
only an environment variable set before that import (plus a muted descriptor for the
few lines that ignore it) keeps them out of the notebook.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import warnings
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from course_utils._validate import integer

__all__ = [
    "CORE_PACKAGES",
    "CourseEnv",
    "VersionMismatchWarning",
    "check_versions",
    "cpu_info",
    "installed_pins",
    "op_determinism",
    "read_pins",
    "setup",
]

#: The packages whose versions :func:`setup` checks against ``requirements.txt``.
CORE_PACKAGES = ("tensorflow", "keras", "numpy", "matplotlib", "ipywidgets")

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"


class VersionMismatchWarning(UserWarning):
    """An installed package differs from the version the course was tested with."""


@dataclass
class CourseEnv:
    """What :func:`setup` found: versions, devices, CPU and data sources."""

    seed: int
    python: str
    versions: dict[str, str | None]
    mismatches: list[str]
    cpu: str
    devices: list[str]
    data_sources: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        lines = [f"Python {self.python}, seed {self.seed}"]
        lines += [f"  {name:<11} {ver or 'not installed'}" for name, ver in self.versions.items()]
        lines.append(f"CPU: {self.cpu}")
        lines.append("Devices: " + (", ".join(self.devices) or "none found"))
        for name, where in self.data_sources.items():
            lines.append(f"Data, {name}: {where}")
        lines.append(
            "Versions match requirements.txt"
            if not self.mismatches
            else "Version mismatches:\n  " + "\n  ".join(self.mismatches)
        )
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython shows str() for a bare `env`
        printer.text(str(self))


def read_pins(path: Path | str = REQUIREMENTS) -> dict[str, str]:
    """Return ``{package: version}`` for the ``==`` pins in a requirements file.

    Lines whose environment marker does not apply to this interpreter are left out.

    Examples
    --------
    >>> read_pins()["tensorflow"]
    '2.21.0'
    """
    from packaging.requirements import Requirement

    pins = {}
    for raw in Path(path).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        exact = [spec.version for spec in req.specifier if spec.operator == "=="]
        if exact:
            pins[req.name.lower()] = exact[0]
    return pins


def installed_pins(dist: str = "convolutions-in-tensorflow") -> dict[str, str]:
    """Return ``{package: version}`` from the installed package's ``pinned`` extra.

    That extra is ``requirements.txt`` as it was when the wheel was built, so an installed
    course (no clone beside it) checks the same pins. Empty if ``dist`` is not installed.

    Examples
    --------
    >>> installed_pins("no-such-distribution")
    {}
    """
    from packaging.requirements import Requirement

    try:
        requires = metadata.requires(dist) or []
    except metadata.PackageNotFoundError:
        return {}
    pins = {}
    for line in requires:
        req = Requirement(line)
        if req.marker is None or not req.marker.evaluate({"extra": "pinned"}):
            continue
        exact = [spec.version for spec in req.specifier if spec.operator == "=="]
        if exact:
            pins[req.name.lower()] = exact[0]
    return pins


def check_versions(
    packages: tuple[str, ...] = CORE_PACKAGES,
    pins: dict[str, str] | None = None,
    strict: bool = False,
) -> tuple[dict[str, str | None], list[str]]:
    """Compare installed versions with the pins; return ``(versions, mismatch messages)``.

    A mismatch is a warning (the course may still work), or a ``RuntimeError`` when
    ``strict`` is true.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     versions, problems = check_versions(("numpy",), pins={"numpy": "0.0.1"})
    >>> problems[0].startswith("numpy: installed"), caught[0].category.__name__
    (True, 'VersionMismatchWarning')
    """
    if pins is None:
        pins = read_pins() if REQUIREMENTS.exists() else installed_pins()
    versions: dict[str, str | None] = {}
    problems = []
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
        want = pins.get(name)
        if want is not None and versions[name] != want:
            have = versions[name] or "nothing"
            problems.append(
                f"{name}: installed {have}, the course is tested with {want}. "
                f"Fix: run `make lab` (it installs requirements.txt into .venv) and pick the "
                f"'.venv' kernel, or `pip install {name}=={want}`."
            )
    if problems:
        message = "Package versions differ from requirements.txt:\n" + "\n".join(problems)
        if strict:
            raise RuntimeError(message)
        warnings.warn(message, VersionMismatchWarning, stacklevel=2)
    return versions, problems


def cpu_info() -> str:
    """Return the CPU model and its widest SIMD instruction set, e.g. ``"AMD EPYC (AVX-512)"``.

    Speeds in the course are quoted beside this, since machines differ 2-3x.

    Examples
    --------
    >>> isinstance(cpu_info(), str)
    True
    """
    model, flags = platform.processor() or platform.machine(), set()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
            if flags and model:
                break
    if "avx512f" in flags:
        isa = "AVX-512"
    elif "avx2" in flags:
        isa = "AVX2"
    elif flags:
        isa = "no AVX2"
    else:
        isa = platform.machine()
    return f"{model} ({isa}, {os.cpu_count()} logical cores)"


@contextlib.contextmanager
def _muted_stderr_fd():
    """Point file descriptor 2 at /dev/null, where C++ code writes around Python's back."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real fd 2 (some embedded interpreters)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _import_tensorflow_quietly():
    """Import TF and list its devices with TF's C++ logging silenced."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _muted_stderr_fd():
        import tensorflow as tf

        devices = tf.config.list_physical_devices()
    tf.get_logger().setLevel("ERROR")
    return tf, devices


def _configured_keras_backend() -> str:
    """The backend Keras will load, read the way Keras reads it, without importing Keras.

    ``KERAS_BACKEND`` wins; otherwise ``"backend"`` in ``keras.json`` (in ``$KERAS_HOME``
    or ``~/.keras``); otherwise Keras' default, ``"tensorflow"``.
    """
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    with contextlib.suppress(OSError, ValueError, AttributeError):
        backend = json.loads(Path(home, "keras.json").read_text()).get("backend")
        if isinstance(backend, str) and backend:
            return backend
    return "tensorflow"


def _check_keras_backend(backend: str) -> None:
    """Raise a clear error unless Keras runs on TensorFlow, the backend the course uses."""
    if backend != "tensorflow":
        raise RuntimeError(
            f"Keras is using the {backend!r} backend, but this course needs 'tensorflow'. "
            "Fix: set the environment variable KERAS_BACKEND=tensorflow (or "
            '"backend": "tensorflow" in ~/.keras/keras.json), then restart the kernel.'
        )


def _set_plot_defaults() -> None:
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "image.cmap": "gray",
            "image.interpolation": "nearest",
            "axes.grid": False,
            "axes.titlesize": "medium",
            "font.size": 10,
        }
    )


def setup(seed: int = 42, *, strict_versions: bool = False) -> CourseEnv:
    """Prepare a notebook: quiet TF's logs, check versions, seed everything, set plot defaults.

    Call it before ``import tensorflow``. It is safe to call again (to re-seed).

    Parameters
    ----------
    seed : int, default 42
        Seeds Python's ``random``, NumPy and TensorFlow; op determinism is turned on, so
        training is repeatable on the same machine (not bit-identical across CPUs).
    strict_versions : bool, default False
        Raise instead of warning when an installed version differs from the pins.

    Returns
    -------
    CourseEnv
        Versions, devices, CPU and the data sources found; display it to see them.
    """
    seed = integer("seed", seed, 0, below=2**32, what="an int in [0, 2**32)")
    # Checked before the import: importing Keras with another backend fails first when
    # that backend is not installed (ModuleNotFoundError: No module named 'jax').
    _check_keras_backend(_configured_keras_backend())
    tf, devices = _import_tensorflow_quietly()
    import keras

    _check_keras_backend(keras.backend.backend())
    versions, mismatches = check_versions(strict=strict_versions)
    keras.utils.set_random_seed(seed)  # seeds Python's random, NumPy's global RNG and TF
    tf.config.experimental.enable_op_determinism()
    _set_plot_defaults()

    from course_utils import data

    return CourseEnv(
        seed=seed,
        python=platform.python_version(),
        versions=versions,
        mismatches=mismatches,
        cpu=cpu_info(),
        devices=[f"{d.device_type}:{d.name.rsplit(':', 1)[-1]}" for d in devices],
        data_sources=data.describe_sources(),
    )


@contextlib.contextmanager
def op_determinism(enabled: bool):
    """Turn TensorFlow's op determinism on or off inside a ``with`` block; restore it after.

    :func:`setup` turns it on, and with it on TF overrides ``deterministic=False`` in
    ``tf.data`` (its ``enable_op_determinism`` documentation says so). Build and run a
    pipeline inside ``op_determinism(False)`` to see what unordered output does.

    TF exports a switch to turn determinism on but none to turn it off; this uses TF's
    own ``tensorflow.python.framework.config.disable_op_determinism`` (TF 2.8 and later).

    Lecture 7 times an unordered pipeline this way::

        with cu.op_determinism(False):
            unordered = make_pipeline(parallel=True, deterministic=False)
            rate = steps_per_second(unordered, 4)
    """
    if not isinstance(enabled, bool):
        raise TypeError(f"enabled must be True or False, got {enabled!r}")
    from tensorflow.python.framework import config

    def switch(on: bool) -> None:
        (config.enable_op_determinism if on else config.disable_op_determinism)()

    before = config.is_op_determinism_enabled()
    switch(enabled)
    try:
        yield
    finally:
        switch(before)
