"""The NITF 3.6 export: valid against the IPTC schema (read from ../shared), nothing lost, mapped as DESIGN.md says."""

import pytest
from lxml import etree

from conftest import SHARED, dev_ids, dev_tree, require_dev
from convert import ReadOptions, load_article, write
from convert.document.lossless import story_text

NITF_XSD = SHARED / "standards" / "nitf-3.6" / "nitf-3-6.xsd"
NS = {"n": "http://iptc.org/std/NITF/2006-10-18/", "cd": "urn:x-copydesk:article:1"}


@pytest.fixture(scope="module")
def nitf_schema():
    if not NITF_XSD.is_file():
        pytest.skip(f"the NITF 3.6 schema is not at {NITF_XSD} (a fresh clone without ../shared)")
    return etree.XMLSchema(etree.parse(str(NITF_XSD)))


def nitf_of(tree):
    return etree.fromstring(write(tree, "nitf"))


def test_every_dev_article_is_valid_nitf_and_loses_nothing(nitf_schema):
    require_dev()
    for article_id in dev_ids():
        tree = dev_tree(article_id)
        nitf = nitf_of(tree)
        assert nitf_schema.validate(nitf), (article_id, [e.message for e in nitf_schema.error_log][:3])
        body = nitf.find("n:body", NS)
        assert "".join("".join(body.itertext()).split()) == "".join(story_text(tree).split()), article_id


def test_mapping_of_headline_dateline_sections_quotes_and_credits(nitf_schema):
    text = ('Storm hits coast\n\nBy Jane Doe\n\nLONDON (Reuters) - "The sea rose very fast tonight," a coastguard '
            "officer said on Monday.\n\nDAMAGE\n\nRoads were closed.\n\n(Reporting by Jane Doe; Editing by John Roe)\n")
    nitf = nitf_of(load_article(text.encode(), ReadOptions(name="t.txt")))
    assert nitf_schema.validate(nitf), [e.message for e in nitf_schema.error_log]
    assert nitf.findtext("n:body/n:body.head/n:hedline/n:hl1", namespaces=NS) == "Storm hits coast"
    assert nitf.findtext("n:body/n:body.head/n:byline", namespaces=NS) == "By Jane Doe"
    blocks = nitf.findall("n:body/n:body.content/n:block", NS)
    assert blocks[0].findtext("n:dateline/n:location", namespaces=NS) == "LONDON"
    assert blocks[1].findtext("n:hl2", namespaces=NS) == "DAMAGE"
    quote = nitf.find(".//n:q", NS)
    assert quote.get("quote-source") == "a coastguard officer"
    assert nitf.find(".//cd:cue", NS).text == "said"
    tagline = nitf.find("n:body/n:body.end/n:tagline", NS)
    assert "".join(tagline.itertext()).strip().startswith("(Reporting by")


def test_direction_travels_in_the_copydesk_namespace(seed_tree, nitf_schema):
    nitf = nitf_of(seed_tree)
    assert nitf_schema.validate(nitf)
    assert nitf.get("{urn:x-copydesk:article:1}dir") == "rtl"
    assert nitf.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert nitf.find("n:body/n:body.head/n:hedline", NS) is None, "a derived title is not a visible headline"
    assert nitf.findtext("n:head/n:title", namespaces=NS).startswith("أكد الرئيس")


def test_several_end_credits_make_one_valid_tagline(nitf_schema):
    text = ("Storm hits coast\n\nRoads were closed on Monday after the storm.\n\n(Reporting by Jane Doe)\n\n"
            "(Editing by John Roe)\n\nReuter\n")
    tree = load_article(text.encode(), ReadOptions(name="t.txt"))
    assert len(list(tree.iter("{urn:x-copydesk:article:1}credit"))) == 3
    nitf = nitf_of(tree)
    assert nitf_schema.validate(nitf), [e.message for e in nitf_schema.error_log]
    taglines = nitf.findall("n:body/n:body.end/n:tagline", NS)
    assert len(taglines) == 1
    assert [c.text for c in taglines[0].findall("cd:credit", NS)] == ["(Reporting by Jane Doe)", "(Editing by John Roe)", "Reuter"]
    assert [c.get("kind") for c in taglines[0].findall("cd:credit", NS)] == ["reporting", "reporting", "marker"]
    assert len(taglines[0].findall("n:br", NS)) == 2


def test_subheadlines_are_kept(nitf_schema):
    from convert.document import names, parse_xml, validate

    tree = load_article(b"Storm hits coast\n\nRoads were closed on Monday after the storm.\n", ReadOptions(name="t.txt"))
    head = tree.getroot().find(names.HEAD)
    head.insert(1, parse_xml(b'<subheadline xmlns="urn:x-copydesk:article:1">Ferries stopped too</subheadline>').getroot())
    validate(tree)
    nitf = nitf_of(tree)
    assert nitf_schema.validate(nitf), [e.message for e in nitf_schema.error_log]
    assert nitf.findtext("n:body/n:body.head/n:hedline/n:hl2", namespaces=NS) == "Ferries stopped too"
    head.remove(head.find(names.HEADLINE))  # without a headline hedline cannot exist: the deck is an abstract
    nitf = nitf_of(tree)
    assert nitf_schema.validate(nitf), [e.message for e in nitf_schema.error_log]
    assert nitf.findtext("n:body/n:body.head/n:abstract/n:p", namespaces=NS) == "Ferries stopped too"
