"""Our DOCX against pandoc's for the seed: which right-to-left checklist items (DESIGN.md) each
satisfies, and how long each takes.

    python benchmarks/docx_vs_pandoc.py [examples/seed-ar.txt] [--repeat 5]
"""

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

from convert import ReadOptions, load_article, write

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEED = Path(__file__).resolve().parents[1] / "examples" / "seed-ar.txt"


def parts(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: etree.fromstring(package.read(name)) for name in package.namelist()
                if name.startswith("word/") and name.endswith(".xml")}


def _texts(run) -> str:
    return "".join(t.text or "" for t in run.iter(f"{W}t"))


def checklist(data: bytes, expected_paragraphs: int) -> dict[str, bool]:
    xml = parts(data)
    document, styles = xml["word/document.xml"], xml["word/styles.xml"]
    paragraphs = [p for p in document.iter(f"{W}p") if _texts(p).strip()]
    runs = list(document.iter(f"{W}r"))
    rpr_all = list(styles.iter(f"{W}rPr")) + [r.find(f"{W}rPr") for r in runs if r.find(f"{W}rPr") is not None]
    settings = xml.get("word/settings.xml")
    theme_lang = settings.find(f"{W}themeFontLang") if settings is not None else None
    return {
        "1 paragraph bidi": all(p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs),
        "2 rtl on RTL runs only": all((r.find(f"{W}rPr/{W}rtl") is not None) == bool(re.search("[\u0600-\u06ff]", _texts(r)))
                                      for r in runs if re.search("[A-Za-z\u0600-\u06ff]", _texts(r))),
        "3 cs font, no cstheme": any(f.get(f"{W}cs") for f in styles.iter(f"{W}rFonts"))
                                 and not any(f.get(f"{W}cstheme") for f in styles.iter(f"{W}rFonts")),
        "4 szCs/bCs beside sz/b": all(r.find(f"{W}{twin}") is not None for r in rpr_all
                                      for latin, twin in (("sz", "szCs"), ("b", "bCs"), ("i", "iCs"))
                                      if r.find(f"{W}{latin}") is not None),
        "5 lang bidi slot + themeFontLang": any((l.get(f"{W}bidi") or "").startswith("ar") for l in styles.iter(f"{W}lang"))
                                            and theme_lang is not None and (theme_lang.get(f"{W}bidi") or "").startswith("ar"),
        "6 section bidi": all(s.find(f"{W}bidi") is not None for s in document.iter(f"{W}sectPr")),
        "7 no jc=right": not any(j.get(f"{W}val") in ("right", "start", "end") for x in xml.values() for j in x.iter(f"{W}jc")),
        "8 source quotes kept": '"' in "".join(_texts(r) for r in runs) and "”" not in "".join(_texts(r) for r in runs),
        "9 paragraphs kept": len(paragraphs) >= expected_paragraphs,
    }


def timed(function, repeat: int) -> tuple[float, bytes]:
    best, result = float("inf"), b""
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def ours(source: Path) -> bytes:
    return write(load_article(source.read_bytes(), ReadOptions(name=source.name)), "docx")


def pandocs(source: Path) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.docx"
        subprocess.run(["pandoc", "-f", "markdown", "-M", "dir=rtl", "-M", "lang=ar", str(source), "-o", str(target)],
                       check=True)
        return target.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SEED)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    lines = [l for l in args.source.read_text(encoding="utf-8").splitlines() if l.strip()]
    ours(args.source)  # warm: imports and schema
    rows = {"copydesk": timed(lambda: ours(args.source), args.repeat)}
    if shutil.which("pandoc"):
        rows["pandoc"] = timed(lambda: pandocs(args.source), args.repeat)
    else:
        print("pandoc is not installed: only copydesk measured", file=sys.stderr)
    results = {name: checklist(data, len(lines)) for name, (_, data) in rows.items()}
    print(f"{'checklist item':36}" + "".join(f"{name:>10}" for name in rows))
    for item in next(iter(results.values())):
        print(f"{item:36}" + "".join(f"{'yes' if results[name][item] else 'NO':>10}" for name in rows))
    print(f"{'items satisfied':36}" + "".join(f"{sum(results[n].values()):>8}/9" for n in rows))
    print(f"{'time (best of %d, warm)' % args.repeat:36}" + "".join(f"{rows[n][0]:>9.3f}s" for n in rows))


if __name__ == "__main__":
    main()
