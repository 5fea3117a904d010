"""What the PDF text-layer adapter costs: each article written alternately with and without it, in one
process, CPU time (a shared machine's load shifts wall time by more than the difference measured).

    python benchmarks/pdf_text_speed.py [-r ROUNDS]

Measured and not kept (PDFs identical on benchmarks/pdf_same.py's 146, but no faster): writing
the line's TJ operations in the adapter instead of WeasyPrint's loop (one walk of Pango's runs;
+15.9 % against +12.4 % for the adapter as it was, same session), since a line's glyphs are mostly
new to a short article's fonts and WeasyPrint's per-glyph loop is cheap next to four Python passes
per run; (glyph, width) pairs cached for _gapped's gap test; whole runs cached (6 % of runs repeat).
The adapter's own functions cost about 0.25 s of the ~0.3 s overhead, spread over _line_glyphs
(0.15), rewrite (0.07) and line_codes (0.03), each already one pass per run in C where it can be.
pdf_widths' forms (glyphs of their advance in context) cost about a point: +12.8 % against +11.8 %
for the adapter without them, -r 5 in one session; of that, adding their glyphs to the subsets
(pdf_widths.add_glyphs, in bytes, not fontTools: 20-40 ms a font) at most 0.3 ms a font (profiled).
"""

import argparse
import time
from pathlib import Path

import weasyprint
from weasyprint.draw import text as draw_text
from weasyprint.pdf import fonts

from convert import ReadOptions, load_article, write
from convert.writers import pdf_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", "--rounds", type=int, default=3)
    args = parser.parse_args()
    upstream = (draw_text.draw_first_line, fonts._build_vector_font_dictionary, fonts.Font.clean)
    pdf_text.install(weasyprint)
    adapted = (draw_text.draw_first_line, fonts._build_vector_font_dictionary, fonts.Font.clean)
    paths = sorted((SHARED / "dev").glob("*.txt")) + sorted((SHARED / "bench").glob("bench-00[0-3]*.txt"))
    trees = [load_article(p.read_bytes(), ReadOptions(name=p.name)) for p in paths]
    write(trees[0], "pdf")
    best = {"WeasyPrint's own": [float("inf")] * len(trees), "adapter": [float("inf")] * len(trees)}
    for round_ in range(args.rounds):
        order = (("WeasyPrint's own", upstream), ("adapter", adapted))
        for index, tree in enumerate(trees):
            for name, functions in order if round_ % 2 else order[::-1]:
                draw_text.draw_first_line, fonts._build_vector_font_dictionary, fonts.Font.clean = functions
                begin = time.process_time()
                write(tree, "pdf")
                best[name][index] = min(best[name][index], time.process_time() - begin)
    own, adapter = sum(best["WeasyPrint's own"]), sum(best["adapter"])
    print(f"{len(trees)} articles, CPU, best of {args.rounds} rounds each: WeasyPrint's own text layer "
          f"{own:.3f} s, with the adapter {adapter:.3f} s ({(adapter / own - 1) * 100:+.1f} %)")


if __name__ == "__main__":
    main()
