"""``python -m course_utils``: verify the shipped data; say which source each loader will use."""

import sys

from course_utils import data


def main() -> int:
    for title, where in data.describe_sources().items():
        print(f"{title}: {where}")
    status = 0
    for fname, expected in data.SHIPPED_SHA256.items():
        try:
            data._verify(data.DATA_DIR / fname, expected, fix="Fix: `git checkout -- data/`.")
        except (data.DataFileError, FileNotFoundError) as err:
            print(f"data/{fname}: {err}", file=sys.stderr)
            status = 1
        else:
            print(f"data/{fname}: SHA-256 OK")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
