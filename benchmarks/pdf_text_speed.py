"""What the PDF text-layer adapter costs: each article written alternately with and without it, in one
process, CPU time (a shared machine's load shifts wall time by more than the difference measured).

    python benchmarks/pdf_text_speed.py [-r ROUNDS]
    python benchmarks/pdf_text_speed.py --against ee19bec   # this checkout against the code of a revision
    python benchmarks/pdf_text_speed.py --instructions 12 [--against REV]   # instructions, under valgrind

`--against REV` measures the whole PDF writing of the same articles with this checkout's code and
with REV's (a git worktree in a temporary folder, run by this interpreter, so WeasyPrint and its
libraries are the same), each in its own process, alternately: ee19bec is main on the day issue
14 was filed, before any text-layer work.

CPU time on this (virtual, shared) machine moves by up to 10 % between runs of the same code, so a
change of a point or two cannot be seen in it. `--instructions N` counts instructions instead
(valgrind's callgrind, PYTHONHASHSEED=0: the same count to 0.05 % from run to run) for the first N
articles: a run of the same code that only loads them and writes one is subtracted, so the
figure is the writing alone. Each run takes about two minutes for 12 articles; valgrind is not installed by setup (apt
install valgrind). The source is byte-compiled first: a stale .pyc is compiled again in every run.
An instruction is not a nanosecond, and the two disagree by points either way (session 7: the
adapter against WeasyPrint's own, +9.6 % in instructions, 12 articles, and +15.2 % in CPU time,
48; against ee19bec, +10.6 % and +5.4 %), so a count compares two versions of a change, not the
cost a user sees; but a change that counts fewer does less, and the count does not drift.

Where the adapter's instructions go (12 articles, HEAD of session 7, cumulative, each step cut
short in a copy of the code): the wrapper and WeasyPrint's own line 13.70 G, + _line_glyphs
14.37 G (0.67 G, 62 % of the adapter's), + the codes and texts (anchors, line_codes, forms' codes,
veils, the fonts' Encoding) 14.59 G, + rewrite 14.77 G. Measured and not kept in session 7: a
line's runs of one font and level taken together (justification makes each word space a run;
the words and spaces of a line walked as one run where each glyph is a cluster of its own, per
run where not; PDFs identical): 14.773 G -> 14.783 G, and +0.7 % in `--against` (-r 7). The work
is per glyph (the forms' maps over Pango's fields, the texts, the Glyphs), not per run.

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
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import weasyprint
from weasyprint.draw import text as draw_text
from weasyprint.pdf import fonts

from convert import ReadOptions, load_article, write
from convert.writers import pdf_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def articles() -> list:
    return sorted((SHARED / "dev").glob("*.txt")) + sorted((SHARED / "bench").glob("bench-00[0-3]*.txt"))


# run in a child process with PYTHONPATH at one revision's src: the CPU time of each article's PDF
CHILD = """
import json, sys, time
from pathlib import Path
from convert import ReadOptions, load_article, write
paths = [Path(p) for p in json.loads(sys.argv[1])]
trees = [load_article(p.read_bytes(), ReadOptions(name=p.name)) for p in paths]
write(trees[0], "pdf")
times = []
for tree in trees:
    begin = time.process_time()
    write(tree, "pdf")
    times.append(time.process_time() - begin)
print(json.dumps(times))
"""


# run under valgrind with PYTHONPATH at one revision's src: load the articles, write the first one,
# then (but for "base") write them all, with WeasyPrint's own text layer ("own") or the adapter
COUNTED = """
import json, sys
from pathlib import Path
import weasyprint
from weasyprint.draw import text as draw_text
from weasyprint.pdf import fonts
from convert import ReadOptions, load_article, write
upstream = (draw_text.draw_first_line, fonts._build_vector_font_dictionary, fonts.Font.clean)
paths = [Path(p) for p in json.loads(sys.argv[2])]
trees = [load_article(p.read_bytes(), ReadOptions(name=p.name)) for p in paths]
write(trees[0], "pdf")
if sys.argv[1] == "own":
    draw_text.draw_first_line, fonts._build_vector_font_dictionary, fonts.Font.clean = upstream
