"""Annotations of shared-corpus articles, kept as character offsets (no article text in the repository).

Each `<id>.json` here points at one file of ../shared/corpus (pinned by its SHA-256) and labels its
units with the categories and rules of ../shared/corpus/dev/README.md. `load_gold` turns one back
into the dev set's gold format (strings), so `benchmarks/quality.py` scores the union.

Annotating an article (by reading it, never by accepting the reader's output):

    python benchmarks/annotations/tool.py units more/en-bbc-0007.txt      # numbered units
    python benchmarks/annotations/tool.py make draft.json                 # draft -> <id>.json here
    python benchmarks/annotations/tool.py make draft.json --into benchmarks/heldout   # held-out set instead
    python benchmarks/annotations/tool.py show en-bbc-0007                # the stored annotation, as text
                                                                          # (looked up here, then in ../heldout)

benchmarks/heldout/ holds annotations scored separately (`quality.py --heldout`) that nobody tunes the
reader on (see its README); an article is annotated in one of the two folders, never in both.

A draft (kept outside the repository, it holds text) is JSON:
    {"file": "more/en-bbc-0007.txt", "lang": "en",
     "labels": ["headline", "paragraph", ...],            # one per unit, in unit order
     "dateline": "LONDON (Reuters)" or null,              # exact, opening the first body paragraph
     "attributions_annotated": true,
     "attributions": [{"cue": "said", "source": "the minister"}, ...],   # in cue order
     "attributions_implicit": [{"cue": "adding"}],
     "notes": "no article text here beyond a word or two"}
Labels: headline, byline, heading, paragraph, end, noise.
"""

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELDOUT = HERE.parent / "heldout"
CORPUS = HERE.parents[1].parent / "shared" / "corpus"
LABELS = ("headline", "byline", "heading", "paragraph", "end", "noise")
RTL = {"ar", "fa", "ur", "he"}
BLANK = re.compile(r"[\s\u00a0]*")


def decoded(relative: str) -> tuple[str, str]:
    """The file's text (newlines kept as written) and its SHA-256."""
    data = (CORPUS / relative).read_bytes()
    return data.decode("utf-8-sig"), hashlib.sha256(data).hexdigest()


def indented_units(relative: str) -> bool:
    """Reuters-21578 files: a unit starts at an indented line and runs over the following lines."""
    return Path(relative).name.startswith(("en-reuters-", "en-reuters21578-"))


