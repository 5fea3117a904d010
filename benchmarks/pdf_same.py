"""PDFs of a varied article set before and after a change → whether every PDF object is the same,
streams decoded, but for what varies from run to run (IDs, dates, a font's head checksums and dates).

A change meant to keep the PDFs (a faster text-layer adapter) is checked so: write the set with the
code before it, then with the code after it, and compare.

    python benchmarks/pdf_same.py write /tmp/before     # on the code before the change
    python benchmarks/pdf_same.py write /tmp/after      # on the code after it
    python benchmarks/pdf_same.py compare /tmp/before /tmp/after
"""

import argparse
import re
import sys
from pathlib import Path

import pikepdf

from convert import ReadOptions, load_article, write
from convert.writers import WriteOptions

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
# (corpus, file pattern, how many): dev, bench (two stretches), and more's ar, fa, ur, he, en
SAMPLE = (("dev", "*.txt", 99), ("bench", "bench-0[0-4]*.txt", 45), ("bench", "bench-09*.txt", 10),
          ("more", "ar-jawhara-*.txt", 10), ("more", "fa-fars-*.txt", 15), ("more", "ur-btt-*.txt", 15),
          ("more", "he-htb-*.txt", 10), ("more", "en-bbc-*.txt", 6), ("more", "en-reuters-*.txt", 6))
VARIANTS = ("pdf/a-3b", "pdf/ua-1")  # written for the first 10 articles too
DATES = re.compile(rb"D:\d{14}[^)>]*|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^<\"]*|uuid:[0-9a-f-]+")


def write_all(out: Path) -> int:
    paths = [path for corpus, pattern, count in SAMPLE for path in sorted((SHARED / corpus).glob(pattern))[:count]]
    jobs = [(path, None) for path in paths] + [(path, variant) for path in paths[:10] for variant in VARIANTS]
    out.mkdir(parents=True, exist_ok=True)
    for path, variant in jobs:
        tree = load_article(path.read_bytes(), ReadOptions(name=path.name))
        suffix = "." + variant.replace("/", "_") if variant else ""
        (out / f"{path.stem}{suffix}.pdf").write_bytes(write(tree, "pdf", WriteOptions(pdf_variant=variant)))
    return len(jobs)


def _font_file(data: bytes) -> bytes:
    """An sfnt with its head table's checksums and dates zeroed (they vary from run to run)."""
    data = bytearray(data)
    for entry in range(12, 12 + 16 * int.from_bytes(data[4:6], "big"), 16):
        if data[entry:entry + 4] == b"head":
            data[entry + 4:entry + 8] = bytes(4)
            at = int.from_bytes(data[entry + 8:entry + 12], "big")
            data[at + 8:at + 12], data[at + 20:at + 36] = bytes(4), bytes(16)
    return bytes(data)


def _objects(path: Path) -> dict:
    """Each object of the PDF but the cross-reference stream, comparable."""
    found = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                if obj.get("/Type") == "/XRef":
                    continue
                keys = DATES.sub(b"DATE", repr(sorted((k, str(v)) for k, v in obj.items() if k != "/Length")).encode())
                data = obj.read_bytes()
                found[obj.objgen] = (keys, _font_file(data) if "/Length1" in obj else DATES.sub(b"DATE", data))
            elif hasattr(obj, "objgen") and obj.objgen != (0, 0):
                found[obj.objgen] = DATES.sub(b"DATE", obj.unparse())
        found["pages"] = len(pdf.pages)
    return found


def compare(before: Path, after: Path) -> list:
    """The names of the PDFs that differ (or are missing after)."""
    differ = []
    for path in sorted(before.glob("*.pdf")):
        other = after / path.name
        if not other.exists() or (path.read_bytes() != other.read_bytes() and _objects(path) != _objects(other)):
            differ.append(path.name)
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("write").add_argument("out", type=Path)
    both = commands.add_parser("compare")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        print(f"{write_all(args.out)} PDFs written to {args.out}")
        return
    differ = compare(args.before, args.after)
    print(f"{len(list(args.before.glob('*.pdf')))} PDFs compared, {len(differ)} differ: {' '.join(differ)}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
