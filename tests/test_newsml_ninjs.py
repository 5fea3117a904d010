"""NewsML-G2 and ninjs exports: every dev article valid offline against the official IPTC schemas
(NewsML-G2 2.35 Power with the inline NITF body checked too; ninjs 3.1 and 2.2 with formats on)."""

import json

import pytest
from lxml import etree

from conftest import SHARED, dev_ids, dev_tree, require_dev
from convert import ReadOptions, load_article, write
from convert.document import names

STANDARDS = SHARED / "standards"
G2_DIR = STANDARDS / "newsml-g2"
NINJS_DIR = STANDARDS / "ninjs"
XS = "http://www.w3.org/2001/XMLSchema"
NAR = "http://iptc.org/std/nar/2006-10-01/"
NITF = "http://iptc.org/std/NITF/2006-10-18/"
NINJS = {"ninjs": "3.1", "ninjs2": "2.2"}


@pytest.fixture(scope="module")
def g2_schema():
    """NewsML-G2 2.35 Power and NITF 3.6 in one driver schema, so inline <nitf> is validated too."""
    if not (G2_DIR / "NewsML-G2_2.35-spec-All-Power.xsd").is_file():
        pytest.skip(f"the NewsML-G2 schemas are not at {G2_DIR} (a fresh clone without ../shared)")
    driver = (f'<xs:schema xmlns:xs="{XS}" targetNamespace="urn:x-local:driver">'
              f'<xs:import namespace="{NAR}" schemaLocation="NewsML-G2_2.35-spec-All-Power.xsd"/>'
              f'<xs:import namespace="{NITF}" schemaLocation="nitf-3-6.xsd"/></xs:schema>')
    return etree.XMLSchema(etree.fromstring(driver, base_url=str(G2_DIR) + "/"))


@pytest.fixture(scope="module")
def ninjs_validators():
    jsonschema = pytest.importorskip("jsonschema")
    from jsonschema.validators import validator_for
    from referencing import Registry, Resource

    if not NINJS_DIR.is_dir():
        pytest.skip(f"the ninjs schemas are not at {NINJS_DIR} (a fresh clone without ../shared)")
    geojson = json.loads((NINJS_DIR / "geojson" / "GeoJSON.json").read_text())
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", Resource.from_contents(geojson))
    validators = {}
    for fmt, version in NINJS.items():
        schema = json.loads((NINJS_DIR / f"ninjs-schema_{version}.json").read_text())
        cls = validator_for(schema)
        validators[fmt] = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    assert jsonschema.FormatChecker().conforms("not-a-date", "date-time") is False, "format checkers not installed"
    return validators


def _errors(schema, document) -> list[str]:
    return [] if schema.validate(document) else [f"{e.line}: {e.message}" for e in schema.error_log][:3]


def test_every_dev_article_is_a_valid_newsml_g2_item(g2_schema):
    require_dev()
    for article_id in dev_ids():
        item = etree.fromstring(write(dev_tree(article_id), "newsml"))
        assert _errors(g2_schema, item) == [], article_id


def test_the_driver_schema_checks_the_nitf_body(g2_schema, seed_tree):
    item = etree.fromstring(write(seed_tree, "newsml"))
    content = item.find(f".//{{{NITF}}}body.content")
    etree.SubElement(content, f"{{{NITF}}}notanitfelement")
    assert not g2_schema.validate(item)


def test_newsml_item_carries_the_article(g2_schema):
    text = "Storm hits coast\n\nBy Jane Doe\n\nLONDON (Reuters) - Roads were closed on Monday.\n\n(Reporting by Jane Doe)\n"
    tree = load_article(text.encode(), ReadOptions(name="t.txt", created="2024-05-01T10:00:00Z"))
    item = etree.fromstring(write(tree, "newsml"))
    assert _errors(g2_schema, item) == []
    ns = {"g": NAR, "n": NITF}
    assert item.get("guid").startswith("tag:copydesk,")
    assert item.findtext("g:itemMeta/g:versionCreated", namespaces=ns) == "2024-05-01T10:00:00Z"
    assert item.findtext("g:contentMeta/g:headline", namespaces=ns) == "Storm hits coast"
    assert item.findtext("g:contentMeta/g:creator/g:name", namespaces=ns) == "By Jane Doe"
    assert item.find("g:contentMeta/g:language", ns).get("tag") == "en"
    inline = item.find("g:contentSet/g:inlineXML", ns)
    assert inline.get("contenttype") == "application/nitf+xml"
    assert inline.findtext("n:nitf/n:body/n:body.head/n:hedline/n:hl1", namespaces=ns) == "Storm hits coast"
    # the inline NITF is the NITF writer's, so the article reads back from it
    nitf = etree.tostring(inline.find("n:nitf", ns))
    assert load_article(nitf, ReadOptions(name="t.nitf.xml")).getroot().findtext(
        f"{names.HEAD}/{names.HEADLINE}") == "Storm hits coast"


@pytest.mark.parametrize("fmt", list(NINJS))
def test_every_dev_article_is_valid_ninjs(ninjs_validators, fmt):
    require_dev()
    for article_id in dev_ids():
        for created in (None, "2024-05-01T10:00:00Z"):
            tree = load_article((SHARED / "corpus" / "dev" / f"{article_id}.txt").read_bytes(),
                                ReadOptions(name=f"{article_id}.txt", created=created))
            document = json.loads(write(tree, fmt))
            errors = [e.message for e in ninjs_validators[fmt].iter_errors(document)]
            assert errors == [], (article_id, errors[:3])


@pytest.mark.parametrize("fmt", list(NINJS))
def test_ninjs_body_is_the_html_writers_article(ninjs_validators, fmt, seed_tree):
    document = json.loads(write(seed_tree, fmt))
    key = "contentType" if fmt == "ninjs" else "contenttype"
    html_body = next(b for b in document["bodies"] if b[key] == "text/html")
    assert html_body["value"] == write(seed_tree, "html", _fragment()).decode().strip()
    assert document["standard"]["version"] == NINJS[fmt]
    assert document["language"] == "ar"
    document["bogus"] = 1
    assert list(ninjs_validators[fmt].iter_errors(document)), "the schema refuses unknown properties"


def _fragment():
    from convert.writers import WriteOptions

    return WriteOptions(fragment=True)
