"""Measure every deck in Chromium at 1280×720 and report what an instructor would see wrong.

    python scripts/check_slides.py                     # build the decks, check them all
    python scripts/check_slides.py notebooks/02_*.ipynb --only height
    python scripts/check_slides.py --no-build --json artifacts/slides_report.json

For each deck, in Debian's chromium (through Playwright, offline, viewport 1280×720):

* ``height``: every slide's content height in slide pixels (reveal.js scales the 1280×720
  slide to the window; the height is measured before that scaling, with the slide's
  ``height: 100%`` lifted, so it is the height the content needs). Over 720 fails: the
  bottom is cut off when presented.
* ``code``: the smallest font of every code block (inputs and outputs), in screen pixels at
  1280×720 (CSS size × reveal's scale). Under 18 fails.
* ``glyphs``: every non-ASCII character of the deck's text (slides and notes, not MathJax,
  which draws its own), drawn on a canvas with its element's font and compared pixel for
  pixel with a character that no font has (the missing-glyph box). Identical fails.
* ``alt``: every ``<img>`` needs a meaningful alt text (not empty, not a placeholder such as
  nbconvert's "No description has been provided for this image").
* ``axe``: axe-core (the copy pinned with ``axe-playwright-python``) on the deck as
  presented (the first slide with reveal's controls) and on its ``?print-pdf`` view, where
  every slide is laid out at once. Violations of impact serious or critical fail; the others
  are listed.

It prints one table per deck (problems only, unless ``--all``), then a summary, and exits
with status 1 when anything fails. tests/test_browser.py runs the same functions.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_slides

MAX_HEIGHT = build_slides.HEIGHT  # slide pixels
MIN_CODE_PX = 18  # screen pixels at 1280×720
FAILING_IMPACTS = ("critical", "serious")
CHECKS = ("height", "code", "glyphs", "alt", "axe")
#: Alt texts that say nothing about the picture.
PLACEHOLDER_ALT = re.compile(
    r"^\s*(|image|img|figure|fig|plot|picture|png|jpe?g|svg|output|graph|chart"
    r"|no description has been provided for this image|<figure[^>]*>)\s*\.?\s*$",
    re.IGNORECASE,
)

# Runs in the deck: visit every slide and measure it. Returns one record per slide.
MEASURE_JS = r"""
async () => {
    const deck = window.courseDeck;
    const scale = deck.getScale();
    const leaves = [...document.querySelectorAll('.reveal .slides > section > section')];
    const mathDone = () => new Promise(resolve => {
        if (window.MathJax && MathJax.Hub) MathJax.Hub.Queue(resolve); else resolve();
    });
    // missing glyphs: a character drawn exactly like U+10FFFD (no font has it) is missing
    const canvas = document.createElement('canvas');
    canvas.width = 80; canvas.height = 60;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    const draw = (text, font) => {
        ctx.clearRect(0, 0, 80, 60);
        ctx.font = font; ctx.textBaseline = 'top'; ctx.fillStyle = '#000';
        ctx.fillText(text, 4, 4);
        return {w: ctx.measureText(text).width, px: ctx.getImageData(0, 0, 80, 60).data};
    };
    const boxes = {}, verdicts = {};
    const missing = (ch, font) => {
        const key = font + '|' + ch;
        if (key in verdicts) return verdicts[key];
        boxes[font] = boxes[font] || draw('\u{10FFFD}', font);
        const a = draw(ch, font), b = boxes[font];
        let same = Math.abs(a.w - b.w) < 0.01;
        for (let i = 0; same && i < a.px.length; i++) same = a.px[i] === b.px[i];
        return (verdicts[key] = same);
    };
    const skipText = el => el.closest(
        'script, style, .MathJax_CHTML, .MathJax_Preview, .MathJax, .MJX_Assistive_MathML, '
        + '.MathJax_SVG, mjx-container');
    const records = [];
    for (const [n, section] of leaves.entries()) {
        const ix = deck.getIndices(section);
        deck.slide(ix.h, ix.v);
        await mathDone();
        await Promise.all([...section.querySelectorAll('img')].map(
            img => img.complete ? null : new Promise(r => { img.onload = img.onerror = r; })));
        // content height: lift the template's height: 100% and read what the content needs
        const saved = [section.style.height, section.style.overflow];
        section.style.height = 'auto'; section.style.overflow = 'visible';
        const height = Math.ceil(section.getBoundingClientRect().height / scale);
        [section.style.height, section.style.overflow] = saved;
        const heading = section.querySelector('h1, h2, h3, h4');
        const clean = t => t.replace(/\u00b6/g, '').replace(/\s+/g, ' ').trim();
        const title = clean(heading ? heading.innerText : section.innerText).slice(0, 70);
        const code = [...section.querySelectorAll('pre')].filter(p => p.innerText.trim())
            .map(pre => {
                const sizes = [pre, ...pre.querySelectorAll('*')].map(
                    el => parseFloat(getComputedStyle(el).fontSize));
                const output = !!pre.closest('.jp-OutputArea');
                return {px: Math.min(...sizes) * scale, css: Math.min(...sizes), output,
                        text: clean(pre.innerText).slice(0, 40)};
            });
        const glyphs = {};
        const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            const el = node.parentElement;
            if (!el || skipText(el)) continue;
            const chars = [...node.nodeValue].filter(c => c.codePointAt(0) > 127 && c.trim());
            if (!chars.length) continue;
            const st = getComputedStyle(el);
            const font = `${st.fontStyle} ${st.fontWeight} 32px ${st.fontFamily}`;
            for (const ch of new Set(chars))
                if (missing(ch, font)) glyphs[ch] = (glyphs[ch] || 0) + 1;
        }
        const images = [...section.querySelectorAll('img')].map(img => ({
            alt: img.getAttribute('alt'),
            width: Math.round(img.getBoundingClientRect().width / scale),
            height: Math.round(img.getBoundingClientRect().height / scale),
            loaded: img.naturalWidth > 0,
        }));
        records.push({n: n + 1, h: ix.h, v: ix.v, title, height, code, images,
                      missing_glyphs: Object.keys(glyphs).map(
                          c => [c, 'U+' + c.codePointAt(0).toString(16).toUpperCase()
                                .padStart(4, '0')])});
    }
    deck.slide(0, 0);
    await mathDone();
    return {scale, slides: records};
}
"""

# Where an axe node lies: the slide number in the ?print-pdf view (one .pdf-page per slide).
LOCATE_JS = """(selectors) => selectors.map(sel => {
    let el = null;
    try { el = document.querySelector(sel); } catch (e) { return null; }
    const page = el && el.closest('.pdf-page');
    return page ? [...document.querySelectorAll('.pdf-page')].indexOf(page) + 1 : null;
})"""


@dataclass
class Slide:
    n: int
    h: int
    v: int
    title: str
    height: int
    code: list = field(default_factory=list)
    images: list = field(default_factory=list)
    missing_glyphs: list = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.n} ({self.h}.{self.v})"

    @property
    def min_code_px(self) -> float | None:
        return min((c["px"] for c in self.code), default=None)

    def bad_alts(self) -> list[str | None]:
        return [im["alt"] for im in self.images if not meaningful_alt(im["alt"])]


@dataclass
class DeckReport:
    deck: str
    scale: float = 1.0
    slides: list[Slide] = field(default_factory=list)
    #: axe violations: {id, impact, help, nodes: [[target, slide or None, html]], view}
    axe: list[dict] = field(default_factory=list)

    def failures(self, checks=CHECKS) -> dict[str, list[str]]:
        """Return {check: [one line per problem]} for the checks that fail."""
        found: dict[str, list[str]] = {c: [] for c in checks}
        for s in self.slides:
            if "height" in checks and s.height > MAX_HEIGHT:
                found["height"].append(f"slide {s.where} {s.title!r}: {s.height} px tall")
            if "code" in checks and s.min_code_px is not None and s.min_code_px < MIN_CODE_PX:
                found["code"].append(f"slide {s.where} {s.title!r}: code at {s.min_code_px:.1f} px")
            if "glyphs" in checks and s.missing_glyphs:
                chars = ", ".join(f"{c} {u}" for c, u in s.missing_glyphs)
                found["glyphs"].append(f"slide {s.where} {s.title!r}: no glyph for {chars}")
            if "alt" in checks:
                for alt in s.bad_alts():
                    found["alt"].append(f"slide {s.where} {s.title!r}: image alt={alt!r}")
        if "axe" in checks:
            for v in self.axe:
                if v["impact"] in FAILING_IMPACTS:
                    found["axe"].append(axe_line(v))
        return {c: lines for c, lines in found.items() if lines}


def meaningful_alt(alt: str | None) -> bool:
    """True when ``alt`` describes the picture (not missing, empty or a placeholder)."""
    return alt is not None and len(alt.strip()) >= 4 and not PLACEHOLDER_ALT.match(alt)


def axe_line(v: dict) -> str:
    slides = sorted({s for _, s, _ in v["nodes"] if s})
    where = f"slides {', '.join(map(str, slides[:12]))}" if slides else v["view"]
    sample = v["nodes"][0][0] if v["nodes"] else ""
    return f"{v['impact']} {v['id']} ({len(v['nodes'])} nodes, {where}): {v['help']}; e.g. {sample}"


def axe_script() -> str:
    """Return the axe-core source pinned with axe-playwright-python."""
    try:
        import axe_playwright_python
    except ImportError as err:
        raise ImportError(
            "axe-playwright-python is not installed: pip install -r requirements.txt"
        ) from err
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page, context=None, view="deck") -> list[dict]:
    """Run axe-core in ``page`` (optionally on ``context``); return its violations, flattened.

    Each violation: ``{"id", "impact", "help", "view", "nodes": [[target, slide, html]]}``;
    ``slide`` is the slide number where the page is a ``?print-pdf`` deck, else None.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    options = {"resultTypes": ["violations"]}
    result = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )
    violations = []
    for v in result["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"]]
        slides = page.evaluate(LOCATE_JS, targets)
        nodes = [
            [t, s, node.get("html", "")[:160]]
            for t, s, node in zip(targets, slides, v["nodes"], strict=True)
        ]
        violations.append(
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "view": view, "nodes": nodes}
        )
    return violations


