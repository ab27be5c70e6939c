"""The offline reveal.js decks: what scripts/build_slides.py writes, checked without a browser.

Decks are built on demand (`make slides`) and not committed; slides/vendor/ is committed so
that a fresh clone builds them offline. tests/test_browser.py opens the decks in chromium.
"""

import json
import os
import re
import subprocess
import sys

import nbformat
import pytest
from support import ROOT, load_script

VENDOR = ROOT / "slides" / "vendor"

build_slides = load_script("build_slides")

NOTEBOOKS = build_slides.find_notebooks()
URL_ATTRIBUTE = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#][^"']*)["']""")


@pytest.fixture(scope="module")
def decks():
    exporter = build_slides.make_exporter()
    return {nb.name: build_slides.render_deck(nb, exporter) for nb in NOTEBOOKS}


def _cell(source, kind="markdown", slide_type="-", outputs=()):
    if kind == "markdown":
        cell = nbformat.v4.new_markdown_cell(source)
    else:
        cell = nbformat.v4.new_code_cell(source, outputs=list(outputs))
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def test_every_lecture_notebook_gets_a_deck():
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"
    assert [build_slides.deck_path(nb).name for nb in NOTEBOOKS[:1]] == [
        "00_start_here.slides.html"
    ]


def test_vendor_readme_records_every_vendored_version():
    readme = (VENDOR / "README.md").read_text()
    for package in ("reveal.js", "requirejs", "jquery", "mathjax"):
        meta = json.loads((VENDOR / package / "package.json").read_text())
        assert f"{meta['name']} {meta['version']}" in readme, package
        assert meta["license"] in readme, package
        pinned = re.search(rf"{re.escape(meta['name'])}@([0-9.]+)", _vendor_script())
        assert pinned and pinned.group(1) == meta["version"], f"vendor_slides.sh pins {package}"


def _vendor_script():
    return (ROOT / "scripts" / "vendor_slides.sh").read_text()


