"""Interchange both ways over the shared corpus: round trips through DOCX and NITF, and the IPTC
exports validated offline. Prints, per format, how many articles come back the same (structure and
text, meta aside), how many outputs are valid, and the time per article.

    python benchmarks/interchange.py [--limit 200] [--libreoffice 5]
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from convert import ReadOptions, load_article, write

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
STANDARDS = SHARED / "standards"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_interchange import shape  # noqa: E402  (one definition of "the same article")


def corpus(limit: int) -> list[Path]:
    dev = sorted((SHARED / "corpus" / "dev").glob("*.txt"))
    return dev + sorted((SHARED / "corpus" / "bench").glob("bench-*.txt"))[:limit]


def round_trips(trees: dict, fmt: str, name: str) -> tuple[int, float]:
    same, started = 0, time.perf_counter()
    for tree in trees.values():
        same += shape(load_article(write(tree, fmt), ReadOptions(name=name))) == shape(tree)
    return same, (time.perf_counter() - started) / len(trees)


def libreoffice(trees: dict, count: int) -> tuple[int, int]:
    soffice = shutil.which("soffice")
    if soffice is None or count == 0:
        return 0, 0
    chosen = dict(list(trees.items())[:count])
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for stem, tree in chosen.items():
            (work / f"{stem}.docx").write_bytes(write(tree, "docx"))
        subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", "docx", "--outdir", str(work / "saved"), *map(str, work.glob("*.docx"))],
                       check=True, capture_output=True)
        same = sum(shape(load_article((work / "saved" / f"{stem}.docx").read_bytes(),
                                      ReadOptions(name=f"{stem}.docx"))) == shape(tree) for stem, tree in chosen.items())
    return same, len(chosen)


def validity(trees: dict) -> dict:
    from jsonschema.validators import validator_for
    from referencing import Registry, Resource

    g2 = STANDARDS / "newsml-g2"
    driver = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x-local:driver">'
              '<xs:import namespace="http://iptc.org/std/nar/2006-10-01/" schemaLocation="NewsML-G2_2.35-spec-All-Power.xsd"/>'
              '<xs:import namespace="http://iptc.org/std/NITF/2006-10-18/" schemaLocation="nitf-3-6.xsd"/></xs:schema>')
    xml_schemas = {"newsml": etree.XMLSchema(etree.fromstring(driver, base_url=str(g2) + "/")),
                   "nitf": etree.XMLSchema(etree.parse(str(STANDARDS / "nitf-3.6" / "nitf-3-6.xsd")))}
    ninjs = STANDARDS / "ninjs"
    geojson = json.loads((ninjs / "geojson" / "GeoJSON.json").read_text())
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", Resource.from_contents(geojson))
    json_schemas = {}
    for fmt, version in (("ninjs", "3.1"), ("ninjs2", "2.2")):
        schema = json.loads((ninjs / f"ninjs-schema_{version}.json").read_text())
        cls = validator_for(schema)
        json_schemas[fmt] = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    valid = {}
    for fmt, schema in xml_schemas.items():
        valid[fmt] = sum(schema.validate(etree.fromstring(write(t, fmt))) for t in trees.values())
    for fmt, validator in json_schemas.items():
        valid[fmt] = sum(not list(validator.iter_errors(json.loads(write(t, fmt)))) for t in trees.values())
    return valid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200, help="bench articles besides every dev article")
    parser.add_argument("--libreoffice", type=int, default=5, help="articles re-saved by LibreOffice (slow)")
    args = parser.parse_args()
    trees = {p.stem: load_article(p.read_bytes(), ReadOptions(name=p.name)) for p in corpus(args.limit)}
    print(f"{len(trees)} articles (dev + {args.limit} bench)")
    for fmt, name in (("docx", "x.docx"), ("nitf", "x.nitf.xml")):
        same, seconds = round_trips(trees, fmt, name)
        print(f"  XML → {fmt} → XML: {same}/{len(trees)} the same article, {seconds * 1000:.1f} ms per article")
    same, total = libreoffice(trees, args.libreoffice)
    print(f"  XML → DOCX → LibreOffice → XML: {same}/{total} the same article")
    for fmt, count in validity(trees).items():
        print(f"  {fmt}: {count}/{len(trees)} valid against the IPTC schema")


if __name__ == "__main__":
    main()
