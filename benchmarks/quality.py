"""Score the text reader against the gold annotations of ../shared/corpus/dev (or --corpus DIR).

Prints headline accuracy, heading F1, paragraph F1, dateline accuracy, byline accuracy,
end-credit F1 and lossless rate; with -v, every miss.

    python benchmarks/quality.py [-v] [--corpus ../shared/corpus/dev]
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from convert import ReadOptions, read_text
from convert.document import names
from convert.document.lossless import lossless_problems

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
BENCH_CORPUS = DEFAULT_CORPUS.parent / "bench"


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def key(text: str) -> str:
    return collapse(text)[:40]


def predicted(tree) -> dict:
    """The structure the reader found, in the gold file's terms."""
    root = tree.getroot()
    headline = root.find(f"{names.HEAD}/{names.HEADLINE}")
    dateline = root.find(f".//{names.P}/{names.DATELINE}")
    return {
        "headline": None if headline is None or headline.get("derived") == "true" else headline.text,
        "byline": [collapse(b.text) for b in root.iter(names.BYLINE)],
        "dateline": None if dateline is None else collapse("".join(dateline.itertext())),
        "headings": [collapse(h.text) for h in root.iter(names.HEADING)],
        "paragraphs": [key("".join(p.itertext())) for p in root.iter(names.P)],
        "end": [collapse(c.text) for c in root.iter(names.CREDIT)],
        "noise": [collapse(a.text) for a in root.iter(names.ASIDE)],
    }


def gold_structure(gold: dict) -> dict:
    return {
        "headline": gold["headline"],
        "byline": [collapse(b) for b in gold["byline"]],
        "dateline": gold["dateline"] and collapse(gold["dateline"]),
        "headings": [collapse(s["heading"]) for s in gold["sections"] if s["heading"]],
        "paragraphs": [p for s in gold["sections"] for p in s["paragraphs"]],
        "end": [collapse(e) for e in gold["end"]],
        "noise": [collapse(n) for n in gold["noise"]],
    }


class F1:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, found: list, wanted: list) -> tuple[list, list]:
        missing, extra = Counter(wanted) - Counter(found), Counter(found) - Counter(wanted)
        self.tp += sum((Counter(wanted) & Counter(found)).values())
        self.fp += sum(extra.values())
        self.fn += sum(missing.values())
        return list(missing.elements()), list(extra.elements())

    def __str__(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{f:.3f} (P {p:.3f} R {r:.3f}, tp {self.tp} fp {self.fp} fn {self.fn})"


def score(corpus: Path, verbose: bool) -> None:
    golds = sorted(corpus.glob("*.gold.json"))
    exact = Counter()
    scores = {name: F1() for name in ("headings", "paragraphs", "end", "noise")}
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        data = (corpus / gold["file"]).read_bytes()
        tree = read_text(data, ReadOptions(name=gold["file"]))
        found, wanted = predicted(tree), gold_structure(gold)
        for field in ("headline", "dateline", "byline"):
            exact[field] += found[field] == wanted[field]
            if verbose and found[field] != wanted[field]:
                print(f"  {gold['id']}: {field}: found {found[field]!r}, gold {wanted[field]!r}")
        for field, f1 in scores.items():
            missing, extra = f1.add(found[field], wanted[field])
            if verbose and (missing or extra):
                print(f"  {gold['id']}: {field}: missed {missing}, extra {extra}")
        lost = lossless_problems(data.decode(gold["encoding"]), tree)
        exact["lossless"] += not lost
        if verbose and lost:
            print(f"  {gold['id']}: lossless: {lost}")
    n = len(golds)
    print(f"articles          {n}")
    print(f"headline accuracy {exact['headline'] / n:.3f}")
    print(f"heading F1        {scores['headings']}")
    print(f"paragraph F1      {scores['paragraphs']}")
    print(f"dateline accuracy {exact['dateline'] / n:.3f}")
    print(f"byline accuracy   {exact['byline'] / n:.3f}")
    print(f"end-credit F1     {scores['end']}")
    print(f"aside (noise) F1  {scores['noise']}")
    print(f"lossless rate     {exact['lossless'] / n:.3f}")


def score_bench_headlines(bench: Path, verbose: bool) -> None:
    """Unseen text: every bench article was assembled as TITLE, blank line, TEXT, so its first
    line is a known headline; the reader was never tuned on these files' structure gold."""
    files = sorted(bench.glob("bench-*.txt"))
    hits = 0
    for path in files:
        data = path.read_bytes()
        found = predicted(read_text(data, ReadOptions(name=path.name)))["headline"]
        title = data.decode("utf-8").split("\n", 1)[0]
        hits += found is not None and found.split() == title.split()
        if verbose and (found is None or found.split() != title.split()):
            print(f"  {path.name}: headline: found {found!r}, title {title!r}")
    if files:
        print(f"unseen: bench headline accuracy {hits / len(files):.3f} ({len(files)} articles)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"quality: no corpus at {args.corpus}; pass --corpus DIR")
    score(args.corpus, args.verbose)
    if args.corpus == DEFAULT_CORPUS and BENCH_CORPUS.is_dir():
        score_bench_headlines(BENCH_CORPUS, args.verbose)


if __name__ == "__main__":
    main()