def open_context(browser):
    """A 1280×720 context that refuses every request that is not a local file."""
    context = browser.new_context(viewport={"width": build_slides.WIDTH, "height": MAX_HEIGHT})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:", "about:", "blob:"))
            else route.abort()
        ),
    )
    return context


def measure_deck(browser, deck: Path, checks=CHECKS) -> DeckReport:
    """Open ``deck`` in ``browser`` at 1280×720 and measure it; return its report."""
    context = open_context(browser)
    page = context.new_page()
    try:
        page.goto(deck.resolve().as_uri())
        build_slides.wait_for_deck(page)
        report = DeckReport(deck=deck.name.replace(".slides.html", ""))
        if set(checks) & {"height", "code", "glyphs", "alt"}:
            measured = page.evaluate(MEASURE_JS)
            report.scale = measured["scale"]
            report.slides = [Slide(**s) for s in measured["slides"]]
        if "axe" in checks:
            report.axe += run_axe(page, view="deck view (first slide, controls)")
            page.goto(deck.resolve().as_uri() + "?print-pdf")
            build_slides.wait_for_deck(page)
            for v in run_axe(page, view="print-pdf view (all slides)"):
                old = next((o for o in report.axe if o["id"] == v["id"]), None)
                if old is None:
                    report.axe.append(v)
                else:  # the same rule in both views: one entry, the nodes of both
                    seen = {n[2] for n in old["nodes"]}
                    old["nodes"] += [n for n in v["nodes"] if n[2] not in seen]
    finally:
        context.close()
    return report