if sys.argv[1] != "base":
    for tree in trees:
        write(tree, "pdf")
"""
COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(src: Path, mode: str, paths: str) -> int:
    """The instructions callgrind counts for COUNTED in `mode` with the code at `src`."""
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "PYTHONHASHSEED": "0"}
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                           "-c", COUNTED, mode, paths], env=env, capture_output=True, text=True)
    found = COLLECTED.search(done.stderr)
    if done.returncode or not found:
        sys.exit(f"valgrind failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
    return int(found.group(1))


def count(number: int, revision: str | None) -> None:
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind: apt install valgrind")
    repo = Path(__file__).resolve().parents[1]
    paths = json.dumps([str(p) for p in articles()[:number]])
    with tempfile.TemporaryDirectory() as scratch:
        sources = {"this checkout": repo / "src"}
        if revision:
            worktree = Path(scratch) / "rev"
            subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(worktree), revision],
                           check=True, capture_output=True)
            sources = {revision: worktree / "src", **sources}
        try:
            for src in sources.values():
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True)
            # each run less the base run of its own code: (name, code, mode)
            jobs = [(name, src, "adapter") for name, src in sources.items()] if revision \
                else [("WeasyPrint's own", repo / "src", "own"), ("the adapter", repo / "src", "adapter")]
            jobs += [(None, src, "base") for src in dict.fromkeys(src for _, src, _ in jobs)]
            with ThreadPoolExecutor(2) as pool:  # valgrind runs on one core
                counted = list(pool.map(lambda job: instructions(job[1], job[2], paths), jobs))
            bases = {src: found for (_, src, mode), found in zip(jobs, counted) if mode == "base"}
            runs = {name: found - bases[src] for (name, src, mode), found in zip(jobs, counted) if mode != "base"}
        finally:
            if revision:
                subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(worktree)], check=True)
    (first, old), (second, new) = runs.items()
    print(f"{number} articles' PDFs, instructions (callgrind, the writing alone): {first} {old / 1e9:.3f} G, "
          f"{second} {new / 1e9:.3f} G ({(new / old - 1) * 100:+.1f} %)")


def against(revision: str, rounds: int) -> None:
    repo = Path(__file__).resolve().parents[1]
    paths = json.dumps([str(p) for p in articles()])
    with tempfile.TemporaryDirectory() as scratch:
        worktree = Path(scratch) / "rev"
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(worktree), revision],
                       check=True, capture_output=True)
        try:
            best = {revision: None, "this checkout": None}
            for round_ in range(rounds):
                order = [(revision, worktree), ("this checkout", repo)]
                for name, root in order if round_ % 2 else order[::-1]:
                    env = {"PYTHONPATH": str(root / "src"), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
                    out = subprocess.run([sys.executable, "-c", CHILD, paths], env=env, check=True,
                                         capture_output=True, text=True).stdout
                    times = json.loads(out)
                    best[name] = times if best[name] is None else list(map(min, best[name], times))
        finally:
            subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(worktree)], check=True)
    old, new = sum(best[revision]), sum(best["this checkout"])
    print(f"{len(best[revision])} articles' PDFs, CPU, best of {rounds} rounds each: {revision} {old:.3f} s, "
          f"this checkout {new:.3f} s ({(new / old - 1) * 100:+.1f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", "--rounds", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="compare the whole PDF writing with a revision's code")
    parser.add_argument("--instructions", metavar="N", type=int,
                        help="count instructions (valgrind) for the first N articles instead of timing them")
    args = parser.parse_args()
    if args.instructions:
        return count(args.instructions, args.against)
    if args.against:
        return against(args.against, args.rounds)
    upstream = (draw_text.draw_first_line, fonts._build_vector_font_dictionary, fonts.Font.clean)
    pdf_text.install(weasyprint)
    adapted = (draw_text.draw_first_line, fonts._build_vector_font_dictionary, fonts.Font.clean)
    paths = articles()
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
