#!/usr/bin/env bash
# Re-create slides/vendor/ from npm: the reveal.js, RequireJS, jQuery and MathJax files that
# the offline decks load (see slides/vendor/README.md). Needs `npm` and the npm registry; the
# result is committed, so `make slides` itself never needs the network.
#
#   bash scripts/vendor_slides.sh          # rebuild slides/vendor/ in place
#
# Only the files the decks use are kept (MathJax 2 alone is 73 MB unpacked; the TeX input,
# the CommonHTML output and its woff fonts are about 1.5 MB). To change a version, edit the
# pins below, run this script, rebuild the decks and run the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

REVEAL=reveal.js@5.2.1   # 6.x moved plugin/notes; nbconvert's template expects the 4.x/5.x layout
REQUIREJS=requirejs@2.3.8
JQUERY=jquery@3.7.1
MATHJAX=mathjax@2.7.9    # nbconvert's MathJax configuration is written for MathJax 2

DEST=slides/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for spec in "$REVEAL" "$REQUIREJS" "$JQUERY" "$MATHJAX"; do
    name=${spec%@*}
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
    mkdir -p "$work/$name"
    tar -xzf "$work/$name"-*.tgz -C "$work/$name" --strip-components=1
done

# Keep README.md (hand-written); replace everything else.
find "$DEST" -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} + 2>/dev/null || true
mkdir -p "$DEST"

copy() {  # copy SRC_ROOT RELATIVE_PATH... into DEST/<package>/RELATIVE_PATH
    local pkg=$1
    shift
    for rel in "$@"; do
        mkdir -p "$DEST/$pkg/$(dirname "$rel")"
        cp -R "$work/$pkg/$rel" "$DEST/$pkg/$rel"
    done
}

copy reveal.js LICENSE package.json dist/reveal.js dist/reveal.css dist/reset.css \
    dist/theme/white.css dist/theme/black.css dist/theme/fonts/source-sans-pro \
    plugin/notes/notes.js
copy requirejs package.json require.js
copy jquery LICENSE.txt package.json dist/jquery.min.js
copy mathjax LICENSE package.json MathJax.js config/TeX-AMS_CHTML-full.js config/Safe.js \
    jax/input/TeX jax/output/CommonHTML jax/element \
    extensions/Safe.js extensions/TeX extensions/MathMenu.js extensions/MathZoom.js \
    extensions/MathEvents.js extensions/tex2jax.js extensions/AssistiveMML.js \
    extensions/CHTML-preview.js extensions/fast-preview.js extensions/HelpDialog.js \
    extensions/FontWarnings.js extensions/toMathML.js \
    fonts/HTML-CSS/TeX/woff localization/en

# RequireJS ships its licence only inside require.js's header comment; keep it beside it.
sed -n '1,/\*\//p' "$DEST/requirejs/require.js" > "$DEST/requirejs/LICENSE-header.txt"

# Deterministic permissions (npm tarballs carry their own).
find "$DEST" -type d -exec chmod 755 {} +
find "$DEST" -type f -exec chmod 644 {} +
du -sh "$DEST"