def format_report(report: DeckReport, checks=CHECKS, show_all=False) -> str:
    """Return the deck's table: one row per slide with a problem (every slide with --all)."""
    lines = [f"== {report.deck}: {len(report.slides)} slides (reveal scale {report.scale:.3f})"]
    if report.slides:
        lines.append(f"{'slide (h.v)':>11}  {'height':>6}  {'code px':>7}  imgs  problems / title")
    for s in report.slides:
        problems = []
        if "height" in checks and s.height > MAX_HEIGHT:
            problems.append(f"TALL +{s.height - MAX_HEIGHT}px")
        code = s.min_code_px
        if "code" in checks and code is not None and code < MIN_CODE_PX:
            problems.append("SMALL CODE")
        if "glyphs" in checks and s.missing_glyphs:
            problems.append("NO GLYPH " + " ".join(u for _, u in s.missing_glyphs))
        if "alt" in checks and s.bad_alts():
            problems.append(f"ALT x{len(s.bad_alts())}")
        if problems or show_all:
            code_txt = f"{code:7.1f}" if code is not None else f"{'-':>7}"
            row = f"{s.where:>11}  {s.height:>6}  {code_txt}  {len(s.images):>4}  "
            lines.append(row + "; ".join(problems) + (" | " if problems else "") + s.title)
    if "axe" in checks:
        for v in report.axe:
            flag = "FAIL" if v["impact"] in FAILING_IMPACTS else "info"
            lines.append(f"  axe {flag}: {axe_line(v)}")
    failures = report.failures(checks)
    counts = ", ".join(f"{c}: {len(failures.get(c, []))}" for c in checks)
    lines.append(f"-- {report.deck}: {'FAIL' if failures else 'ok'} ({counts})")
    return "\n".join(lines)


def check_decks(decks: list[Path], checks=CHECKS, browser=None) -> list[DeckReport]:
    """Measure every deck (launching Debian's chromium unless ``browser`` is given)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = build_slides.launch_chromium(p)
            try:
                return check_decks(decks, checks, chromium)
            finally:
                chromium.close()
    return [measure_deck(browser, deck, checks) for deck in decks]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/NN_*.ipynb")
    parser.add_argument("--no-build", action="store_true", help="check the decks as built")
    parser.add_argument(
        "--only", action="append", choices=CHECKS, help="run only this check (repeatable)"
    )
    parser.add_argument("--all", action="store_true", help="list every slide, not only problems")
    parser.add_argument("--json", type=Path, help="also write the full report here")
    args = parser.parse_args(argv)
    checks = tuple(args.only or CHECKS)
    if "axe" in checks:
        axe_script()  # fail early, with the fix, when the package is missing
    notebooks = args.notebooks or build_slides.find_notebooks()
    if args.no_build:
        decks = [build_slides.deck_path(nb) for nb in notebooks]
    else:
        decks = build_slides.build_decks(notebooks)
    reports = check_decks(decks, checks)
    for report in reports:
        print(format_report(report, checks, args.all))
        print()
    print("summary (slides over 720 px / slides, code < 18 px, missing glyphs, bad alt, axe):")
    failed = False
    for r in reports:
        f = r.failures(checks)
        failed |= bool(f)
        print(
            f"  {r.deck:<36} {len(f.get('height', [])):>3} / {len(r.slides):<3}"
            f" {len(f.get('code', [])):>3} {len(f.get('glyphs', [])):>3}"
            f" {len(f.get('alt', [])):>3} {len(f.get('axe', [])):>3}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in reports], indent=1, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
