"""Article tree → TEI P5 XML for archives and corpus linguistics.

Mapping (DESIGN.md): sections → div/head, paragraphs → p, direct quotes → said@who@direct,
cues → seg@type="cue", sources → rs@type="source" (the target of said@who), attributions →
seg@type="attribution", the dateline → dateline with placeName/orgName/date, asides → note@type,
headline, subheadlines (titlePart type=sub) and bylines → front, end credits → back. TEI has no direction attribute: `rend`
carries rtl/ltr. The source file's name, size and SHA-256 go to the header's sourceDesc.
"""

from lxml import etree

from convert.version import __version__
from convert.document import names, queries
from convert.writers import handler_for

TEI = "http://www.tei-c.org/ns/1.0"


def t(local: str) -> str:
    return f"{{{TEI}}}{local}"


def write(tree, options=None) -> bytes:
    root = tree.getroot()
    tei = etree.Element(t("TEI"), nsmap={None: TEI})
    tei.set(names.XML_LANG, root.get(names.XML_LANG))
    tei.append(header(root))
    text = etree.SubElement(tei, t("text"), rend=root.get("dir"))
    for child in root:
        handler_for(TEXT, child, "TEI")(text, child)
    return etree.tostring(tei, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def header(root):
    """teiHeader: title, authors, the converter, the source file and the language."""
    head = etree.Element(t("teiHeader"))
    file_desc = etree.SubElement(head, t("fileDesc"))
    title_stmt = etree.SubElement(file_desc, t("titleStmt"))
    title = etree.SubElement(title_stmt, t("title"))
    title.text = queries.title(root)
    if queries.visible_headline(root) is None:
        title.set("type", "derived")
    for byline in queries.bylines(root):
        etree.SubElement(title_stmt, t("author")).text = byline
    publication = etree.SubElement(file_desc, t("publicationStmt"))
    etree.SubElement(publication, t("p")).text = f"Converted from plain text by copydesk {__version__}."
    source_desc = etree.SubElement(file_desc, t("sourceDesc"))
    source = root.find(f"{names.META}/{names.SOURCE}")
    bibl = etree.SubElement(source_desc, t("bibl"))
    if source is not None:
        etree.SubElement(bibl, t("title")).text = source.get("name")
        etree.SubElement(bibl, t("idno"), type="sha256").text = source.get("sha256")
        extent = etree.SubElement(bibl, t("extent"))
        etree.SubElement(extent, t("measure"), unit="byte", quantity=source.get("bytes"))
        etree.SubElement(bibl, t("note"), type="encoding").text = source.get("encoding")
    profile = etree.SubElement(head, t("profileDesc"))
    usage = etree.SubElement(profile, t("langUsage"))
    etree.SubElement(usage, t("language"), ident=root.get(names.XML_LANG))
    return head


def _body(text, body) -> None:
    tei_body = etree.SubElement(text, t("body"))
    for section in body:
        handler_for(SECTIONS, section, "TEI")(tei_body, section)


def _section(tei_body, section) -> None:
    div = etree.SubElement(tei_body, t("div"), type="section")
    for child in section:
        div.append(handler_for(BLOCKS, child, "TEI")(child))


SECTIONS = {"section": _section}


def _front(text, head) -> None:
    front = etree.Element(t("front"))
    for child in head:
        handler_for(FRONT, child, "TEI")(front, child)
    if len(front):
        text.append(front)


def _title_part(kind):
    def handler(front, element):
        if element.get("derived") in ("true", "1"):
            return  # a made-up title is metadata (the header's title), never a visible headline
        doc_title = front.find(t("docTitle"))
        if doc_title is None:
            doc_title = etree.Element(t("docTitle"))
            front.insert(0, doc_title)
        _language(etree.SubElement(doc_title, t("titlePart"), type=kind), element).text = element.text
    return handler


def _front_byline(front, element):
    _language(etree.SubElement(front, t("byline")), element).text = element.text


FRONT = {"headline": _title_part("main"), "subheadline": _title_part("sub"), "byline": _front_byline}


def _back(text, credits) -> None:
    div = etree.SubElement(etree.SubElement(text, t("back")), t("div"), type="credits")
    for credit in credits:
        handler_for(BACK, credit, "TEI")(div, credit)


def _credit(div, credit):
    _language(etree.SubElement(div, t("p"), type=credit.get("kind", "other")), credit).text = credit.text


BACK = {"credit": _credit}
# meta is read by header(); head, body and end become front, body and back, in that order
TEXT = {"meta": lambda text, meta: None, "head": _front, "body": _body, "end": _back}


def _language(target, element):
    if element.get(names.XML_LANG):
        target.set(names.XML_LANG, element.get(names.XML_LANG))
    if element.get("dir"):
        target.set("rend", element.get("dir"))
    return target


def _heading(element):
    head = _language(etree.Element(t("head")), element)
    head.text = element.text
    return head


def _paragraph(element):
    p = _language(etree.Element(t("p")), element)
    p.text = element.text
    _inline_children(p, element)
    return p


def _aside(element):
    note = _language(etree.Element(t("note"), type=element.get("kind"), place="inline"), element)
    note.text = element.text
    return note


BLOCKS = {"heading": _heading, "p": _paragraph, "aside": _aside}
INLINE = {
    "dateline": lambda e: etree.Element(t("dateline")),
    "location": lambda e: etree.Element(t("placeName")),
    "agency": lambda e: etree.Element(t("orgName"), role="agency"),
    "date": lambda e: etree.Element(t("date")),
    "attribution": lambda e: etree.Element(t("seg"), {"type": "attribution", names.XML_ID: e.get("id")}),
    "cue": lambda e: etree.Element(t("seg"), type="cue"),
    "source": lambda e: etree.Element(t("rs"), {"type": "source", names.XML_ID: f"{e.getparent().get('id')}-source"}),
    "quote": lambda e: _said(e),
}


def _said(element):
    said = etree.Element(t("said"), direct="true")
    if element.get("attribution"):
        said.set("who", f"#{element.get('attribution')}-source")
    return said


def _inline_children(target, element) -> None:
    for child in element:
        converted = handler_for(INLINE, child, "TEI")(child)
        converted.text = child.text
        _inline_children(converted, child)
        converted.tail = child.tail
        target.append(converted)