def test_vendored_css_loads_nothing_from_the_network():
    for css in VENDOR.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_deck_loads_only_local_files(decks, notebook):
    html = decks[notebook.name]
    urls = [u for u in URL_ATTRIBUTE.findall(html) if not u.startswith("data:")]
    assert urls, "the deck references no scripts at all"
    for url in urls:
        assert "://" not in url and not url.startswith("//"), url
        assert (ROOT / "slides" / url.split("?")[0]).is_file(), f"{url} is not in slides/"
    assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", html), "inline CSS loads a URL"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_deck_has_one_section_per_slide_cell_and_the_notes(decks, notebook):
    nb = nbformat.read(notebook, as_version=4)
    html = decks[notebook.name]
    types = [build_slides.slide_type(c) for c in nb.cells]
    horizontal = types.count("slide")
    assert types[0] == "slide", "the title cell starts the first slide"
    # every slide is a <section> holding its first subslide <section>
    assert html.count("<section") == horizontal + build_slides.count_slides(nb)
    assert html.count('<aside class="notes">') == types.count("notes") > 0
    assert f"<title>{build_slides.notebook_title(nb, '')} slides</title>" in html.replace(
        "&#39;", "'"
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_widgets_become_a_static_note(decks, notebook):
    nb = nbformat.read(notebook, as_version=4)
    widget_cells = sum(
        any(build_slides.WIDGET_MIME in o.get("data", {}) for o in c.get("outputs", []))
        for c in nb.cells
    )
    html = decks[notebook.name]
    assert html.count('class="course-static-note"') == widget_cells
    assert build_slides.WIDGET_MIME not in html


def test_prepare_replaces_a_widget_output_and_keeps_the_rest():
    widget = nbformat.v4.new_output(
        "display_data",
        data={build_slides.WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox(...)"},
    )
    text = nbformat.v4.new_output("stream", name="stdout", text="hello\n")
    nb = nbformat.v4.new_notebook(
        cells=[
            _cell("# Title\n\nsub", slide_type="slide"),
            _cell("explorer = widgets.make_kernel_explorer({})", "code", outputs=[text, widget]),
        ]
    )
    nb.metadata["widgets"] = {"state": {}}
    ready = build_slides.prepare(nb)
    outputs = ready.cells[1].outputs
    assert outputs[0] == text
    assert "kernel explorer" in outputs[1].data["text/html"]
    assert "widgets" not in ready.metadata and "widgets" in nb.metadata  # a copy
    assert ready.metadata["title"] == "Title"


def test_count_slides_follows_nbconvert():
    cells = [
        _cell("# T", slide_type="-"),  # nbconvert starts a slide at the first visible cell
        _cell("note", slide_type="notes"),
        _cell("a", slide_type="slide"),
        _cell("b", slide_type="subslide"),
        _cell("c", slide_type="fragment"),
        _cell("d", slide_type="skip"),
    ]
    assert build_slides.count_slides(nbformat.v4.new_notebook(cells=cells)) == 3
    assert build_slides.count_slides(nbformat.v4.new_notebook(cells=cells[1:2])) == 0


def test_a_deck_is_the_same_in_a_fresh_process(tmp_path):
    """Two builds, in two processes with different hash seeds, write identical bytes."""
    notebook = NOTEBOOKS[0]
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        (out / "vendor").symlink_to(VENDOR)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, str(ROOT / "scripts/build_slides.py"), str(notebook),
             "--out-dir", str(out)],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        outputs.append(build_slides.deck_path(notebook, out).read_bytes())
    assert outputs[0] == outputs[1]


def test_figure_titles_come_from_the_calls_that_set_them():
    source = (
        "%matplotlib inline\n"
        "fig = plotting.show_images(x, title='MNIST digits')\n"
        "ax.set_title(f'kernel {name}')\n"
        "ax.set_title(f'{name} (sum {s})')  # too little text besides the fields\n"
        "fig.suptitle('Feature maps of conv2')\n"
        "open(path, 'r')\n"
    )
    assert build_slides.figure_titles(source) == [
        "MNIST digits",
        "kernel …",
        "Feature maps of conv2",
    ]
    assert build_slides.figure_titles("def broken(:\n") == []


def test_every_image_gets_an_alt_text_from_its_title_or_caption(decks):
    def png(**metadata):
        data = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}
        return nbformat.v4.new_output("display_data", data=data, metadata=metadata)

    nb = nbformat.v4.new_notebook(
        cells=[
            _cell("# Title", slide_type="slide"),
            _cell("## Look at the data\n\nSixteen **training** digits. More.", slide_type="slide"),
            _cell("fig = show_images(x)", "code", outputs=[png()]),
            _cell("fig = show_images(x, title='MNIST test set')", "code", outputs=[png()]),
            _cell("show(a)\nshow(b)", "code", outputs=[png(alt="A chosen text"), png()]),
        ]
    )
    ready = build_slides.prepare(nb)
    assert ready.cells[2].outputs[0].metadata["alt"] == (
        "Figure: Look at the data — Sixteen training digits."
    )
    assert ready.cells[3].outputs[0].metadata["alt"] == "Figure: MNIST test set"
    assert [o.metadata["alt"] for o in ready.cells[4].outputs] == [
        "A chosen text",
        "Figure: Look at the data — Sixteen training digits. (image 2 of 2)",
    ]
    assert "alt" not in nb.cells[2].outputs[0].metadata  # the notebook itself is untouched
    html = build_slides.render_deck_from_node(nb)
    assert 'alt="Figure: MNIST test set"' in html and 'alt="A chosen text"' in html
    for deck in decks.values():
        assert "No description has been provided" not in deck
        assert 'alt=""' not in deck


def test_progress_bars_show_their_last_state():
    bar = "\r 1/4 ━━━━ 3s\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\r 4/4 ━━━━ 1s\n"
    assert build_slides.terminal_text(bar) == " 4/4 ━━━━ 1s\n"
    assert build_slides.terminal_text("ab\x08c\nplain\n") == "ac\nplain\n"
    outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="Epoch 1\n\r 1/4 a"),
        nbformat.v4.new_output("stream", name="stdout", text="\x08\x08\x08\r 4/4 b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
    ]
    merged = build_slides.merge_streams(outputs)
    assert [(o.name, o.text) for o in merged] == [
        ("stdout", "Epoch 1\n 4/4 b\n"),
        ("stderr", "warning\n"),
    ]
    assert outputs[0].text == "Epoch 1\n\r 1/4 a"  # the notebook's outputs are not changed