def units(text: str, indented: bool) -> list[tuple[int, int]]:
    """(start, end) of every unit: each non-blank line, or (indented) each indented run of lines."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\r\n]*", text):
        line = match.group()
        if not match.group() or BLANK.fullmatch(line):
            continue
        start = match.start() + (len(line) - len(line.lstrip(" \t\u00a0")))
        end = match.start() + len(line.rstrip(" \t\u00a0"))
        continues = indented and spans and not line[:1].isspace()
        if continues:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def whole_word(needle: str) -> re.Pattern:
    """needle as a whole word (no letter glued on either side); short Hebrew and Arabic cues
    otherwise match inside longer words."""
    return re.compile(rf"(?<![\w\u200c\u200d]){re.escape(needle)}(?![\w\u200c\u200d])")  # ZWNJ/ZWJ join words


def find_after(text: str, needle: str, cursor: int, paragraphs: list[tuple[int, int]],
               taken: frozenset[int] = frozenset(), source: str | None = None) -> int:
    """The first occurrence of needle at or after cursor inside a body paragraph (cues are only
    annotated there), whole words preferred; -1 when there is none. Occurrences already taken by
    another cue are skipped, and so, for a cue with a source, are those in a paragraph without the
    source (an implicit `وقالت` between two explicit ones)."""
    for pattern in (whole_word(needle), re.compile(re.escape(needle))):
        for match in pattern.finditer(text, cursor):
            para = next(((s, e) for s, e in paragraphs if s <= match.start() and match.end() <= e), None)
            if para is None or match.start() in taken:
                continue
            if source and source not in text[para[0]:para[1]]:
                continue
            return match.start()
    return -1


def find_near(text: str, needle: str, lo: int, hi: int, anchor: int) -> tuple[int, int]:
    """The occurrence of needle inside text[lo:hi] nearest to anchor (whole words preferred)."""
    starts = [m.start() for m in whole_word(needle).finditer(text[lo:hi])]
    starts = starts or [m.start() for m in re.finditer(re.escape(needle), text[lo:hi])]
    if not starts:
        raise SystemExit(f"not found in its paragraph: {needle!r}")
    start = lo + min(starts, key=lambda s: abs(lo + s - anchor))
    return start, start + len(needle)


def make(draft_path: Path, into: Path = HERE) -> Path:
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    text, sha = decoded(draft["file"])
    spans = units(text, indented_units(draft["file"]))
    labels = draft["labels"]
    if len(labels) != len(spans):
        raise SystemExit(f"{draft['file']}: {len(spans)} units, {len(labels)} labels")
    bad = sorted(set(labels) - set(LABELS))
    if bad:
        raise SystemExit(f"unknown labels {bad}; use {LABELS}")
    paragraphs = [span for span, label in zip(spans, labels) if label == "paragraph"]
    dateline = None
    if draft.get("dateline"):
        first = paragraphs[0]
        start = text.find(draft["dateline"], first[0], first[1])
        if start != first[0]:
            raise SystemExit(f"dateline does not open the first paragraph: {draft['dateline']!r}")
        dateline = [start, start + len(draft["dateline"])]
    attributions, implicit, cursor = [], [], 0
    cues = [("explicit", a) for a in draft.get("attributions", [])]
    cues += [("implicit", a) for a in draft.get("attributions_implicit", [])]
    explicit_cursor = implicit_cursor = 0
    taken: set[int] = set()
    for kind, item in cues:
        cursor = explicit_cursor if kind == "explicit" else implicit_cursor
        start = find_after(text, item["cue"], cursor, paragraphs, frozenset(taken),
                           item.get("source") if kind == "explicit" else None)
        if start < 0:
            raise SystemExit(f"cue not found after offset {cursor}: {item['cue']!r}")
        cue = [start, start + len(item["cue"])]
        taken.add(start)
        para = next((p for p in paragraphs if p[0] <= start < p[1]), None)
        if para is None:
            raise SystemExit(f"cue outside body paragraphs: {item['cue']!r} at {start}")
        if kind == "explicit":
            source = item.get("source")
            span = list(find_near(text, source, para[0], para[1], start)) if source else None
            attributions.append({"cue": cue, "source": span})
            explicit_cursor = cue[1]
        else:
            implicit.append({"cue": cue})
            implicit_cursor = cue[1]
    lang = draft["lang"]
    stored = {
        "file": draft["file"],
        "sha256": sha,
        "lang": lang,
        "dir": "rtl" if lang in RTL else "ltr",
        "units": [[s, e, label] for (s, e), label in zip(spans, labels)],
        "dateline": dateline,
        "attributions_annotated": bool(draft.get("attributions_annotated")),
        "notes": draft.get("notes", ""),
    }
    if stored["attributions_annotated"]:
        stored["attributions"] = attributions
        stored["attributions_implicit"] = implicit
    name = f"{Path(draft['file']).stem}.json"
    for other in {HERE, HELDOUT} - {into.resolve()}:
        if (other / name).exists():
            raise SystemExit(f"{name} is already annotated in {other}; an article belongs to one set only")
    into.mkdir(parents=True, exist_ok=True)
    out = into / name
    out.write_text(json.dumps(stored, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def load_gold(path: Path) -> dict:
    """A stored annotation in the dev set's gold format (strings), after checking the file's SHA-256."""
    stored = json.loads(path.read_text(encoding="utf-8"))
    text, sha = decoded(stored["file"])
    if sha != stored["sha256"]:
        raise ValueError(f"{stored['file']} changed since it was annotated (SHA-256 differs)")
    cut = lambda span: text[span[0]:span[1]] if span else None
    key = lambda s: re.sub(r"\s+", " ", s).strip()[:40]
    sections: list[dict] = [{"heading": None, "paragraphs": []}]
    by_label: dict[str, list[str]] = {label: [] for label in LABELS}
    for start, end, label in stored["units"]:
        piece = text[start:end]
        by_label[label].append(piece)
        if label == "heading":
            sections.append({"heading": piece, "paragraphs": []})
        elif label == "paragraph":
            sections[-1]["paragraphs"].append(key(piece))
    if not sections[0]["paragraphs"] and len(sections) > 1:
        sections.pop(0)
    gold = {
        "id": Path(stored["file"]).stem,
        "file": stored["file"],
        "lang": stored["lang"],
        "dir": stored["dir"],
        "encoding": "utf-8",
        "headline": by_label["headline"][0] if by_label["headline"] else None,
        "byline": by_label["byline"],
        "dateline": cut(stored["dateline"]),
        "sections": sections,
        "end": by_label["end"],
        "noise": by_label["noise"],
        "attributions_annotated": stored["attributions_annotated"],
        "notes": stored.get("notes", ""),
    }
    if stored["attributions_annotated"]:
        gold["attributions"] = [{"cue": cut(a["cue"]), "source": cut(a["source"])} for a in stored["attributions"]]
        gold["attributions_implicit"] = [{"cue": cut(a["cue"])} for a in stored["attributions_implicit"]]
    return gold


def stored_path(article_id: str) -> Path:
    """Where <id>.json is stored: here, else in the held-out folder."""
    for folder in (HERE, HELDOUT):
        if (folder / f"{article_id}.json").exists():
            return folder / f"{article_id}.json"
    raise SystemExit(f"no stored annotation {article_id}.json in {HERE} or {HELDOUT}")


def main(argv: list[str]) -> None:
    into = HERE
    if len(argv) == 4 and argv[0] == "make" and argv[2] == "--into":
        into, argv = Path(argv[3]), argv[:2]
    if len(argv) != 2 or argv[0] not in {"units", "make", "show"}:
        raise SystemExit(__doc__)
    command, arg = argv
    if command == "units":
        text, _ = decoded(arg)
        for i, (s, e) in enumerate(units(text, indented_units(arg))):
            print(f"[{i}] {text[s:e]!r}" if "\n" in text[s:e] else f"[{i}] {text[s:e]}")
    elif command == "make":
        print(make(Path(arg), into))
    else:
        print(json.dumps(load_gold(stored_path(arg)), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
