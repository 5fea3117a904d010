"""Outputs stay the same when the code is made faster: the article XML and the DOCX body
(`word/document.xml`) of every dev article and example, compared with digests of the previous version.

The digests (SHA-256 of the canonical XML, C14N 2.0) are in tests/golden/output-digests.json: no
article text is stored in the repository. After an intended change of output, regenerate them with
`pytest tests/test_outputs_stable.py --accept-digests` and say why in the commit.
"""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import DEV, EXAMPLES, dev_bytes, dev_ids
from convert import ReadOptions, load_article, write

GOLDEN = Path(__file__).parent / "golden" / "output-digests.json"


def digest(xml: bytes) -> str:
    """SHA-256 of the canonical form (C14N 2.0, comments kept): the same XML always digests the same."""
    canonical = etree.tostring(etree.fromstring(xml), method="c14n2")
    return hashlib.sha256(canonical).hexdigest()


def article_inputs() -> dict[str, bytes]:
    inputs = {f"examples/{p.name}": p.read_bytes() for p in sorted(EXAMPLES.glob("*.txt"))}
    inputs.update({f"dev/{i}": dev_bytes(i) for i in dev_ids()})
    return inputs


def output_digests(name: str, data: bytes) -> dict[str, str]:
    tree = load_article(data, ReadOptions(name=Path(name).name if name.endswith(".txt") else f"{Path(name).name}.txt"))
    with zipfile.ZipFile(io.BytesIO(write(tree, "docx"))) as package:
        document_xml = package.read("word/document.xml")
    return {"xml": digest(write(tree, "xml")), "docx word/document.xml": digest(document_xml)}


def test_outputs_match_the_previous_version(request):
    inputs = article_inputs()
    found = {name: output_digests(name, data) for name, data in inputs.items()}
    if request.config.getoption("--accept-digests"):
        previous = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
        if not DEV.is_dir():  # keep the dev digests when regenerating without the corpus
            found = {**{k: v for k, v in previous.items() if k.startswith("dev/")}, **found}
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip(f"wrote {GOLDEN.name} ({len(found)} inputs); rerun without --accept-digests")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    if not DEV.is_dir():
        expected = {k: v for k, v in expected.items() if not k.startswith("dev/")}
    changed = [f"{name}: {part}" for name in sorted(expected) for part in expected[name]
               if found.get(name, {}).get(part) != expected[name][part]]
    assert set(found) == set(expected), "inputs changed: regenerate with --accept-digests"
    assert not changed, "outputs differ from the previous version:\n" + "\n".join(changed)
