"""Article tree → NITF 3.6 (IPTC News Industry Text Format) for newsroom systems.

Mapping (DESIGN.md): headline → body.head/hedline/hl1 (a derived title only → head/title),
bylines → body.head/byline, each section → body.content/block with hl2 for its heading, the
lede's dateline → the first block's dateline, quotes → q@quote-source, end credits →
body.end/tagline. NITF has no direction and no cue: `dir`, attributions, cues, sources and aside
kinds travel in copydesk's namespace at NITF's extension points (foreign attributes anywhere,
foreign elements in enriched text), so nothing is lost.
"""

from lxml import etree

from convert.document import names
from convert.errors import CopydeskError

NITF = "http://iptc.org/std/NITF/2006-10-18/"
NITF_VERSION = "-//IPTC//DTD NITF 3.6//EN"


def n(local: str) -> str:
    return f"{{{NITF}}}{local}"


def cd(local: str) -> str:
    return f"{{{names.NS}}}{local}"


def write(tree, options=None) -> bytes:
    root = tree.getroot()
    nitf = etree.Element(n("nitf"), nsmap={None: NITF, "cd": names.NS}, version=NITF_VERSION)
    _language(nitf, root)
    nitf.append(_head(root))
    body = etree.SubElement(nitf, n("body"))
    body.append(_body_head(root))
    body.append(_body_content(root))
    credits = root.find(names.END)
    if credits is not None:
        end = etree.SubElement(body, n("body.end"))
        for credit in credits:
            tagline = _language(etree.SubElement(end, n("tagline")), credit)
            tagline.text = credit.text
            tagline.set(cd("kind"), credit.get("kind", "other"))
    return etree.tostring(nitf, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _language(target, element):
    if element.get(names.XML_LANG):
        target.set(names.XML_LANG, element.get(names.XML_LANG))
    if element.get("dir"):
        target.set(cd("dir"), element.get("dir"))
    return target


def _head(root):
    head = etree.Element(n("head"))
    headline = root.find(f"{names.HEAD}/{names.HEADLINE}")
    if headline is not None:
        etree.SubElement(head, n("title")).text = headline.text
    docdata = etree.SubElement(head, n("docdata"))
    source = root.find(f"{names.META}/{names.SOURCE}")
    if source is not None:
        etree.SubElement(docdata, n("doc-id"), {"id-string": source.get("sha256"), "regsrc": "sha256"})
    created = root.find(f"{names.META}/{names.CREATED}")
    if created is not None:
        etree.SubElement(docdata, n("date.issue"), norm=created.text.replace("-", "").replace(":", ""))
    if source is not None:
        etree.SubElement(docdata, cd("source"), dict(source.attrib))
    return head


def _body_head(root):
    body_head = etree.Element(n("body.head"))
    headline = root.find(f"{names.HEAD}/{names.HEADLINE}")
    if headline is not None and headline.get("derived") != "true":
        hedline = etree.SubElement(body_head, n("hedline"))
        _language(etree.SubElement(hedline, n("hl1")), headline).text = headline.text
    for byline in root.iter(names.BYLINE):
        _language(etree.SubElement(body_head, n("byline")), byline).text = byline.text
    return body_head


def _body_content(root):
    content = etree.Element(n("body.content"))
    for section in root.find(names.BODY):
        block = etree.SubElement(content, n("block"))
        for child in section:
            HANDLERS[names.local(child.tag)](block, child)
    return content


def _heading(block, heading):
    _language(etree.SubElement(block, n("hl2")), heading).text = heading.text


def _paragraph(block, paragraph):
    p = _language(etree.Element(n("p")), paragraph)
    dateline = paragraph.find(names.DATELINE)
    if dateline is not None and not (paragraph.text or "").strip() and len(block) == 0:
        block.append(_dateline(dateline))
        p.text = dateline.tail
        _inline_children(p, list(paragraph)[1:])
    else:
        p.text = paragraph.text
        _inline_children(p, list(paragraph))
    block.append(p)


def _aside(block, aside):
    p = _language(etree.SubElement(block, n("p"), {"class": "aside"}), aside)
    p.set(cd("aside"), aside.get("kind"))
    p.text = aside.text


HANDLERS = {"heading": _heading, "p": _paragraph, "aside": _aside}


def _dateline(dateline):
    """NITF's dateline holds location and story.date; the agency stays as text."""
    element = etree.Element(n("dateline"))
    element.text = dateline.text
    for part in dateline:
        tag = {"location": "location", "date": "story.date"}.get(names.local(part.tag))
        if tag:
            etree.SubElement(element, n(tag)).text = part.text
            element[-1].tail = part.tail
        else:  # agency: text in NITF
            _append_text(element, (part.text or "") + (part.tail or ""))
    return element


def _inline_children(target, children) -> None:
    for child in children:
        target.append(_inline(child))
        target[-1].tail = child.tail


def _inline(element):
    role = names.local(element.tag)
    if role == "quote":
        quote = etree.Element(n("q"))
        source = _linked_source(element)
        if source:
            quote.set("quote-source", source)
        if element.get("attribution"):
            quote.set(cd("attribution"), element.get("attribution"))
    elif role in ("attribution", "cue", "source", "dateline", "location", "agency", "date"):
        quote = etree.Element(cd(role), {k: v for k, v in element.attrib.items()})
    else:
        raise CopydeskError(f"the NITF writer has no handler for inline <{role}>")
    quote.text = element.text
    _inline_children(quote, list(element))
    return quote


def _linked_source(quote) -> str | None:
    identifier = quote.get("attribution")
    if not identifier:
        return None
    # the paragraph first: a document-wide search per quote made long articles quadratic (50 MB: minutes)
    scopes = [*quote.iterancestors(names.P), quote.getroottree().getroot()]
    path = f".//{names.ATTRIBUTION}[@id='{identifier}']"
    attribution = next((found for scope in scopes[:1] + scopes[-1:] if (found := scope.find(path)) is not None), None)
    source = attribution.find(names.SOURCE) if attribution is not None else None
    return " ".join(source.text.split()) if source is not None and source.text else None


def _append_text(element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text
