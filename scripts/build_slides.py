"""Build the offline reveal.js decks (and PDF handouts) from the lecture notebooks.

    python scripts/build_slides.py                 # every notebooks/NN_*.ipynb -> slides/
    python scripts/build_slides.py --handouts      # decks, then slides/handouts/*.pdf
    python scripts/build_slides.py notebooks/01_convolution_without_training.ipynb

Each deck is nbconvert's ``SlidesExporter`` (what ``jupyter nbconvert --to slides`` runs)
with the template in slides/template/course and every script pointed at slides/vendor/,
so a deck opens from ``file://`` with no network. The cells' ``slideshow.slide_type``
decides the slides; ``notes`` cells become speaker notes (press S in the deck).
Live widgets cannot run in static HTML: their outputs are replaced by a short note.
Building twice gives byte-identical decks (a deck is rewritten only when it changes).

Handouts are printed by Debian's chromium through Playwright, from ``deck?print-pdf``,
one page per slide.
"""

from __future__ import annotations

import argparse
import ast
import copy
import html
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SLIDES_DIR = ROOT / "slides"
TEMPLATE_DIR = SLIDES_DIR / "template"
VENDOR = "vendor"  # relative to the deck, so a copied slides/ folder keeps working
CHROMIUM = "/usr/bin/chromium"
#: Flags that keep chromium quiet and off the network in a closed environment.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDTH, HEIGHT = 1280, 720


