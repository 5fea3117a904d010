"""Article tree → an IPTC NewsML-G2 2.35 newsItem (Power conformance) carrying the article as inline NITF.

The item's metadata comes from document/queries.py (title, bylines, keywords, created, language);
the content is writers/nitf.py's <nitf>, unchanged, so the article reads back from either.
guid: the source's SHA-256 (a tag: URI), or the article's own digest when it has no source.
versionCreated is required: meta/created, else 2000-01-01T00:00:00Z (as the DOCX core
properties), so output stays reproducible; pass --created to set it.
"""

import hashlib

from lxml import etree

from convert.document import names, queries, serialize
from convert.version import __version__
from convert.writers import nitf

G2 = "http://iptc.org/std/nar/2006-10-01/"
STANDARD_VERSION = "2.35"
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"
NO_DATE = "2000-01-01T00:00:00Z"


def g(local: str) -> str:
    return f"{{{G2}}}{local}"


def write(tree, options=None) -> bytes:
    root = tree.getroot()
    item = etree.Element(g("newsItem"), nsmap={None: G2}, guid=guid(tree), version="1", standard="NewsML-G2",
                         standardversion=STANDARD_VERSION, conformance="power")
    item.set(names.XML_LANG, queries.language(root))
    etree.SubElement(item, g("catalogRef"), href=IPTC_CATALOG)
    item.append(_item_meta(root))
    item.append(_content_meta(root))
    inline = etree.SubElement(etree.SubElement(item, g("contentSet")), g("inlineXML"), contenttype="application/nitf+xml")
    inline.append(nitf.nitf_element(tree))
    return etree.tostring(item, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def guid(tree) -> str:
    source = tree.getroot().find(f"{names.META}/{names.SOURCE}")
    digest = source.get("sha256") if source is not None else hashlib.sha256(serialize(tree)).hexdigest()
    return f"tag:copydesk,2024:sha256:{digest}"


def _item_meta(root):
    meta = etree.Element(g("itemMeta"))
    etree.SubElement(meta, g("itemClass"), qcode="ninat:text")
    etree.SubElement(meta, g("provider"), literal="copydesk")
    etree.SubElement(meta, g("versionCreated")).text = queries.created(root) or NO_DATE
    etree.SubElement(meta, g("pubStatus"), qcode="stat:usable")
    etree.SubElement(meta, g("generator"), versioninfo=__version__).text = "copydesk"
    return meta


def _content_meta(root):
    """contentMeta in the schema's order: created, creators, language, keywords, slug, headline."""
    meta = etree.Element(g("contentMeta"))
    if queries.created(root):
        etree.SubElement(meta, g("contentCreated")).text = queries.created(root)
    for byline in queries.bylines(root):
        etree.SubElement(etree.SubElement(meta, g("creator")), g("name")).text = byline
    etree.SubElement(meta, g("language"), tag=queries.language(root))
    for keyword in queries.keywords(root):
        etree.SubElement(meta, g("keyword")).text = keyword
    for slug in root.iter(names.SLUG):
        etree.SubElement(meta, g("slugline")).text = " ".join((slug.text or "").split())
    headline = etree.SubElement(meta, g("headline"))
    headline.text = queries.title(root)
    for subheadline in queries.subheadlines(root):
        etree.SubElement(meta, g("headline")).text = subheadline  # after the main one: a deck
    description = queries.description(root)
    if description:
        etree.SubElement(meta, g("description"), role="drol:summary").text = description
    return meta
