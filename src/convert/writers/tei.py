"""Article tree → TEI P5 XML for archives and corpus linguistics.

Mapping (DESIGN.md): sections → div/head, paragraphs → p, direct quotes → said@who@direct,
cues → seg@type="cue", sources → rs@type="source" (the target of said@who), attributions →
seg@type="attribution", the dateline → dateline with placeName/orgName/date, asides → note@type,
headline and bylines → front, end credits → back. TEI has no direction attribute: `rend`
carries rtl/ltr. The source file's name, size and SHA-256 go to the header's sourceDesc.
"""

from lxml import etree

from convert.version import __version__
from convert.document import names
from convert.errors import CopydeskError

TEI = "http://www.tei-c.org/ns/1.0"


def t(local: str) -> str:
    return f"{{{TEI}}}{local}"


def write(tree, options=None) -> bytes:
    root = tree.getroot()
    tei = etree.Element(t("TEI"), nsmap={None: TEI})
    tei.set(names.XML_LANG, root.get(names.XML_LANG))
    tei.append(header(root))
    text = etree.SubElement(tei, t("text"), rend=root.get("dir"))
    _front(text, root)
    body = etree.SubElement(text, t("body"))
    for section in root.find(names.BODY):
        div = etree.SubElement(body, t("div"), type="section")
        for child in section:
            div.append(BLOCKS[names.local(child.tag)](child))
    _back(text, root)
    return etree.tostring(tei, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def header(root):
    """teiHeader: title, authors, the converter, the source file and the language."""
    head = etree.Element(t("teiHeader"))
    file_desc = etree.SubElement(head, t("fileDesc"))
    title_stmt = etree.SubElement(file_desc, t("titleStmt"))
    headline = root.find(f"{names.HEAD}/{names.HEADLINE}")
    title = etree.SubElement(title_stmt, t("title"))
    title.text = headline.text if headline is not None else ""
    if headline is not None and headline.get("derived") == "true":
        title.set("type", "derived")
    for byline in root.iter(names.BYLINE):
        etree.SubElement(title_stmt, t("author")).text = byline.text
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


def _front(text, root) -> None:
    headline = root.find(f"{names.HEAD}/{names.HEADLINE}")
    bylines = list(root.iter(names.BYLINE))
    visible = headline is not None and headline.get("derived") != "true"
    if not (visible or bylines):
        return
    front = etree.SubElement(text, t("front"))
    if visible:
        doc_title = etree.SubElement(front, t("docTitle"))
        _language(etree.SubElement(doc_title, t("titlePart"), type="main"), headline).text = headline.text
    for byline in bylines:
        _language(etree.SubElement(front, t("byline")), byline).text = byline.text


def _back(text, root) -> None:
    credits = root.find(names.END)
    if credits is None:
        return
    div = etree.SubElement(etree.SubElement(text, t("back")), t("div"), type="credits")
    for credit in credits:
        _language(etree.SubElement(div, t("p"), type=credit.get("kind", "other")), credit).text = credit.text


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
        role = names.local(child.tag)
        if role not in INLINE:
            raise CopydeskError(f"the TEI writer has no handler for inline <{role}>")
        converted = INLINE[role](child)
        converted.text = child.text
        _inline_children(converted, child)
        converted.tail = child.tail
        target.append(converted)
