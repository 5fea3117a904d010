"""Article tree → NITF 3.6 (IPTC News Industry Text Format) for newsroom systems.

Mapping (DESIGN.md): headline → body.head/hedline/hl1 and subheadlines → hedline/hl2 (a derived
title only → head/title), bylines → body.head/byline, each section → body.content/block with hl2
for its heading, the lede's dateline → the first block's dateline, quotes → q@quote-source, end
credits → one body.end/tagline (NITF allows one) holding a cd:credit per credit, separated by br.
NITF has no direction and no cue: `dir`, attributions, cues, sources, dateline agencies and
aside and credit kinds travel in copydesk's namespace at NITF's extension points (foreign
attributes anywhere, foreign elements in enriched text and docdata), so the NITF reader
(readers/nitf.py) gets the article back. Every article element has a handler (exhaustive dispatch).
"""

from lxml import etree

from convert.document import names, queries
from convert.writers import handler_for

NITF = "http://iptc.org/std/NITF/2006-10-18/"
NITF_VERSION = "-//IPTC//DTD NITF 3.6//EN"


def n(local: str) -> str:
    return f"{{{NITF}}}{local}"


def cd(local: str) -> str:
    return f"{{{names.NS}}}{local}"


def write(tree, options=None) -> bytes:
    return etree.tostring(nitf_element(tree), encoding="UTF-8", xml_declaration=True, pretty_print=True)


def nitf_element(tree):
    """The <nitf> element of an article (NewsML-G2 carries it inline)."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    nitf = etree.Element(n("nitf"), nsmap={None: NITF, "cd": names.NS}, version=NITF_VERSION)
    _language(nitf, root)
    head = etree.SubElement(nitf, n("head"))
    etree.SubElement(head, n("title")).text = queries.title(root)
    body = etree.SubElement(nitf, n("body"))
    etree.SubElement(body, n("body.head"))
    for child in root:
        handler_for(ARTICLE, child, "NITF")(nitf, child)
    for element in nitf.iter(n("p"), n("hl1"), n("hl2"), n("byline"), n("dateline"), n("tagline"), n("q")):
        if element.text is None:  # an empty text node: pretty printing must not indent mixed content
            element.text = ""
    return nitf


def _language(target, element):
    if element.get(names.XML_LANG):
        target.set(names.XML_LANG, element.get(names.XML_LANG))
    if element.get("dir"):
        target.set(cd("dir"), element.get("dir"))
    return target


def _text(target, element):
    _language(target, element).text = element.text
    return target


# --- meta → head/docdata -------------------------------------------------------------------------

def _meta(nitf, meta):
    docdata = etree.SubElement(nitf.find(n("head")), n("docdata"))
    for child in meta:
        handler_for(META, child, "NITF")(docdata, child)


def _source(docdata, source):
    etree.SubElement(docdata, n("doc-id"), {"id-string": source.get("sha256"), "regsrc": "sha256"})
    _copy(docdata, source)


def _created(docdata, created):
    etree.SubElement(docdata, n("date.issue"), norm=created.text.replace("-", "").replace(":", ""))
    _copy(docdata, created)


def _copy(docdata, element):
    """A meta element as itself, in copydesk's namespace (docdata's extension point)."""
    copy = etree.SubElement(docdata, cd(names.local(element.tag)), dict(element.attrib))
    copy.text = element.text


META = {"source": _source, "generator": _copy, "slug": _copy, "created": _created, "removed": _copy,
        "undecodable": _copy}


# --- head → body.head ----------------------------------------------------------------------------

def _head(nitf, head):
    body_head = nitf.find(f"{n('body')}/{n('body.head')}")
    for child in head:
        handler_for(HEAD, child, "NITF")(body_head, child)


def _headline(body_head, headline):
    if headline.get("derived") in ("true", "1"):
        return  # a made-up title is metadata (head/title), never a visible headline
    _text(etree.SubElement(etree.SubElement(body_head, n("hedline")), n("hl1")), headline)


def _subheadline(body_head, subheadline):
    hedline = body_head.find(n("hedline"))
    if hedline is not None:
        _text(etree.SubElement(hedline, n("hl2")), subheadline)
    else:  # hedline needs an hl1: without a visible headline the deck is an abstract
        abstract = body_head.find(n("abstract"))
        if abstract is None:
            abstract = etree.SubElement(body_head, n("abstract"))
        _text(etree.SubElement(abstract, n("p"), {cd("role"): "subheadline"}), subheadline)


def _byline(body_head, byline):
    byline_element = _text(etree.Element(n("byline")), byline)
    abstract = body_head.find(n("abstract"))
    if abstract is not None:  # schema order: hedline, byline, abstract
        abstract.addprevious(byline_element)
    else:
        body_head.append(byline_element)


HEAD = {"headline": _headline, "subheadline": _subheadline, "byline": _byline}


# --- body → body.content -------------------------------------------------------------------------

def _body(nitf, body):
    content = etree.SubElement(nitf.find(n("body")), n("body.content"))
    for child in body:
        handler_for(BODY, child, "NITF")(content, child)


def _section(content, section):
    block = etree.SubElement(content, n("block"))
    if section.get("id"):
        block.set(cd("id"), section.get("id"))
    for child in section:
        handler_for(SECTION, child, "NITF")(block, child)


def _heading(block, heading):
    _text(etree.SubElement(block, n("hl2")), heading)


def _paragraph(block, paragraph):
    p = _language(etree.Element(n("p")), paragraph)
    children = list(paragraph)
    lede = not (paragraph.text or "").strip() and children and names.local(children[0].tag) == "dateline"
    if lede and len(block) == 0 and len(block.getparent()) == 1:  # the story's dateline: block's header
        block.append(_dateline(children[0]))
        p.text = children[0].tail
        children = children[1:]
    else:
        p.text = paragraph.text
    for child in children:
        p.append(inline(child))
    block.append(p)


def _aside(block, aside):
    p = _text(etree.SubElement(block, n("p"), {"class": "aside"}), aside)
    p.set(cd("aside"), aside.get("kind"))


SECTION = {"heading": _heading, "p": _paragraph, "aside": _aside}
BODY = {"section": _section}


def _dateline(dateline):
    """NITF's dateline holds location and story.date; the agency stays text, named in cd:agency."""
    element = etree.Element(n("dateline"))
    element.text = dateline.text
    for part in dateline:
        handler_for(DATELINE, part, "NITF")(element, part)
    return element


