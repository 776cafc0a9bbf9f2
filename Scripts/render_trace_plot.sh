#!/usr/bin/env bash
# Samples eight schools, draws its trace plot as SVG and renders it to PNG (rsvg-convert, Debian's librsvg2-bin),
# so a person can look at it. Usage: Scripts/render_trace_plot.sh [OUTDIR]
set -euo pipefail
out=${1:-/tmp/tessera-plots}
mkdir -p "$out"
swift build -c release >/dev/null
.build/release/tessera example eight_schools_noncentered --out "$out" >/dev/null
command -v rsvg-convert >/dev/null || { echo "install librsvg2-bin for rsvg-convert"; exit 1; }
rsvg-convert "$out/trace.svg" -o "$out/trace.png"
echo "wrote $out/trace.png"
