"""Score the text reader against the gold of ../shared/corpus/dev and of benchmarks/annotations/.

Prints headline accuracy, heading F1, paragraph F1, dateline accuracy, byline accuracy,
end-credit F1, lossless rate and attribution cue / source F1, overall and per language
(ar, en, fa, ur, he; Tunisian Arabic counts as ar); with -v, every miss.

    python benchmarks/quality.py [-v] [--dev-only] [--corpus ../shared/corpus/dev]
    python benchmarks/quality.py [-v] --heldout     # benchmarks/heldout alone (never tuned on)
"""

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from convert import ReadOptions, read_text
from convert.document import names
from convert.document.lossless import lossless_problems
from convert.readers.text.attributions import Folded

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
BENCH_CORPUS = DEFAULT_CORPUS.parent / "bench"
ANNOTATIONS = Path(__file__).resolve().parent / "annotations"
HELDOUT = Path(__file__).resolve().parent / "heldout"


def collapse(text: str) -> str:
    """Whitespace runs collapsed, in NFC (the reader stores NFC; a file may hold ہ + hamza for ۂ)."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


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
        "paragraphs": [unicodedata.normalize("NFC", p) for s in gold["sections"] for p in s["paragraphs"]],
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

    def add_counts(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def __str__(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{f:.3f} (P {p:.3f} R {r:.3f}, tp {self.tp} fp {self.fp} fn {self.fn})"


# --- attributions ------------------------------------------------------------------------------------

def tokens(text: str | None) -> list[str]:
    """Folded tokens without punctuation or the clitics و ف ب ل ال (the scorer's comparison form)."""
    words = re.findall(r"\w+", Folded(text or "").text)
    return [re.sub(r"^(?:وال|فال|بال|لل|ال|و|ف|ب|ل)(?=\w{3})", "", w) for w in words]


def overlap(a: str | None, b: str | None) -> float:
    left, right = Counter(tokens(a)), Counter(tokens(b))
    if not left or not right:
        return 0.0
    return sum((left & right).values()) / max(sum(left.values()), sum(right.values()))


def exact(a: str | None, b: str | None) -> bool:
    strip = lambda s: re.sub(r"^(?:ل|ال)", "", collapse(s or ""))
    return strip(a) == strip(b)


def predicted_attributions(tree) -> list[tuple[str, str]]:
    found = []
    for attribution in tree.getroot().iter(names.ATTRIBUTION):
        cue, source = attribution.find(names.CUE), attribution.find(names.SOURCE)
        found.append((collapse(cue.text or ""), collapse(source.text or "") if source is not None else None))
    return found


def match_attributions(found, gold, implicit, scores: dict, verbose, article_id) -> None:
    """Greedy one-to-one matching in text order; predicted cues equal to implicit gold cues are ignored."""
    for mode, same in (("overlap", lambda a, b: overlap(a, b) >= 0.5), ("exact", exact)):
        free = list(range(len(gold)))
        cue_tp = pair_tp = ignored = 0
        for cue, source in found:
            # the gold pair with the same cue and source if there is one, else the first with the same cue
            hit = next((i for i in free if same(cue, gold[i]["cue"]) and same(source, gold[i]["source"])),
                       next((i for i in free if same(cue, gold[i]["cue"])), None))
            if hit is None:
                if any(same(cue, c["cue"]) for c in implicit):
                    ignored += 1
                elif verbose and mode == "overlap":
                    print(f"  {article_id}: attribution: extra ({cue!r}, {source!r})")
                continue
            free.remove(hit)
            cue_tp += 1
            if same(source, gold[hit]["source"]):
                pair_tp += 1
            elif verbose and mode == "overlap":
                print(f"  {article_id}: source: found {source!r}, gold {gold[hit]['source']!r} (cue {cue!r})")
        if verbose and mode == "overlap":
            for i in free:
                print(f"  {article_id}: attribution: missed ({gold[i]['cue']!r}, {gold[i]['source']!r})")
        counted = len(found) - ignored
        scores[f"cue {mode}"].add_counts(cue_tp, counted - cue_tp, len(gold) - cue_tp)
        scores[f"source {mode}"].add_counts(pair_tp, counted - pair_tp, len(gold) - pair_tp)


LANGUAGES = ("ar", "en", "fa", "ur", "he")
STRUCTURE = ("headings", "paragraphs", "end", "noise")
ATTRIBUTION = ("cue overlap", "source overlap", "cue exact", "source exact")


class Scores:
    """The figures of one group of articles (all, or one language)."""

    def __init__(self):
        self.articles = self.annotated = 0
        self.exact = Counter()
        self.f1 = {name: F1() for name in STRUCTURE + ATTRIBUTION}

    def rows(self) -> list[tuple[str, str]]:
        n = max(1, self.articles)
        return [
            ("articles", f"{self.articles}"),
            ("headline accuracy", f"{self.exact['headline'] / n:.3f}"),
            ("heading F1", f"{self.f1['headings']}"),
            ("paragraph F1", f"{self.f1['paragraphs']}"),
            ("dateline accuracy", f"{self.exact['dateline'] / n:.3f}"),
            ("byline accuracy", f"{self.exact['byline'] / n:.3f}"),
            ("end-credit F1", f"{self.f1['end']}"),
            ("aside (noise) F1", f"{self.f1['noise']}"),
            ("lossless rate", f"{self.exact['lossless'] / n:.3f}"),
            ("attribution articles", f"{self.annotated}"),
        ] + [(f"{name} F1", f"{self.f1[name]}") for name in ATTRIBUTION]


def golds(corpus: Path | None, annotations: Path | None):
    """(gold, file bytes) of every dev-set article (none when corpus is None), then of every
    stored annotation in the annotations folder (benchmarks/annotations or benchmarks/heldout)."""
    for gold_path in sorted(corpus.glob("*.gold.json")) if corpus is not None else ():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        yield gold, (corpus / gold["file"]).read_bytes()
    if annotations is None or not annotations.is_dir():
        return
    sys.path.insert(0, str(ANNOTATIONS))  # tool.py lives there, whichever folder is scored
    from tool import CORPUS, load_gold

    for path in sorted(annotations.glob("*.json")):
        gold = load_gold(path)
        yield gold, (CORPUS / gold["file"]).read_bytes()


def language_of(gold: dict) -> str:
    """The scoring group: the primary language subtag (Tunisian Arabic, aeb, counts as ar)."""
    lang = gold["lang"].split("-")[0].lower()
    return "ar" if lang == "aeb" else lang


def _as_gold_key(found: str, keys: list[str]) -> str:
    """A gold KEY was cut at 40 characters before NFC: composed, it may be a little shorter."""
    return next((k for k in keys if len(k) < 40 and found.startswith(k)), found)


def score_article(gold: dict, data: bytes, groups: list[Scores], verbose: bool) -> None:
    tree = read_text(data, ReadOptions(name=gold["file"]))
    found, wanted = predicted(tree), gold_structure(gold)
    found["paragraphs"] = [_as_gold_key(k, wanted["paragraphs"]) for k in found["paragraphs"]]
    lost = lossless_problems(data.decode(gold["encoding"]), tree)
    for number, scores in enumerate(groups):
        say = verbose and number == 0
        scores.articles += 1
        for field in ("headline", "dateline", "byline"):
            scores.exact[field] += found[field] == wanted[field]
            if say and found[field] != wanted[field]:
                print(f"  {gold['id']}: {field}: found {found[field]!r}, gold {wanted[field]!r}")
        for field in STRUCTURE:
            missing, extra = scores.f1[field].add(found[field], wanted[field])
            if say and (missing or extra):
                print(f"  {gold['id']}: {field}: missed {missing}, extra {extra}")
        if gold.get("attributions_annotated"):
            scores.annotated += 1
            match_attributions(predicted_attributions(tree), gold["attributions"],
                               gold.get("attributions_implicit", []), scores.f1, say, gold["id"])
        scores.exact["lossless"] += not lost
        if say and lost:
            print(f"  {gold['id']}: lossless: {lost}")


def score(corpus: Path | None, verbose: bool, annotations: Path | None = None) -> dict[str, Scores]:
    """Score every article; print the figures overall, then per language. Returns the groups."""
    groups = {"all": Scores(), **{lang: Scores() for lang in LANGUAGES}}
    for gold, data in golds(corpus, annotations):
        groups.setdefault(language_of(gold), Scores())
        score_article(gold, data, [groups["all"], groups[language_of(gold)]], verbose)
    for label, value in groups["all"].rows():
        print(f"{label:20} {value}")
    print("by language:")
    languages = [lang for lang in groups if lang != "all" and groups[lang].articles]
    for row, (label, _) in enumerate(groups["all"].rows()):
        cells = [f"{lang} {_short(groups[lang].rows()[row][1])}" for lang in languages]
        print(f"  {label:20} | " + " | ".join(cells))
    return groups


def _short(value: str) -> str:
    return value.split(" ")[0]


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
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS,
                        help="stored annotations of other corpus files, scored with the dev set")
    parser.add_argument("--dev-only", action="store_true", help="score the dev set alone")
    parser.add_argument("--heldout", action="store_true",
                        help="score benchmarks/heldout alone (no dev set, no annotations/): text nobody tuned on")
    args = parser.parse_args()
    if args.heldout:
        if not HELDOUT.is_dir():
            sys.exit(f"quality: no held-out annotations at {HELDOUT}")
        print(f"held-out set: {HELDOUT} (never tune the reader on it; see its README)")
        score(None, args.verbose, HELDOUT)
        return
    if not args.corpus.is_dir():
        sys.exit(f"quality: no corpus at {args.corpus}; pass --corpus DIR")
    score(args.corpus, args.verbose, None if args.dev_only else args.annotations)
    if args.corpus == DEFAULT_CORPUS and BENCH_CORPUS.is_dir():
        score_bench_headlines(BENCH_CORPUS, args.verbose)


if __name__ == "__main__":
    main()
