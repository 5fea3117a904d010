#!/usr/bin/env bash
# Set up copydesk on Debian (run as root; safe to run again): system packages, then a
# virtual environment in .venv with copydesk installed. `--test` adds what the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=run
[ "${1:-}" = "--test" ] && mode=test

# WeasyPrint (PDF) needs Pango; libharfbuzz-subset0 makes font subsetting ~3x faster; poppler
# (pdffonts, pdfinfo, pdftotext) lets a user check a PDF's fonts and text. fonts-noto-core has the
# faces the house style names that PyPI lacks (Noto Nastaliq Urdu, Noto Sans Symbols 2, Noto Sans
# Math); fontconfig's fc-list finds them (and any family --font names).
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fontconfig poppler-utils)
# The tests check outputs with real tools: Java (Nu HTML checker), LibreOffice (a real DOCX
# client), Chromium (rendering), pandoc (benchmark baseline).
[ "$mode" = test ] && packages+=(default-jre-headless libreoffice-writer-nogui chromium pandoc)
# pdf.js (the PDF reader of Firefox and of most web viewers) reads the text layer in the tests as it
# does in a browser: Node.js runs it; Debian's nodejs and npm where the machine has no node (its
# Node.js 18 is older than pdfjs-dist 4.10 asks for: the pdf.js tests then skip, saying so).
if [ "$mode" = test ] && ! { command -v node && command -v npm; } >/dev/null; then packages+=(nodejs npm); fi

# Debian's own interpreter is built with PGO and LTO; a source build ahead of it on PATH (pyenv's,
# with --enable-shared) makes a one-article command cost about 15% more CPU. PYTHON=... chooses another one.
python=${PYTHON:-python3}
if [ -z "${PYTHON:-}" ] && /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  python=/usr/bin/python3
fi
"$python" -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
extras=""
[ "$mode" = test ] && extras="[test,cluster]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}" 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/copydesk --version
# pdf.js pinned: the version the text layer was verified on (benchmarks/pdf_words.py --pdfjs .venv/pdfjs)
pdfjs=4.10.38
if [ "$mode" = test ] && ! grep -qs "\"version\": \"$pdfjs\"" .venv/pdfjs/node_modules/pdfjs-dist/package.json; then
  npm install --prefix .venv/pdfjs --no-audit --no-fund --silent "pdfjs-dist@$pdfjs"
fi
