"""What the PDF text-layer adapter costs: each article written alternately with and without it, in one
process, CPU time (a shared machine's load shifts wall time by more than the difference measured).

    python benchmarks/pdf_text_speed.py [-r ROUNDS]
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
