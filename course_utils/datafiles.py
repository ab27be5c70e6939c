"""Check and read the data files the course uses: SHA-256 checks, IDX and ``.npz`` readers.

:mod:`course_utils.data` decides *which* file to read; this module only reads and checks
one. Nothing here deletes, moves or rewrites a file.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from pathlib import Path

import numpy as np

__all__ = ["KEYS", "DataFileError", "read_idx_gz", "read_npz", "sha256_of", "verify_file"]

#: The arrays of every ``.npz`` data file, in the order ``keras.datasets`` returns them.
KEYS = ("x_train", "y_train", "x_test", "y_test")


class DataFileError(ValueError):
    """A data file is corrupt, truncated or not the expected data set."""


def sha256_of(path: Path | str, *, gunzip: bool = False) -> str:
    """Return the SHA-256 hex digest of a file (of its uncompressed bytes if ``gunzip``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    opener = gzip.open if gunzip else open
    with opener(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, expected: str, *, gunzip: bool = False, fix: str = "") -> None:
    """Raise :class:`DataFileError`, ending in ``fix``, unless ``path`` has SHA-256 ``expected``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> verify_file(p, "0" * 64)
    Traceback (most recent call last):
    ...
    course_utils.datafiles.DataFileError: ... is not the expected file: ...
    """
    try:
        found = sha256_of(path, gunzip=gunzip)
    except (OSError, EOFError, zlib.error) as err:
        raise DataFileError(
            f"{path} could not be read ({err}); it is corrupt or truncated. "
            f"The file was left untouched. {fix}"
        ) from None
    if found != expected:
        what = "uncompressed content" if gunzip else "file"
        raise DataFileError(
            f"{path} is not the expected file: the SHA-256 of its {what} is\n"
            f"  {found}\nbut the course expects\n  {expected}\n"
            f"It is corrupt, truncated or a different data set, and was left untouched. {fix}"
        )


def read_idx_gz(path: Path) -> np.ndarray:
    """Read a gzipped IDX file (the format of MNIST and Fashion-MNIST) into a ``uint8`` array.

    Examples
    --------
    >>> import gzip, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "labels-idx1-ubyte.gz"
    >>> _ = p.write_bytes(gzip.compress(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9])))
    >>> read_idx_gz(p)
    array([7, 8, 9], dtype=uint8)
    """
    raw = gzip.decompress(Path(path).read_bytes())
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims).copy()


def read_npz(path: Path) -> tuple:
    """Read ``x_train, y_train, x_test, y_test`` as ``((x_train, y_train), (x_test, y_test))``.

    The file is loaded with ``allow_pickle=False``; check it with :func:`verify_file` first.
    """
    with np.load(path, allow_pickle=False) as npz:
        x_train, y_train, x_test, y_test = (npz[key] for key in KEYS)
    return (x_train, y_train), (x_test, y_test)