def _dateline_part(tag):
    def handler(element, part):
        etree.SubElement(element, n(tag)).text = part.text
        element[-1].tail = part.tail
    return handler


def _agency(element, part):
    element.set(cd("agency"), part.text or "")
    _append_text(element, (part.text or "") + (part.tail or ""))


DATELINE = {"location": _dateline_part("location"), "date": _dateline_part("story.date"), "agency": _agency}


# --- inline: enriched text, copydesk's elements where NITF has none ---------------------------------

def inline(element):
    """One inline article element (with its tail) as NITF enriched text."""
    converted = handler_for(INLINE, element, "NITF")(element)
    converted.text = element.text
    for child in element:
        converted.append(inline(child))
    converted.tail = element.tail
    return converted


def _quote(element):
    quote = etree.Element(n("q"))
    source = _linked_source(element)
    if source:
        quote.set("quote-source", source)
    if element.get("attribution"):
        quote.set(cd("attribution"), element.get("attribution"))
    return quote


def _own(element):
    return etree.Element(cd(names.local(element.tag)), dict(element.attrib))


INLINE = {"quote": _quote, "attribution": _own, "cue": _own, "source": _own, "dateline": _own,
          "location": _own, "agency": _own, "date": _own}


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


# --- end → body.end ------------------------------------------------------------------------------

def _end(nitf, end):
    """NITF allows one tagline: each credit is a cd:credit inside it, a br between two."""
    tagline = etree.SubElement(etree.SubElement(nitf.find(n("body")), n("body.end")), n("tagline"))
    for child in end:
        handler_for(END, child, "NITF")(tagline, child)


def _credit(tagline, credit):
    if len(tagline):
        etree.SubElement(tagline, n("br"))
    element = _text(etree.SubElement(tagline, cd("credit")), credit)
    element.set("kind", credit.get("kind", "other"))


END = {"credit": _credit}
ARTICLE = {"meta": _meta, "head": _head, "body": _body, "end": _end}


def _append_text(element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text
