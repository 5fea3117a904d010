"""Golden files: each synthetic text in tests/fixtures/ reads into the article XML stored beside it.

The texts were written for these tests (no corpus text). Trees are compared as parsed XML
(canonical form), with the generator's version left out so a release does not touch them.
After a deliberate change of the reader, rewrite them with `pytest tests/test_golden.py --regen-golden`
and review the diff.
"""

from pathlib import Path

import pytest
from lxml import etree

from convert import ReadOptions, load_article, serialize
from convert.document import names

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXTS = sorted(FIXTURES.glob("*.txt"))


def canonical(xml: bytes) -> str:
    root = etree.fromstring(xml)
    for generator in root.iter(names.GENERATOR):
        generator.attrib.pop("version", None)
    return etree.tostring(root, method="c14n2", strip_text=True).decode("utf-8")


@pytest.mark.parametrize("text", TEXTS, ids=[p.stem for p in TEXTS])
def test_text_reads_into_its_golden_xml(text, regen_golden):
    got = serialize(load_article(text.read_bytes(), ReadOptions(name=text.name)))
    golden = text.with_suffix(".xml")
    if regen_golden:
        golden.write_bytes(got)
        pytest.skip(f"rewrote {golden.name}")
    assert golden.is_file(), f"no golden file for {text.name}; run pytest --regen-golden and review it"
    assert canonical(got) == canonical(golden.read_bytes())


def test_every_golden_file_has_its_text():
    assert {p.stem for p in FIXTURES.glob("*.xml")} == {p.stem for p in TEXTS}
