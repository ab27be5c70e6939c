"""``python -m course_utils``: say what the course found on this machine, and check the data.

It prints the package's version and location, where the shipped subsets are, which source
each loader will use, the download cache, and the SHA-256 check of every shipped file. It
exits with status 1 if a shipped file is missing or corrupt.
"""

import sys
from importlib import metadata
from pathlib import Path

import course_utils
from course_utils import sources


def main() -> int:
    try:
        dist = f"convolutions-in-tensorflow {metadata.version('convolutions-in-tensorflow')}"
    except metadata.PackageNotFoundError:
        dist = "convolutions-in-tensorflow is not installed (imported from a clone)"
    print(f"course_utils {course_utils.__version__} from {Path(course_utils.__file__).parent}")
    print(f"Package: {dist}")
    print(f"Shipped data: {sources.shipped_dir()}")
    print(f"Download cache: {sources.cache_dir()} (COURSE_CACHE_DIR)")
    print(f"Offline (COURSE_OFFLINE): {'yes' if sources.is_offline() else 'no'}")
    for title, where in sources.describe_sources().items():
        print(f"{title}: {where}")
    status = 0
    for shown, error in sources.check_shipped_files().items():
        if error is None:
            print(f"{shown}: SHA-256 OK")
        else:
            print(f"{shown}: {error}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
