"""Hygiene of every lecture notebook: executed in order, clean outputs, house style.

nbval re-executes the notebooks and compares outputs (see the Makefile); these checks
look at the committed files themselves.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
# Paths that only exist on the machine that executed the notebook.
MACHINE_PATH = re.compile(r"(/home/|/root/|/tmp/|/work/|/Users/|/private/var/|[A-Z]:\\\\Users)")
BANNED_WORDS = re.compile(r"\b(just|simply|easily|obviously)\b", re.IGNORECASE)


def _load(path):
    return json.loads(path.read_text())


def _text(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ has no NN_topic.ipynb files"
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return _load(request.param)


def test_executed_top_to_bottom(nb):
    counts = [c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts, "no code cells"
    assert None not in counts, "some code cells were never executed"
    assert counts == list(range(1, len(counts) + 1)), f"not run once, in order: {counts}"


def test_no_errors_or_stderr_in_outputs(nb):
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i}: {out.get('ename')}"
            assert out.get("name") != "stderr", f"cell {i} stored stderr: {out.get('text')!r:.200}"


def test_no_machine_paths_in_outputs(nb):
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            found = MACHINE_PATH.search(json.dumps(out))
            assert not found, f"cell {i} output shows a machine path: {found.group(0)}"


def test_required_sections(nb):
    markdown = [_text(c) for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert markdown[0].startswith("# "), "the first cell must be the H1 title"
    intro = "\n".join(markdown[:3]).lower()
    for needed in ("objectives", "prerequisites", "run time"):
        assert needed in intro, f"the introduction must mention {needed!r}"
    headings = [line for text in markdown for line in text.splitlines() if line.startswith("## ")]
    for needed in ("## Setup", "## Summary", "## Exercises"):
        assert needed in headings, f"missing section {needed!r}"
    order = [headings.index(h) for h in ("## Setup", "## Summary", "## Exercises")]
    assert order == sorted(order), "Setup, Summary and Exercises must come in that order"


def test_setup_cell_calls_course_utils_setup(nb):
    code = [_text(c) for c in nb["cells"] if c["cell_type"] == "code"]
    assert re.search(r"\b(cu\.)?setup\(", code[0]), "the first code cell must call setup()"


def test_slide_metadata_on_every_cell(nb):
    for i, cell in enumerate(nb["cells"]):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"cell {i} has no valid slideshow.slide_type ({kind!r})"


def test_no_editor_metadata_or_banned_words(nb):
    assert "colab" not in nb["metadata"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for i, cell in enumerate(nb["cells"]):
        assert "colab" not in cell.get("metadata", {}), f"cell {i} has Colab metadata"
        if cell["cell_type"] == "markdown":
            found = BANNED_WORDS.search(_text(cell))
            assert not found, f"cell {i} uses {found.group(0)!r} (see CONTRIBUTING.md)"


MAX_CODE_LINE = 88  # the width that fits a slide; notebooks/ruff.toml formats to it


def test_code_lines_fit_a_slide(nb):
    long = [
        (i, len(line))
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        for line in _text(cell).splitlines()
        if len(line) > MAX_CODE_LINE
    ]
    assert not long, (
        f"code lines longer than {MAX_CODE_LINE} characters (cell, length): {long}; "
        "run ruff format on the notebook"
    )


# Exercises: every one goes through the registry, with its answer out of sight ------------

CHECK_CALL = re.compile(r"""exercises\.check\(\s*["'](\d\d\.\d+)["']\s*,\s*answer\s*\)""")


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb_path(request):
    return request.param


def _exercise_code_cells(nb):
    """The code cells after the ``## Exercises`` heading."""
    cells, inside = [], False
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and re.search(r"^## Exercises", _text(cell), re.M):
            inside = True
        elif cell["cell_type"] == "markdown" and re.search(r"^## ", _text(cell), re.M):
            inside = False
        elif inside and cell["cell_type"] == "code":
            cells.append(cell)
    return cells


def _literals(value):
    """How an expected value could be written in a cell: ``298``, ``0.82``, ``'same'``."""
    import numpy as np

    if isinstance(value, str):
        return [re.escape(repr(value)), re.escape(f'"{value}"')]
    if isinstance(value, bool | np.bool_):
        return []
    if isinstance(value, int | np.integer):
        return [rf"(?<![\w.]){int(value)}(?![\w.])"]
    if isinstance(value, float | np.floating):
        return [re.escape(f"{value:.2f}"), re.escape(f"{value:.3g}")]
    if isinstance(value, tuple | list) and len(value) <= 4:
        return [lit for v in value for lit in _literals(v)]
    return []


def test_exercises_use_the_registry_one_to_one(nb_path):
    from course_utils import exercises

    nb = _load(nb_path)
    number = nb_path.name[:2]
    used = []
    for cell in _exercise_code_cells(nb):
        source = _text(cell)
        found = CHECK_CALL.findall(source)
        assert len(found) == 1, f"an exercise cell must call exercises.check once:\n{source}"
        assert not re.search(r"check_equal\(|checks\.check", source), source
        used.append(found[0])
    registered = [i for i in exercises.ids() if i.startswith(number + ".")]
    assert used == registered, f"notebook ids {used} differ from the registry's {registered}"


def test_exercise_cells_hide_the_answer_and_wait(nb_path):
    from course_utils import exercises

    nb = _load(nb_path)
    for cell in _exercise_code_cells(nb):
        source = _text(cell)
        (exercise_id,) = CHECK_CALL.findall(source)
        rest = source.replace(exercise_id, "")
        for pattern in _literals(exercises.solution(exercise_id)):
            assert not re.search(pattern, rest), f"{exercise_id}: the cell shows the answer"
        texts = [
            "".join(out.get("text", ""))
            for out in cell["outputs"]
            if out["output_type"] == "stream"
        ]
        rich = [out for out in cell["outputs"] if out["output_type"] != "stream"]
        assert not rich, f"{exercise_id}: the check cell echoes a value"
        # One print may reach the notebook as several stream messages; compare the text.
        assert "".join(texts) == f"⏳ {exercises.NOT_ANSWERED}\n", f"{exercise_id}: {texts}"


def test_no_solution_in_visible_markdown(nb):
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            text = _text(cell)
            assert not re.search(r"<summary>\s*Solution", text, re.I), (
                f"cell {i} holds a solution; use exercises.reveal(id) instead"
            )


def test_speaker_notes_are_collapsed_in_jupyterlab(nb):
    """Notes cells stay in the decks (the S view) but are collapsed for students."""
    for i, cell in enumerate(nb["cells"]):
        if cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes":
            hidden = cell["metadata"].get("jupyter", {}).get("source_hidden")
            assert hidden is True, f"cell {i}: a notes cell needs jupyter.source_hidden = true"
