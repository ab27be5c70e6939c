"""The shipped data subsets; installed as the package data ``course_utils._data``.

``pyproject.toml`` maps the package ``course_utils._data`` onto this folder, so the wheel
and ``pip install -e .`` carry the files below without a second copy, and
``course_utils.sources.shipped_dir()`` finds them with ``importlib.resources``.
See ``README.md`` here for where the files come from.
"""
