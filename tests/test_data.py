"""course_utils.data: source order, fallbacks, hash checks, offline behaviour, shipped files."""

import gzip
import hashlib
import http.server
import re
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from course_utils import data, sources

ROOT = Path(__file__).resolve().parent.parent
REAL_PROBE = data._network_available
DEBIAN_PRESENT = all(
    (data.DEBIAN_FASHION_DIR / f"{stem}.gz").is_file() for stem in data.FASHION_IDX_SHA256
)


# --- fakes: small files in the real formats, with their hashes patched in -----------------


def _idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(d).to_bytes(4, "big") for d in array.shape
    )
    return header + array.astype(np.uint8).tobytes()


def _fake_fashion(rng, n_train=30, n_test=10):
    x_train = rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8)
    y_train = np.arange(n_train, dtype=np.uint8) % 10
    x_test = rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8)
    y_test = np.arange(n_test, dtype=np.uint8) % 10
    return {
        "train-images-idx3-ubyte": x_train,
        "train-labels-idx1-ubyte": y_train,
        "t10k-images-idx3-ubyte": x_test,
        "t10k-labels-idx1-ubyte": y_test,
    }


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """Empty locations for every source, no real network, fake full data sets ready to place."""
    for var in ("COURSE_DATA_DIR", "COURSE_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COURSE_DEBIAN_DIR", str(tmp_path / "debian" / "fashion-mnist"))
    monkeypatch.setattr(data, "_network_available", lambda *a, **k: False)

    rng = np.random.default_rng(0)
    arrays = _fake_fashion(rng)
    monkeypatch.setattr(
        data,
        "FASHION_IDX_SHA256",
        {stem: hashlib.sha256(_idx_bytes(a)).hexdigest() for stem, a in arrays.items()},
    )
    mnist_path = tmp_path / "mnist-source.npz"
    np.savez(
        mnist_path,
        x_train=rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        y_train=np.arange(20, dtype=np.uint8) % 10,
        x_test=rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        y_test=np.arange(10, dtype=np.uint8) % 10,
    )
    monkeypatch.setattr(data, "MNIST_NPZ_SHA256", data.sha256_of(mnist_path))

    class Sandbox:
        root = tmp_path
        dirs = {  # noqa: RUF012 (one instance, read-only)
            "course_data_dir": tmp_path / "course",
            "keras_cache": tmp_path / "keras" / "datasets",
            "debian": tmp_path / "debian",
            "download": tmp_path / "cache",
        }

        def place(self, name, source):
            base = self.dirs[source]
            if source == "course_data_dir":
                monkeypatch.setenv("COURSE_DATA_DIR", str(base))
            if name == "mnist":
                base.mkdir(parents=True, exist_ok=True)
                (base / "mnist.npz").write_bytes(mnist_path.read_bytes())
                return base / "mnist.npz"
            folder = base / "fashion-mnist"
            folder.mkdir(parents=True, exist_ok=True)
            for stem, array in arrays.items():
                (folder / f"{stem}.gz").write_bytes(gzip.compress(_idx_bytes(array), mtime=0))
            return folder

    return Sandbox()


# --- the shipped subsets ------------------------------------------------------------------


@pytest.mark.parametrize("loader", [data.load_mnist, data.load_fashion_mnist])
def test_shipped_subsets_have_the_keras_layout(loader):
    loaded = loader("shipped", verbose=False)
    (x_train, y_train), (x_test, y_test) = loaded
    assert loaded.source == "shipped" and not loaded.full
    for x, y in ((x_train, y_train), (x_test, y_test)):
        assert x.dtype == np.uint8 and x.ndim == 3 and x.shape[1:] == (28, 28)
        assert y.dtype == np.uint8 and y.shape == (len(x),)
        assert x.max() > 200  # real images, not blanks
    # stratified: every class present, shares within one image of each other across splits
    train_share = np.bincount(y_train, minlength=10) / len(y_train)
    test_share = np.bincount(y_test, minlength=10) / len(y_test)
    np.testing.assert_allclose(train_share, test_share, atol=1.5 / len(y_test))


def test_shipped_mnist_matches_the_first_10k_training_labels():
    (x_train, y_train), (x_test, y_test) = data.load_mnist("shipped", verbose=False)
    counts = np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    # np.bincount(y_train[:10000]) for the official MNIST training labels
    assert counts.tolist() == [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
    assert (len(x_train), len(x_test)) == (8000, 2000)
    # no digit is in both splits
    train_rows = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in train_rows for row in x_test)


def test_shipped_files_match_their_hashes_and_the_data_readme():
    readme = (ROOT / "data" / "README.md").read_text()
    for name, expected in data.SHIPPED_SHA256.items():
        assert data.sha256_of(ROOT / "data" / name) == expected
        assert re.search(rf"{re.escape(name)}.*{expected}", readme), f"{name} hash not in README"
    for expected in data.FASHION_IDX_SHA256.values():
        assert expected in readme


