"""Colour maps and colour pairs a colour-blind student can read (issue 20).

Scans the code of course_utils and of every lecture notebook (code cells) without running it:

* no rainbow-like colour map (``jet``, ``rainbow``, ``hsv``, ...): every ``cmap`` the course
  names is grey, perceptually uniform (viridis, magma, ...), or a colour-blind-safe diverging
  map for signed values (RdBu, PuOr, BrBG);
* no red–green pair: no function (course_utils) or cell (notebooks) that colours one thing
  red and another green, the pair that about one man in twelve cannot tell apart.

* a colour bar on every heat map: a function (course_utils) or cell (notebooks) that draws
  an image (``imshow``, ``matshow``, ``pcolormesh``) with a colour map other than grey also
  draws a colour bar (``colorbar`` or ``plotting.add_colorbar``). Grey images are mostly
  pictures (photos, digits), so they are not checked here; a grey heat map (a count, a
  feature map) gets its bar by review. The helpers of course_utils that draw heat maps
  are checked on the figures themselves in tests/test_plotting.py and tests/test_learned.py.
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "course_utils").rglob("*.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

#: Colour maps the course may use (each also reversed, ``_r``).
SEQUENTIAL = {"gray", "grey", "Greys", "binary", "viridis", "magma", "inferno", "plasma", "cividis"}
DIVERGING = {"RdBu", "PuOr", "BrBG"}  # ColorBrewer's colour-blind-safe diverging maps
GREY = {m + r for m in ("gray", "grey", "Greys", "binary") for r in ("", "_r")}
IMAGE_CALLS = {"imshow", "matshow", "pcolormesh", "pcolor"}
ALLOWED = {m + r for m in SEQUENTIAL | DIVERGING for r in ("", "_r")}
RAINBOW = re.compile(
    r"""["'](jet|rainbow|gist_rainbow|hsv|nipy_spectral|gist_ncar|turbo|Spectral|RdYlGn|RdGy"""
    r"""|prism|flag)(_r)?["']|\bcm\.(jet|rainbow|hsv|gist_rainbow|nipy_spectral|turbo)\b"""
    r"""|\bplt\.(jet|hsv)\(""",
)
COLOUR_KEYWORDS = {"color", "colors", "c", "facecolor", "edgecolor", "mfc", "mec", "colour"}
RED = re.compile(
    r"^(red|r|darkred|tab:red|crimson|firebrick|C3|#f00|#ff0000|#d62728|"
    r"[r][-.:o^vs*+x]*[-.:]?)$",
    re.IGNORECASE,
)
GREEN = re.compile(
    r"^(green|g|lime|darkgreen|forestgreen|limegreen|tab:green|C2|#0f0|#00ff00|#2ca02c|"
    r"[g][-.:o^vs*+x]*[-.:]?)$",
    re.IGNORECASE,
)


def _units(path):
    """Yield (name, python source): the module and each function of it, or each code cell."""
    if path.suffix == ".py":
        source = path.read_text(encoding="utf-8")
        yield path.name, source
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield f"{path.name}:{node.name}", ast.get_source_segment(source, node)
        return
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            code = "\n".join(
                "" if ln.lstrip().startswith(("%", "!")) else ln for ln in cell.source.splitlines()
            )
            yield f"{path.name} cell {i}", code


def _strings(node):
    """The string constants in ``node`` (a literal, or a list/tuple/dict of them)."""
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def colours_and_cmaps(source):
    """Return (colours, colour maps) that the code of ``source`` names as literals.

    Colours: values of ``color=``-like keywords and ``plot``'s format strings ("r-", "go");
    colour maps: values of ``cmap=`` and the first argument of ``plt.get_cmap``/``colormaps[]``.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [], []
    colours, cmaps = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in COLOUR_KEYWORDS:
                    colours += _strings(kw.value)
                elif kw.arg == "cmap":
                    cmaps += _strings(kw.value)
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "plot":
                colours += [s for a in node.args[2:3] for s in _strings(a) if len(s) <= 4]
            if name in {"get_cmap", "set_cmap"} and node.args:
                cmaps += _strings(node.args[0])
        elif isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "colormaps":
            cmaps += _strings(node.slice)
        elif isinstance(node, ast.Dict):  # rcParams-style {"image.cmap": "gray"}
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and str(key.value).endswith("cmap"):
                    cmaps += _strings(value)
    return colours, cmaps


def heat_maps_without_bar(source):
    """The colour maps of the non-grey images ``source`` draws, if it draws no colour bar.

    Only a literal ``cmap=`` counts: a colour map passed in a variable (a helper's
    parameter) is checked where the helper's figures are tested.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    images, bars = [], False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in IMAGE_CALLS:
                images += [
                    s for kw in node.keywords if kw.arg == "cmap" for s in _strings(kw.value)
                ]
            bars = bars or name in {"colorbar", "add_colorbar"}
    return [] if bars else sorted(set(images) - GREY)


def test_the_scanner_finds_what_it_should():
    colours, cmaps = colours_and_cmaps(
        "ax.imshow(x, cmap='jet')\nax.plot(a, b, 'r-')\nax.bar(a, b, color=['green', 'k'])\n"
        "rc = {'image.cmap': 'viridis'}\nplt.get_cmap('RdBu_r')\nopen(p, 'r')"
    )
    assert sorted(cmaps) == ["RdBu_r", "jet", "viridis"]
    assert sorted(colours) == ["green", "k", "r-"]
    assert RAINBOW.search("cmap=plt.cm.jet") and RAINBOW.search("cmap='hsv'")
    assert not RAINBOW.search("# a jet engine") and not RAINBOW.search("'hsv_to_rgb'")
    assert RED.match("r-") and GREEN.match("go") and not RED.match("k") and not GREEN.match("gray")
    assert heat_maps_without_bar("ax.imshow(x, cmap='viridis')") == ["viridis"]
    assert heat_maps_without_bar("im = ax.matshow(x, cmap='RdBu_r')\nfig.colorbar(im)") == []
    assert heat_maps_without_bar("ax.imshow(x, cmap='magma')\nplotting.add_colorbar(f)") == []
    assert heat_maps_without_bar("ax.imshow(x, cmap='gray')\nax.imshow(y, cmap=c)") == []


FILES = [*SOURCES, *NOTEBOOKS]
IDS = [str(p.relative_to(ROOT)) for p in FILES]


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_rainbow_colour_map(path):
    problems = []
    for name, source in _units(path):
        found = RAINBOW.search(source)
        if found:
            problems.append(f"{name} uses {found.group(0)}")
        _, cmaps = colours_and_cmaps(source)
        if set(cmaps) - ALLOWED:
            problems.append(f"{name}: colour maps {sorted(set(cmaps) - ALLOWED)}")
    assert problems == [], "use gray, viridis/magma, or RdBu/PuOr for signed values"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_red_green_pair(path):
    problems = []
    for name, source in _units(path):
        colours, _ = colours_and_cmaps(source)
        reds = sorted({c for c in colours if RED.match(c)})
        greens = sorted({c for c in colours if GREEN.match(c)})
        if reds and greens:
            problems.append(f"{name} colours things {reds} and {greens}")
    assert problems == [], "pair red with blue, or tell them apart by shape or label"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_colour_heat_map_has_a_colour_bar(path):
    problems = []
    for name, source in _units(path):
        if path.suffix == ".py" and ":" not in name:
            continue  # the whole module: its functions are checked one by one
        missing = heat_maps_without_bar(source)
        if missing:
            problems.append(f"{name} draws {missing} with no colour bar")
    assert problems == [], "add fig.colorbar(...) or plotting.add_colorbar(...)"
