"""The TEI P5 export: the article's text exactly, sections as div/head, quotes as said pointing at their source."""

from lxml import etree

from conftest import dev_ids, dev_tree, require_dev
from convert import ReadOptions, load_article, write
from convert.document.lossless import story_text

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def tei_of(tree):
    return etree.fromstring(write(tree, "tei"))


def test_every_dev_article_keeps_its_text_and_its_links_resolve():
    require_dev()
    for article_id in dev_ids():
        tree = dev_tree(article_id)
        tei = tei_of(tree)
        text = tei.find("t:text", NS)
        assert "".join("".join(text.itertext()).split()) == "".join(story_text(tree).split()), article_id
        ids = {element.get(XML_ID) for element in tei.iter() if element.get(XML_ID)}
        for said in tei.iter("{http://www.tei-c.org/ns/1.0}said"):
            assert said.get("who") is None or said.get("who")[1:] in ids, article_id


def test_structure_of_the_seed(seed_tree):
    tei = tei_of(seed_tree)
    assert tei.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert tei.find("t:text", NS).get("rend") == "rtl"
    assert [h.text for h in tei.iterfind(".//t:div/t:head", NS)] == ["مخاوف أمريكية", "اتهامات بالتأثير", "مرحلة حرجة"]
    assert tei.find("t:teiHeader//t:title", NS).get("type") == "derived"
    assert tei.find("t:text/t:front", NS) is None, "no visible headline, no front matter"
    assert len(tei.findall(".//t:seg[@type='cue']", NS)) >= 12
    assert tei.findtext(".//t:idno[@type='sha256']", namespaces=NS) == seed_tree.getroot().find(
        "{urn:x-copydesk:article:1}meta/{urn:x-copydesk:article:1}source").get("sha256")


def test_headline_dateline_and_credits():
    text = "Storm hits coast\n\nLONDON (Reuters) - A storm hit the coast.\n\n(Reporting by Jane Doe)\n"
    tei = tei_of(load_article(text.encode(), ReadOptions(name="t.txt")))
    assert tei.findtext("t:text/t:front/t:docTitle/t:titlePart", namespaces=NS) == "Storm hits coast"
    assert tei.findtext(".//t:dateline/t:placeName", namespaces=NS) == "LONDON"
    assert tei.findtext(".//t:dateline/t:orgName", namespaces=NS) == "Reuters"
    assert tei.find("t:text/t:back/t:div/t:p", NS).get("type") == "reporting"


def test_subheadline_is_a_sub_title_part():
    from convert.document import names, parse_xml, validate

    tree = load_article(b"Storm hits coast\n\nRoads were closed on Monday after the storm.\n", ReadOptions(name="t.txt"))
    head = tree.getroot().find(names.HEAD)
    head.insert(1, parse_xml(b'<subheadline xmlns="urn:x-copydesk:article:1">Ferries stopped too</subheadline>').getroot())
    validate(tree)
    tei = etree.fromstring(write(tree, "tei"))
    parts = tei.findall(".//{http://www.tei-c.org/ns/1.0}docTitle/{http://www.tei-c.org/ns/1.0}titlePart")
    assert [(p.get("type"), p.text) for p in parts] == [("main", "Storm hits coast"), ("sub", "Ferries stopped too")]
