"""Every real text of ../shared/corpus and its re-encoded / re-laid-out copies → the same structure?

Each copy is built in memory (nothing is written): UTF-16, UTF-8 with BOM and CRLF, Windows-1256
(where the text is encodable), hard-wrapped at 72 and at 60 columns with a blank line between
units, hard-wrapped with a 4-space indent opening each paragraph, trailing spaces, and NBSP-only
blank lines. A copy agrees when the reader gives it the same structure as the original: the same
kinds of units in the same order, with the same texts after whitespace collapse. Prints the
agreement rate per variant and lists every miss (-v: the first differing unit too).

    python benchmarks/invariance.py [-v] [--sample N] [--variant NAME] [--corpus ../shared/corpus]
"""

import argparse
import random
import re
import sys
import textwrap
from pathlib import Path

from convert import ReadOptions, read_text
from convert.document import names
from convert.readers.text.blocks import split_units
from convert.readers.text.classify import classify
from convert.readers.text.decode import decode
from convert.readers.text.normalise import normalise

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SETS = ("dev", "bench", "more")
_BLOCKS = (names.HEADLINE, names.BYLINE, names.HEADING, names.P, names.ASIDE, names.CREDIT)


def corpus_files(corpus: Path) -> list[Path]:
    return [p for name in SETS for p in sorted((corpus / name).glob("*.txt"))]


def structure(data: bytes) -> list[tuple[str, str]]:
    """(element, whitespace-collapsed text) of every block of the article, in order."""
    tree = read_text(data, ReadOptions(name="t.txt", attributions=False))
    return [(names.local(e.tag), " ".join("".join(e.itertext()).split()))
            for e in tree.getroot().iter(*_BLOCKS) if e.get("derived") != "true"]


def logical_units(text: str) -> list[tuple[str, str, bool]]:
    """The original's units as (kind, one line of text, NBSP line before it): a hard-wrapped copy is
    re-wrapped from these. A line of no-break spaces is text to a wrapping program (textwrap and fmt
    do not count NBSP as white space), so copies keep it where it stood."""
    units, _ = split_units(normalise(text).text)
    return [(block.kind, " ".join(unit.text.split()), unit.nbsp_before)
            for unit, block in zip(units, classify(units))]


def _separator(nbsp: bool, blank: str) -> str:
    return "\n\u00a0\n" if nbsp else blank


def fill(text: str, width: int, indent: str = "") -> str:
    return textwrap.fill(text, width, initial_indent=indent, break_long_words=False, break_on_hyphens=False)


def wrap(width: int):
    def variant(text: str) -> bytes:
        units = logical_units(text)
        return ("".join(_separator(nbsp, "\n\n") * (i > 0) + fill(unit, width) for i, (_, unit, nbsp) in enumerate(units))
                + "\n").encode("utf-8")
    return variant


def indented(text: str) -> bytes:
    """Reuters-1987 style: units wrapped at 65 columns, no blank lines, the first line of every unit
    but the headline indented by 4 spaces."""
    units = logical_units(text)
    return ("".join(_separator(nbsp, "\n") * (i > 0) + fill(unit, 65, "" if kind == "headline" else "    ")
                    for i, (kind, unit, nbsp) in enumerate(units)) + "\n").encode("utf-8")


def nbsp_blank_lines(text: str) -> bytes:
    """Blank lines become lines of NBSPs; a text with no blank line gets one between its units."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not any(not line.strip() for line in lines[:-1]):
        units, _ = split_units(normalise(text).text)
        starts = {unit.index for unit in units[1:]}
        lines = [piece for number, line in enumerate(lines) for piece in (["\u00a0", line] if number in starts else [line])]
    return "\n".join("\u00a0\u00a0" if not line.strip() and i < len(lines) - 1 else line
                     for i, line in enumerate(lines)).encode("utf-8")


VARIANTS = {
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-8-bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"),
    "windows-1256": lambda text: text.encode("cp1256"),
    "wrapped-72": wrap(72),
    "wrapped-60": wrap(60),
    "indented-65": indented,
    "trailing-spaces": lambda text: re.sub(r"(?<!\r)(?=\r?\n)", "   ", text).encode("utf-8"),
    "nbsp-blank-lines": nbsp_blank_lines,
}


def first_difference(left: list, right: list) -> str:
    for index, (a, b) in enumerate(zip(left, right)):
        if a != b:
            return f"unit {index}: {a[0]} {a[1][:60]!r} vs {b[0]} {b[1][:60]!r}"
    return f"{len(left)} units vs {len(right)}"


def check(files: list[Path], variants: list[str], verbose: bool) -> dict[str, tuple[int, int, list]]:
    results = {name: [0, 0, []] for name in variants}
    for path in files:
        data = path.read_bytes()
        text = decode(data, path.name).text
        original = structure(data)
        for name in variants:
            try:
                copy = VARIANTS[name](text)
            except UnicodeEncodeError:
                continue  # not encodable in this code page: no such copy exists
            results[name][1] += 1
            got = structure(copy)
            if got == original:
                results[name][0] += 1
            else:
                results[name][2].append(f"{path.parent.name}/{path.name}" + (f": {first_difference(original, got)}" if verbose else ""))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="show the first differing unit of each miss")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, help="check a random sample of N files (seeded)")
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS), help="only these variants")
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    if not files:
        sys.exit(f"invariance: no texts under {args.corpus}; pass --corpus DIR")
    if args.sample:
        files = random.Random(10).sample(files, min(args.sample, len(files)))
    results = check(files, args.variant or list(VARIANTS), args.verbose)
    print(f"texts: {len(files)}")
    for name, (agree, total, misses) in results.items():
        rate = agree / total if total else 1.0
        print(f"{name:18} {rate:.4f}  ({agree}/{total})")
    for name, (_, _, misses) in results.items():
        for miss in misses:
            print(f"  miss {name}: {miss}")


if __name__ == "__main__":
    main()