def test_npz_files_load_without_pickle():
    for name in data.SHIPPED_SHA256:
        with np.load(ROOT / "data" / name, allow_pickle=False) as npz:
            assert sorted(npz.files) == ["x_test", "x_train", "y_test", "y_train"]


# --- source order and fallbacks -------------------------------------------------------------

FASHION_SOURCES = ["course_data_dir", "keras_cache", "debian", "download"]
MNIST_SOURCES = ["course_data_dir", "keras_cache", "download"]


@pytest.mark.parametrize(
    ("name", "loader", "sources"),
    [
        ("mnist", data.load_mnist, MNIST_SOURCES),
        ("fashion_mnist", data.load_fashion_mnist, FASHION_SOURCES),
    ],
)
def test_auto_uses_the_first_source_present(sandbox, name, loader, sources):
    # Add the sources from last to first; each time the newest one must win.
    for i in reversed(range(len(sources))):
        sandbox.place(name, sources[i])
        loaded = loader(verbose=False)
        assert loaded.source == sources[i] and loaded.full
        assert loaded[0][0].shape[1:] == (28, 28) and loaded[0][0].dtype == np.uint8


@pytest.mark.parametrize("source", FASHION_SOURCES)
def test_forcing_a_source_uses_it(sandbox, source):
    for other in FASHION_SOURCES:
        sandbox.place("fashion_mnist", other)
    assert data.load_fashion_mnist(source, verbose=False).source == source


def test_fallback_to_shipped_when_nothing_full_is_found(sandbox, capsys):
    mnist = data.load_mnist()
    fashion = data.load_fashion_mnist()
    assert (mnist.source, fashion.source) == ("shipped", "shipped")
    out = capsys.readouterr().out
    assert "MNIST: 8,000 train + 2,000 test images, shipped subset" in out
    assert "Fashion-MNIST: 10,000 train + 2,000 test images, shipped subset" in out


def test_forced_source_that_is_missing_says_how_to_get_it(sandbox):
    with pytest.raises(FileNotFoundError, match="apt-get install dataset-fashion-mnist"):
        data.load_fashion_mnist("debian")
    with pytest.raises(FileNotFoundError, match="set COURSE_DATA_DIR"):
        data.load_mnist("course_data_dir")


@pytest.mark.parametrize(
    ("loader", "title"), [(data.load_mnist, "MNIST"), (data.load_fashion_mnist, "Fashion-MNIST")]
)
def test_no_source_at_all_lists_every_source_and_how_to_fill_it(
    sandbox, monkeypatch, loader, title
):
    # Offline, no Debian files, no Keras cache and no shipped files (this used to raise
    # KeyError: 'auto' while the loader built its own message).
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(sources, "shipped_dir", lambda: sandbox.root / "no-package-data")
    with pytest.raises(data.DataNotFoundError) as info:
        loader(verbose=False)
    assert isinstance(info.value, FileNotFoundError)
    message = str(info.value)
    assert message.startswith(f"{title} was not found in any source. Tried, in this order:")
    tried = [line.split(":")[0].strip(" -") for line in message.splitlines()[1:6]]
    assert tried == list(data.SOURCES)
    assert "COURSE_OFFLINE=1 is set, so no download was tried" in message
    assert "no-package-data" in message and "git checkout -- data/" in message
    assert "set COURSE_DATA_DIR" in message and "reinstall the course package" in message
    assert ("has no MNIST" in message) == (title == "MNIST")
    assert ("apt-get install dataset-fashion-mnist" in message) == (title == "Fashion-MNIST")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": "internet"}, "source must be 'auto' or one of"),
        ({"source": None}, "source must be 'auto' or one of"),
    ],
)
def test_bad_source_names_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        data.load_mnist(**kwargs)


def test_debian_has_no_mnist():
    with pytest.raises(ValueError, match="only Fashion-MNIST"):
        data.load_mnist("debian")


# --- corrupt files -----------------------------------------------------------------------


