"""How well the PDF's text layer gives back the article: pdftotext against the XML text, per article.

Similarity is difflib's ratio after removing whitespace and bidi controls (1.0 = exact copy/paste),
over the page's text area (running header and page number, which are page furniture, cropped off).
ZWNJ is removed from both sides too: pdftotext never emits it (reported separately).
Also times the PDF writer: cold start (import + first document) and warm per-document cost.

    python benchmarks/pdf_text_layer.py [--corpus ../shared/corpus/dev] [--upstream]
"""

import argparse
import subprocess
import sys
import tempfile
import time
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

from convert import ReadOptions, load_article, write
from convert.document.lossless import story_text

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


IGNORED = BIDI_CONTROLS | {"\u200c"}
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 56, 62  # print.css: 22 mm and 24 mm, less a little


def comparable(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace() and c not in IGNORED)


def pdf_text(pdf: bytes, crop_furniture: bool = True) -> str:
    """pdftotext of every page; with crop_furniture, only the area inside the page margins."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        if not crop_furniture:
            return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
        size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
        width, height = float(size[2]), float(size[4])
        area = ["-x", "0", "-y", str(TOP_MARGIN_PT), "-W", str(int(width)), "-H", str(int(height - TOP_MARGIN_PT - BOTTOM_MARGIN_PT))]
        return subprocess.run(["pdftotext", *area, handle.name, "-"], capture_output=True, text=True, check=True).stdout


def similarity(tree, pdf: bytes) -> float:
    return SequenceMatcher(None, comparable(pdf_text(pdf)), comparable(story_text(tree)), autojunk=False).ratio()


def page_count(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--upstream", action="store_true", help="WeasyPrint's own text layer (no pdf_text adapter)")
    args = parser.parse_args()
    if args.upstream:
        from convert.writers import pdf_text
        pdf_text.install = lambda weasyprint: False
    texts = sorted(args.corpus.glob("*.txt"))
    if not texts:
        sys.exit(f"pdf_text_layer: no articles in {args.corpus}")
    start = time.perf_counter()
    first = load_article(texts[0].read_bytes(), ReadOptions(name=texts[0].name))
    write(first, "pdf")
    print(f"cold start (import WeasyPrint + first PDF): {time.perf_counter() - start:.2f} s")
    scores, timings = [], []
    for path in texts:
        tree = load_article(path.read_bytes(), ReadOptions(name=path.name))
        begin = time.perf_counter()
        pdf = write(tree, "pdf")
        seconds = time.perf_counter() - begin
        pages = page_count(pdf)
        timings.append((seconds, pages))
        scores.append(similarity(tree, pdf))
        print(f"{path.stem:28} pages {pages}  {seconds:.3f} s  text-layer similarity {scores[-1]:.4f}")
    seed = Path(__file__).resolve().parents[1] / "examples" / "seed-ar.txt"
    seed_tree = load_article(seed.read_bytes(), ReadOptions(name=seed.name))
    runs = []
    for _ in range(8):
        begin = time.perf_counter()
        seed_pdf = write(seed_tree, "pdf")
        runs.append(time.perf_counter() - begin)
    runs.sort()
    print(f"seed ({page_count(seed_pdf)} pages), warm worker, 8 runs: min {runs[0]:.3f} s, median {runs[4]:.3f} s")
    total_pages = sum(p for _, p in timings)
    print(f"mean similarity {sum(scores) / len(scores):.4f}, min {min(scores):.4f}")
    print(f"warm: {sum(s for s, _ in timings) / len(timings):.3f} s/document, "
          f"{sum(s for s, _ in timings) / total_pages:.3f} s/page")


if __name__ == "__main__":
    main()