def find_notebooks(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """Return the lecture notebooks ``NN_*.ipynb`` in ``directory``, in order."""
    return sorted(directory.glob("[0-9][0-9]_*.ipynb"))


def deck_path(notebook: Path, out_dir: Path = SLIDES_DIR) -> Path:
    """Return where the deck of ``notebook`` goes: ``out_dir/<stem>.slides.html``."""
    return out_dir / f"{notebook.stem}.slides.html"


def slide_type(cell) -> str:
    """Return a cell's ``slideshow.slide_type`` ("-" when it has none)."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") or "-"


def count_slides(nb) -> int:
    """Count the slides reveal.js shows: every slide and subslide cell.

    nbconvert also starts a slide at the first visible cell, whatever its type.
    """
    visible = [c for c in nb["cells"] if slide_type(c) not in {"notes", "skip"}]
    if not visible:
        return 0
    starts = sum(slide_type(c) in {"slide", "subslide"} for c in visible)
    return starts + (slide_type(visible[0]) not in {"slide", "subslide"})


def notebook_title(nb, fallback: str) -> str:
    """Return the notebook's H1 title (the first ``# `` line), or ``fallback``."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            match = re.search(r"^# (.+)$", cell["source"], re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def widget_note(cell) -> str:
    """Return the HTML note that stands in for a live widget's output in a deck."""
    first_line = next((ln for ln in cell["source"].splitlines() if ln.strip()), "")
    what = "the kernel explorer" if "kernel_explorer" in cell["source"] else "a live widget"
    return (
        '<div class="course-static-note"><b>Live widget.</b> This cell shows '
        f"{html.escape(what)}, which needs a running Python kernel: open the notebook in "
        "JupyterLab (<code>make lab</code>) and run it there, or switch to live mode "
        f"(RISE). <br><small>Cell starts with: <code>{html.escape(first_line[:80])}"
        "</code></small></div>"
    )


IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
#: Calls whose first argument (or ``title=``/``suptitle=`` keyword) titles a figure.
TITLE_CALLS = {"set_title", "suptitle", "title", "set_suptitle"}
TITLE_KEYWORDS = {"title", "suptitle"}


def _literal_text(node) -> str | None:
    """Return the text of a string literal or f-string (``{...}`` parts become "…")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    return None


def _says_something(text: str | None) -> bool:
    """True when a title has some words besides its f-string fields (at least 6 letters)."""
    return text is not None and sum(c.isalpha() for c in text) >= 6


def figure_titles(source: str) -> list[str]:
    """Return the literal figure titles a code cell sets, in source order.

    Found: ``ax.set_title("...")``, ``fig.suptitle("...")``, ``plt.title("...")`` and any
    call's ``title="..."``/``suptitle="..."`` keyword (the course's plotting helpers).
    """
    code = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        texts = []
        if name in TITLE_CALLS and node.args:
            texts.append(_literal_text(node.args[0]))
        texts += [_literal_text(k.value) for k in node.keywords if k.arg in TITLE_KEYWORDS]
        found += [(node.lineno, node.col_offset, t) for t in texts if _says_something(t)]
    return [" ".join(t.split()) for *_, t in sorted(found)]


def plain_text(markdown: str) -> str:
    """Return ``markdown`` as one line of plain text (no headings, markup, links or tags)."""
    lines = [ln for ln in markdown.splitlines() if not ln.lstrip().startswith("#")]
    text = " ".join(lines)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[*_`]|\$|\\(?=[a-zA-Z])", "", text)
    return " ".join(text.split())


def first_sentence(text: str, limit: int = 160) -> str:
    """Return the first sentence of ``text``, cut at a word before ``limit`` characters."""
    sentence = re.split(r"(?<=[.!?:])\s", text, maxsplit=1)[0]
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def image_alts(nb) -> dict[tuple[int, int], str]:
    """Return ``{(cell index, output index): alt text}`` for every image output of ``nb``.

    The alt text is, in this order: the output's own ``metadata["alt"]`` (set it with
    ``display(..., metadata={"alt": ...})``); the figure titles the cell sets (see
    ``figure_titles``); else the first sentence of the markdown cell before it (the caption
    that introduces the figure); else the slide's heading. Several images of one cell are
    numbered.
    """
    alts = {}
    heading, caption = "", ""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and slide_type(cell) not in {"notes", "skip"}:
            match = re.search(r"^#+ (.+)$", cell.source, re.MULTILINE)
            if match:
                heading = plain_text(match.group(1))
            text = plain_text(cell.source)
            caption = first_sentence(text) if text else caption
            continue
        if cell.cell_type != "code":
            continue
        images = [
            j
            for j, out in enumerate(cell.get("outputs", []))
            if set(out.get("data", {})) & set(IMAGE_MIMES)
        ]
        titles = figure_titles(cell.source)
        for k, j in enumerate(images):
            own = cell.outputs[j].get("metadata", {}).get("alt")
            if own:
                alts[i, j] = own
                continue
            if len(titles) == len(images):
                alt = f"Figure: {titles[k]}"
            elif titles:
                alt = f"Figure: {'; '.join(titles)}"
            else:  # the slide's heading and the sentence that introduces the figure
                parts = [heading.rstrip(":"), caption.rstrip(":")]
                alt = "Figure: " + (" — ".join(p for p in parts if p) or "no caption")
            if len(images) > 1 and len(titles) != len(images):
                alt += f" (image {k + 1} of {len(images)})"
            alts[i, j] = alt
    return alts


def terminal_text(text: str) -> str:
    """Return ``text`` as a terminal (or JupyterLab) shows it after ``\\r`` and ``\\b``.

    A progress bar (Keras' ``fit``) rewrites its line with backspaces and a carriage
    return; only the last state of each line stays, not every intermediate fragment.
    """
    lines = []
    for line in text.split("\n"):
        segments = [seg for seg in line.split("\r") if seg] or [""]
        kept: list[str] = []
        for char in segments[-1]:
            if char == "\b":
                if kept:
                    kept.pop()
            else:
                kept.append(char)
        lines.append("".join(kept))
    return "\n".join(lines)


def merge_streams(outputs: list) -> list:
    """Join consecutive outputs of one stream (as JupyterLab does) and apply ``terminal_text``."""
    merged: list = []
    for out in outputs:
        if (
            out.get("output_type") == "stream"
            and merged
            and merged[-1].get("output_type") == "stream"
            and merged[-1].get("name") == out.get("name")
        ):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(copy.deepcopy(out))
    for out in merged:
        if out.get("output_type") == "stream":
            out["text"] = terminal_text(out["text"])
    return merged


def prepare(nb):
    """Return a copy of ``nb`` ready for a static deck.

    Widget outputs become a note, stream outputs are shown as their final state (a progress
    bar's last update, not each fragment: ``merge_streams``), code that JupyterLab shows collapsed
    (``jupyter.source_hidden``) is left out of the slide (its outputs stay), and every image
    output gets an alt text (``image_alts``) in its ``metadata["alt"]``, which the template
    writes into the ``<img>``.
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)  # the widget state would load a manager from a CDN
    nb.metadata["title"] = notebook_title(nb, nb.metadata.get("title", "Lecture"))
    for (i, j), alt in image_alts(nb).items():
        nb.cells[i].outputs[j].setdefault("metadata", {})["alt"] = alt
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        # Code collapsed in JupyterLab (a plotting helper, say) stays hidden on the slide.
        if cell.metadata.get("jupyter", {}).get("source_hidden"):
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        outputs = []
        for out in merge_streams(cell.get("outputs", [])):
            if WIDGET_MIME in out.get("data", {}):
                note = widget_note(cell)
                out = nbformat.v4.new_output(
                    "display_data", data={"text/html": note, "text/plain": "[live widget]"}
                )
            outputs.append(out)
        cell.outputs = outputs
    return nb


def make_exporter():
    """Return nbconvert's SlidesExporter set up for offline decks."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.SlidesExporter.template_name = "course"
    config.SlidesExporter.reveal_url_prefix = f"{VENDOR}/reveal.js"
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.reveal_transition = "none"
    config.SlidesExporter.reveal_number = "c/t"
    config.SlidesExporter.reveal_width = str(WIDTH)
    config.SlidesExporter.reveal_height = str(HEIGHT)
    config.SlidesExporter.require_js_url = f"{VENDOR}/requirejs/require.js"
    config.SlidesExporter.jquery_url = f"{VENDOR}/jquery/dist/jquery.min.js"
    config.SlidesExporter.mathjax_url = (
        f"{VENDOR}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    )
    config.SlidesExporter.mermaid_js_url = ""
    config.SlidesExporter.jupyter_widgets_base_url = ""
    config.SlidesExporter.widget_renderer_url = ""
    config.SlidesExporter.font_awesome_url = ""
    return SlidesExporter(config=config)


def render_deck(notebook: Path, exporter=None) -> str:
    """Return the deck HTML for ``notebook``."""
    nb = nbformat.read(notebook, as_version=4)
    return render_deck_from_node(nb, exporter, notebook.stem)


def render_deck_from_node(nb, exporter=None, name: str = "deck") -> str:
    """Return the deck HTML for the notebook node ``nb`` (not changed)."""
    exporter = exporter or make_exporter()
    body, _ = exporter.from_notebook_node(prepare(nb), resources={"metadata": {"name": name}})
    for url in re.findall(r"""(?:src|href)=["'](https?:[^"']+)""", body):
        raise RuntimeError(f"{name}: the deck would load {url} from the network")
    return body


def build_decks(notebooks: list[Path], out_dir: Path = SLIDES_DIR) -> list[Path]:
    """Write one deck per notebook into ``out_dir``; return the deck paths."""
    if not (out_dir / VENDOR / "reveal.js" / "dist" / "reveal.js").exists():
        raise FileNotFoundError(
            f"{out_dir / VENDOR} is missing; run `bash scripts/vendor_slides.sh` (needs npm)"
        )
    exporter = make_exporter()
    written = []
    for notebook in notebooks:
        target = deck_path(notebook, out_dir)
        body = render_deck(notebook, exporter)
        if not target.exists() or target.read_text(encoding="utf-8") != body:
            target.write_text(body, encoding="utf-8")
        written.append(target)
        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return written


def launch_chromium(playwright):
    """Launch Debian's chromium headless through Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: sudo apt-get install chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_for_deck(page, timeout_ms: int = 60_000) -> None:
    """Wait until reveal.js is ready and MathJax has typeset the page.

    In the print view (``?print-pdf``) also wait for reveal.js' page layout: it is built
    after the page's load event, some frames after ``.reveal.ready``, and ends by removing
    ``loading-scroll-mode`` (right after its ``pdf-ready`` event).
    """
    page.wait_for_selector(".reveal.ready", state="attached", timeout=timeout_ms)
    if "print-pdf" in page.url:
        page.wait_for_function(
            "() => document.querySelector('.pdf-page') !== null"
            " && document.querySelector('.loading-scroll-mode') === null",
            timeout=timeout_ms,
        )
    page.wait_for_function(
        """() => {
            if (!window.MathJax || !MathJax.Hub) return false;
            if (window.__mathjaxDone === undefined) {
                window.__mathjaxDone = false;
                MathJax.Hub.Queue(() => { window.__mathjaxDone = true; });
            }
            return window.__mathjaxDone;
        }""",
        timeout=timeout_ms,
    )


def print_handouts(decks: list[Path], out_dir: Path, browser=None) -> list[Path]:
    """Print each deck to ``out_dir/<stem>.pdf``, one page per slide; return the paths.

    ``browser`` is a Playwright browser to reuse; by default Debian's chromium is launched.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = launch_chromium(p)
            try:
                return print_handouts(decks, out_dir, chromium)
            finally:
                chromium.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    # Offline by construction: anything that is not a local file is refused.
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page = context.new_page()
    pdfs = []
    for deck in decks:
        page.goto(deck.resolve().as_uri() + "?print-pdf")
        wait_for_deck(page)
        target = out_dir / deck.name.replace(".slides.html", ".pdf")
        page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
        pdfs.append(target)
        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    context.close()
    return pdfs


def count_pdf_pages(pdf: Path) -> int:
    """Count the pages of a PDF written by chromium (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/NN_*.ipynb")
    parser.add_argument("--out-dir", type=Path, default=SLIDES_DIR)
    parser.add_argument("--handouts", action="store_true", help="also print PDF handouts")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or find_notebooks()
    if not notebooks:
        parser.error("no notebooks found")
    decks = build_decks(notebooks, args.out_dir)
    if args.handouts:
        print_handouts(decks, args.out_dir / "handouts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