def test_corrupt_npz_gets_a_clear_error_and_is_left_alone(sandbox):
    path = sandbox.place("mnist", "keras_cache")
    original = path.read_bytes()
    path.write_bytes(original[: len(original) // 2])  # truncated
    before = path.read_bytes()
    with pytest.raises(data.DataFileError) as info:
        data.load_mnist(verbose=False)
    message = str(info.value)
    assert str(path) in message and data.MNIST_NPZ_SHA256 in message
    assert "left untouched" in message and "source='shipped'" in message
    assert path.read_bytes() == before  # still there, unchanged


def test_truncated_gzip_gets_a_clear_error_and_is_left_alone(sandbox):
    folder = sandbox.place("fashion_mnist", "course_data_dir")
    victim = folder / "train-images-idx3-ubyte.gz"
    victim.write_bytes(victim.read_bytes()[:100])
    with pytest.raises(data.DataFileError, match="corrupt or truncated") as info:
        data.load_fashion_mnist(verbose=False)
    assert "train-images-idx3-ubyte.gz" in str(info.value)
    assert len(victim.read_bytes()) == 100


def test_wrong_data_set_is_refused(sandbox):
    folder = sandbox.place("fashion_mnist", "debian")
    wrong = gzip.compress(_idx_bytes(np.zeros((30, 28, 28), np.uint8)))
    (folder / "train-images-idx3-ubyte.gz").write_bytes(wrong)
    with pytest.raises(data.DataFileError, match="uncompressed content"):
        data.load_fashion_mnist(verbose=False)


def test_the_keras_cache_is_never_written(sandbox):
    keras_dir = sandbox.dirs["keras_cache"]
    sandbox.place("mnist", "keras_cache")
    before = {p: p.stat().st_mtime_ns for p in keras_dir.rglob("*")}
    data.load_mnist(verbose=False)
    data.load_fashion_mnist(verbose=False)
    assert {p: p.stat().st_mtime_ns for p in keras_dir.rglob("*")} == before


# --- offline and online ----------------------------------------------------------------------


def test_course_offline_means_no_network_at_all(sandbox, monkeypatch):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(data, "_network_available", REAL_PROBE)

    def refuse(*args, **kwargs):
        raise AssertionError("network used while COURSE_OFFLINE=1")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(data.urllib.request, "urlopen", refuse)
    assert data.load_mnist(verbose=False).source == "shipped"
    assert data.load_fashion_mnist(verbose=False).source == "shipped"
    with pytest.raises(ValueError, match="COURSE_OFFLINE=1"):
        data.load_mnist("download")


def test_a_hanging_network_probe_gives_up_at_its_timeout(sandbox, monkeypatch):
    """The probe waits PROBE_TIMEOUT_S + 1 s (5 s as shipped), read when it runs."""
    monkeypatch.undo()  # restore the real probe, then re-apply the sandbox's locations
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(sandbox.root / "keras"))
    monkeypatch.setenv("COURSE_CACHE_DIR", str(sandbox.root / "cache"))
    monkeypatch.setenv("COURSE_DEBIAN_DIR", str(sandbox.root / "nowhere"))
    monkeypatch.setattr(data, "PROBE_TIMEOUT_S", 1.0)

    def hang(*args, **kwargs):  # like a DNS look-up that takes far too long, then fails
        time.sleep(10)
        raise OSError("name resolution timed out")

    monkeypatch.setattr(socket, "create_connection", hang)
    start = time.monotonic()
    loaded = data.load_mnist(verbose=False)
    assert loaded.source == "shipped"
    assert time.monotonic() - start < 4.0  # 2 s of waiting, not the shipped 5 s


@pytest.fixture
def local_server(tmp_path):
    """An HTTP server on 127.0.0.1 serving tmp_path/www (stands in for the download host)."""
    www = tmp_path / "www"
    www.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(www), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_download_verifies_then_caches(sandbox, monkeypatch, local_server):
    www, url = local_server
    source = sandbox.place("mnist", "course_data_dir")
    monkeypatch.delenv("COURSE_DATA_DIR")
    (www / "mnist.npz").write_bytes(source.read_bytes())
    monkeypatch.setattr(data, "DOWNLOAD_BASE", url)
    monkeypatch.setattr(data, "_network_available", lambda *a, **k: True)
    loaded = data.load_mnist(verbose=False)
    assert loaded.source == "download"
    cached = sandbox.dirs["download"] / "mnist.npz"
    assert cached.read_bytes() == source.read_bytes()
    # the second load uses the cache, with the network gone
    monkeypatch.setattr(data, "_network_available", lambda *a, **k: False)
    assert data.load_mnist(verbose=False).source == "download"


def test_a_bad_download_leaves_nothing_behind(sandbox, monkeypatch, local_server):
    www, url = local_server
    (www / "mnist.npz").write_bytes(b"not the file you want")
    monkeypatch.setattr(data, "DOWNLOAD_BASE", url)
    monkeypatch.setattr(data, "_network_available", lambda *a, **k: True)
    with pytest.raises(data.DataFileError, match="download"):
        data.load_mnist(verbose=False)
    assert list(sandbox.dirs["download"].glob("*")) == []


# --- the real Debian files ---------------------------------------------------------------


@pytest.mark.skipif(not DEBIAN_PRESENT, reason="needs the Debian package dataset-fashion-mnist")
def test_debian_fashion_mnist_is_the_full_official_set(monkeypatch):
    monkeypatch.delenv("COURSE_DEBIAN_DIR", raising=False)
    loaded = data.load_fashion_mnist("debian", verbose=False)
    (x_train, y_train), (x_test, y_test) = loaded
    assert loaded.full and x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10


@pytest.mark.slow
@pytest.mark.skipif(not DEBIAN_PRESENT, reason="needs the Debian package dataset-fashion-mnist")
def test_shipped_fashion_subset_rebuilds_from_the_debian_files():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
    build_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_data)
    rebuilt = build_data.fashion_subset(data.DEBIAN_FASHION_DIR)
    with np.load(ROOT / "data" / "fashion_mnist_subset.npz", allow_pickle=False) as shipped:
        for key, array in rebuilt.items():
            np.testing.assert_array_equal(shipped[key], array)
