"""Reproduce the seeded draw of the held-out articles (see README.md). Reads file names, the bench
MANIFEST and the raw text of bench files (for the layout strata); never runs the reader.

    python benchmarks/heldout/draw.py

The pools exclude the dev set and benchmarks/annotations/ as they were at commit 9a2060c.
"""

import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
ANNOTATED_AT_9A2060C = {  # benchmarks/annotations/*.json when the draw was made
    *(f"ar-jawhara-{n:04d}" for n in (3, 4, 5, 8, 11, 21, 22, 26)),
    *(f"bench-{n:04d}" for n in (69, 96, 108, 126, 146, 150, 166, 194, 332, 743, 785, 791, 887, 900, 951)),
    *(f"en-bbc-{n:04d}" for n in (3, 4, 7, 9, 16, 20)),
    *(f"en-reuters-{n:04d}" for n in (3, 10, 11, 16, 44, 48)),
    *(f"fa-fars-{n:04d}" for n in (6, 25, 30, 32, 41, 43, 55, 66, 67, 76, 97, 98)),
    *(f"he-htb-{n:04d}" for n in (1, 2, 3, 5, 6, 13, 16, 17, 19, 29)),
    *(f"ur-btt-{n:04d}" for n in (2, 6, 7, 8, 9, 13, 15, 22, 63, 65, 71, 94)),
}
DONE = ANNOTATED_AT_9A2060C | {p.name.removesuffix(".gold.json") for p in (CORPUS / "dev").glob("*.gold.json")}
MANIFEST = [line.split("\t") for line in (CORPUS / "bench" / "MANIFEST.tsv").read_text().splitlines()[1:]]
OUTLET = {Path(f).stem: path.split("/")[0] for f, path, _ in MANIFEST}


def pool(pattern: str) -> list[str]:
    return sorted(p.stem for p in CORPUS.glob(pattern) if p.stem not in DONE)


def more_draw() -> dict[str, list[str]]:
    rng = random.Random("heldout-20261202")
    by_outlet: dict[str, list[str]] = {}
    for stem in pool("bench/bench-*.txt"):
        by_outlet.setdefault(OUTLET[stem], []).append(stem)
    discarded = [rng.choice(by_outlet[outlet]) for outlet in sorted(by_outlet)]  # first bench draw, by outlet only
    discarded.append(rng.choice(sorted(s for o in by_outlet for s in by_outlet[o] if s not in discarded)))
    drawn = {"discarded bench draw": discarded, "ar-jawhara": rng.sample(pool("more/ar-jawhara-*.txt"), 2)}
    english = [rng.choice(pool("more/en-bbc-*.txt")), rng.choice(pool("more/en-reuters-*.txt"))]
    english.append(rng.choice([s for s in pool("more/en-bbc-*.txt") + pool("more/en-reuters-*.txt") if s not in english]))
    drawn["en"] = english
    for lang, pattern in (("fa", "more/fa-fars-*.txt"), ("ur", "more/ur-btt-*.txt"), ("he", "more/he-htb-*.txt")):
        drawn[lang] = rng.sample(pool(pattern), 3)
    return drawn


LINK = re.compile(r"^(اقرأ|إقرأ|شاهد|للمزيد|اقرأ أيضا|قد يعجبك|حقائق سريعة)")
DATELINE = re.compile(r"^[^\n.]{2,60}\((CNN|أ ف ب|رويترز|أ ب|د ب أ|سكاي نيوز عربية)\)")
END = re.compile(r"(أ ف ب|رويترز|فرانس ?24|^[-_=]{5,}$)")


def layouts(text: str) -> set[str]:
    """Layout features of a bench file, from its raw lines (line 0 is the title)."""
    body = [line for line in (raw.strip(" \u00a0") for raw in text.split("\n")[1:]) if line]
    found = set()
    if body and DATELINE.match(body[0]):
        found.add("dateline")
    if any(LINK.match(line) for line in body):
        found.add("links")
    if body and len(body[-1]) < 60 and END.search(body[-1]):
        found.add("end")
    for i, line in enumerate(body[1:-1], 1):
        if len(line) < 70 and not re.search(r'[.!:؛…"”»]$', line) and not LINK.match(line) and len(body[i + 1]) > len(line):
            found.add("subheads")
            break
    return found


def bench_draw() -> list[str]:
    files = {s: layouts((CORPUS / "bench" / f"{s}.txt").read_text(encoding="utf-8")) for s in pool("bench/bench-*.txt")}
    rng = random.Random("heldout-20261202-bench")
    chosen: list[str] = []
    used: set[str] = set()
    for stratum in ("subheads", "links", "dateline", "end"):
        candidates = sorted(s for s, l in files.items() if stratum in l and OUTLET[s] not in used and s not in chosen) or \
            sorted(s for s, l in files.items() if stratum in l and s not in chosen)
        chosen.append(rng.choice(candidates))
        used.add(OUTLET[chosen[-1]])
    for _ in range(2):
        candidates = sorted(s for s in files if OUTLET[s] not in used and s not in chosen) or sorted(s for s in files if s not in chosen)
        chosen.append(rng.choice(candidates))
        used.add(OUTLET[chosen[-1]])
    return chosen


if __name__ == "__main__":
    for group, stems in more_draw().items():
        print(f"{group}: {' '.join(stems)}")
    print(f"bench (by layout, then outlet): {' '.join(f'{s} ({OUTLET[s]})' for s in bench_draw())}")
