"""course_utils.env: quiet TF start-up, version checks, seeding, the report, no side effects."""

import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

from course_utils import env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(code, **extra_env):
    environ = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    environ.update(extra_env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environ, cwd=ROOT
    )


def test_importing_course_utils_has_no_side_effects():
    result = _run(
        "import os, sys\n"
        "before = dict(os.environ)\n"
        "import course_utils\n"
        "assert 'tensorflow' not in sys.modules, 'course_utils imported TensorFlow'\n"
        "assert 'keras' not in sys.modules\n"
        "assert dict(os.environ) == before, 'course_utils changed the environment'\n"
        "missing = [n for n in course_utils.__all__ if not hasattr(course_utils, n)]\n"
        "assert not missing, missing\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_setup_silences_tensorflow_start_up_messages():
    # Without setup(), this TF build prints oneDNN/CUDA lines on fd 2 (checked first, so the
    # test can fail); with setup() before the import, stderr stays empty.
    noisy = _run("import tensorflow as tf; tf.config.list_physical_devices()")
    quiet = _run(
        "import course_utils\n"
        "course_utils.setup()\n"
        "import tensorflow as tf\n"
        "print(float(tf.reduce_sum(tf.ones((2, 2)))))"
    )
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.strip() == "4.0"
    assert quiet.stderr == "", quiet.stderr
    assert noisy.stderr != "", "TF printed nothing on its own; this test no longer proves anything"


def test_setup_returns_a_report_with_versions_devices_and_data():
    report = env.setup(seed=0)
    assert report.versions["tensorflow"] == env.read_pins()["tensorflow"]
    assert report.mismatches == []
    assert any(d.startswith("CPU") for d in report.devices)
    assert set(report.data_sources) == {"MNIST", "Fashion-MNIST"}
    text = str(report)
    for needed in ("tensorflow", "keras", "numpy", "CPU:", "Data, MNIST", "requirements.txt"):
        assert needed in text


def test_setup_seeds_python_numpy_and_tensorflow():
    import random

    import tensorflow as tf

    def draw():
        return random.random(), np.random.rand(), float(tf.random.uniform(()))  # noqa: NPY002

    env.setup(seed=123)
    first = draw()
    env.setup(seed=123)
    assert draw() == first
    env.setup(seed=124)
    assert draw() != first


def test_setup_turns_on_op_determinism():
    # TF exports enable_op_determinism() but not its getter; the getter lives here.
    from tensorflow.python.framework import config

    config.disable_op_determinism()
    env.setup()
    assert config.is_op_determinism_enabled()


def test_setup_checks_the_keras_backend():
    env._check_keras_backend("tensorflow")  # the course's backend passes silently
    with pytest.raises(RuntimeError, match=r"'jax' backend, but this course needs 'tensorflow'"):
        env._check_keras_backend("jax")


def test_setup_stops_on_another_keras_backend(monkeypatch):
    import keras

    monkeypatch.setattr(keras.backend, "backend", lambda: "torch")
    with pytest.raises(RuntimeError, match="KERAS_BACKEND=tensorflow") as caught:
        env.setup()
    assert "Keras is using the 'torch' backend" in str(caught.value)


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_setup_names_the_backend_before_keras_fails_to_import(backend):
    # The realistic failure: KERAS_BACKEND names a backend that is not installed, so
    # `import keras` itself would raise ModuleNotFoundError; setup() must speak first.
    result = _run("import course_utils as cu; cu.setup()", KERAS_BACKEND=backend)
    assert result.returncode != 0
    assert f"Keras is using the '{backend}' backend" in result.stderr, result.stderr
    assert "KERAS_BACKEND=tensorflow" in result.stderr
    assert "ModuleNotFoundError" not in result.stderr


def test_setup_reads_the_backend_from_keras_json(tmp_path, monkeypatch):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert env._configured_keras_backend() == "tensorflow"  # no file: Keras' default
    (tmp_path / "keras.json").write_text('{"backend": "jax", "floatx": "float32"}')
    assert env._configured_keras_backend() == "jax"
    with pytest.raises(RuntimeError, match="'jax' backend"):
        env.setup()
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")  # the variable wins, as in Keras
    assert env._configured_keras_backend() == "tensorflow"


def test_setup_sets_plot_defaults():
    import matplotlib as mpl

    mpl.rcParams["image.cmap"] = "viridis"
    env.setup()
    assert mpl.rcParams["image.cmap"] == "gray"


@pytest.mark.parametrize(
    ("seed", "error"),
    [(-1, ValueError), (2**32, ValueError), (1.5, TypeError), ("42", TypeError),
     (True, TypeError), (None, TypeError)],
)  # fmt: skip
def test_bad_seed_names_the_argument(seed, error):
    with pytest.raises(error, match=r"seed must be an int in \[0, 2\*\*32\)"):
        env.setup(seed=seed)


def test_read_pins_honours_environment_markers(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text(
        "# comment\n"
        "numpy==2.4.6; python_version >= '3.11'\n"
        "numpy==2.2.6; python_version < '3.11'\n"
        "keras==3.15.1  # trailing comment\n"
        "pytest>=8\n"
    )
    pins = env.read_pins(req)
    assert pins["numpy"] == ("2.4.6" if sys.version_info >= (3, 11) else "2.2.6")
    assert pins["keras"] == "3.15.1"
    assert "pytest" not in pins


def test_requirements_pin_every_core_package_exactly():
    pins = env.read_pins()
    for name in env.CORE_PACKAGES:
        assert name in pins, f"{name} is not pinned with == in requirements.txt"


def test_a_version_mismatch_warns_with_the_fix():
    with pytest.warns(env.VersionMismatchWarning) as caught:
        versions, problems = env.check_versions(("numpy",), pins={"numpy": "1.0.0"})
    message = str(caught[0].message)
    assert "numpy: installed " + np.__version__ in message
    assert "tested with 1.0.0" in message and "make lab" in message
    assert problems and versions["numpy"] == np.__version__


def test_a_missing_package_is_reported_and_strict_mode_raises():
    with pytest.raises(RuntimeError, match="no-such-package: installed nothing"):
        env.check_versions(("no-such-package",), pins={"no-such-package": "1.0"}, strict=True)


def test_matching_versions_are_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, problems = env.check_versions()
    assert problems == []


def test_cpu_info_names_the_instruction_set():
    info = env.cpu_info()
    assert any(isa in info for isa in ("AVX-512", "AVX2", "no AVX2", "arm", "aarch64", "x86"))
    assert "logical cores" in info


@pytest.mark.parametrize("inside", [False, True])
def test_op_determinism_switches_inside_the_block_and_restores_after(inside):
    from tensorflow.python.framework import config

    env.setup()  # on, as in every lecture
    with env.op_determinism(inside):
        assert config.is_op_determinism_enabled() is inside
    assert config.is_op_determinism_enabled()
    config.disable_op_determinism()  # and from off, it comes back off, also on an error
    with pytest.raises(RuntimeError, match="boom"), env.op_determinism(True):
        assert config.is_op_determinism_enabled()
        raise RuntimeError("boom")
    assert not config.is_op_determinism_enabled()
    env.setup()


def test_op_determinism_names_a_bad_argument():
    with pytest.raises(TypeError, match="enabled must be True or False, got 'off'"):
        with env.op_determinism("off"):
            pass
