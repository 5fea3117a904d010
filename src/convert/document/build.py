"""Reader output (blocks with inline spans) → article element tree, in schema order."""

from dataclasses import dataclass, field

from lxml import etree

from convert.document import names


@dataclass(frozen=True)
class Span:
    """Inline markup over text[start:end]: an element `tag` (a names.* constant) with attributes.

    Spans either nest or are disjoint; a child span lies inside its parent's range.
    """

    start: int
    end: int
    tag: str
    attrs: tuple = ()


@dataclass
class Block:
    """One classified unit of the text: a headline, subheadline, byline, heading, paragraph, aside or credit."""

    kind: str
    text: str
    spans: list = field(default_factory=list)
    lang: str | None = None
    dir: str | None = None
    subkind: str | None = None


@dataclass
class Meta:
    """What goes into <meta>."""

    generator_version: str
    source_name: str | None = None
    encoding: str | None = None
    sha256: str | None = None
    size: int | None = None
    slugs: list = field(default_factory=list)
    created: str | None = None
    removed: dict = field(default_factory=dict)
    undecodable: tuple = ()  # (byte offset, bytes) runs the encoding could not decode, left out of the text


def build_article(meta: Meta, blocks: list[Block], lang: str, direction: str, derived_title: str | None = None):
    """Assemble the article tree: meta, head (headline, bylines), body (sections), end (credits)."""
    root = etree.Element(names.ARTICLE, nsmap={None: names.NS})
    root.set(names.XML_LANG, lang)
    root.set("dir", direction)
    root.set("version", names.SCHEMA_VERSION)
    _add_meta(root, meta)
    _add_head(root, blocks, derived_title)
    _add_body(root, blocks)
    _add_end(root, blocks)
    return etree.ElementTree(root)


def _add_meta(root, meta: Meta) -> None:
    element = etree.SubElement(root, names.META)
    if meta.sha256 is not None:
        etree.SubElement(element, names.SOURCE, name=meta.source_name or "-", encoding=meta.encoding,
                         sha256=meta.sha256, bytes=str(meta.size))
    etree.SubElement(element, names.GENERATOR, name="copydesk", version=meta.generator_version)
    for slug in meta.slugs:
        etree.SubElement(element, names.SLUG).text = slug
    if meta.created:
        etree.SubElement(element, names.CREATED).text = meta.created
    for char, count in sorted(meta.removed.items()):
        etree.SubElement(element, names.REMOVED, char=f"U+{ord(char):04X}", count=str(count))
    for offset, run in meta.undecodable:
        etree.SubElement(element, names.UNDECODABLE, offset=str(offset), bytes=run.hex())


def _add_head(root, blocks, derived_title) -> None:
    headlines = [b for b in blocks if b.kind == "headline"]
    subheadlines = [b for b in blocks if b.kind == "subheadline"]
    bylines = [b for b in blocks if b.kind == "byline"]
    if not (headlines or subheadlines or bylines or derived_title):
        return
    head = etree.SubElement(root, names.HEAD)
    for block in headlines:
        _text_element(head, names.HEADLINE, block)
    if not headlines and derived_title:
        etree.SubElement(head, names.HEADLINE, derived="true").text = derived_title
    for block in subheadlines:
        _text_element(head, names.SUBHEADLINE, block)
    for block in bylines:
        _text_element(head, names.BYLINE, block)


def _add_body(root, blocks) -> None:
    body = etree.SubElement(root, names.BODY)
    section = None
    for block in blocks:
        if block.kind == "heading" or (section is None and block.kind in ("paragraph", "aside")):
            section = etree.SubElement(body, names.SECTION, id=f"s{len(body) + 1}")
        if block.kind == "heading":
            _text_element(section, names.HEADING, block)
        elif block.kind == "paragraph":
            paragraph = _language(etree.SubElement(section, names.P), block)
            fill_inline(paragraph, block.text, block.spans)
        elif block.kind == "aside":
            _text_element(section, names.ASIDE, block).set("kind", block.subkind or "other")
    if section is None:
        etree.SubElement(body, names.SECTION, id="s1")


def _add_end(root, blocks) -> None:
    credits = [b for b in blocks if b.kind == "credit"]
    if credits:
        end = etree.SubElement(root, names.END)
        for block in credits:
            _text_element(end, names.CREDIT, block).set("kind", block.subkind or "other")


def _text_element(parent, tag, block):
    element = _language(etree.SubElement(parent, tag), block)
    element.text = block.text
    return element


def _language(element, block):
    if block.lang:
        element.set(names.XML_LANG, block.lang)
    if block.dir:
        element.set("dir", block.dir)
    return element


def fill_inline(parent, text: str, spans) -> None:
    """Write text into parent as mixed content, wrapping each span's range in its element."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    _fill(parent, text, ordered, 0, len(text))


def _fill(parent, text, spans, lo, hi) -> None:
    cursor, last = lo, None
    index = 0
    while index < len(spans):
        span = spans[index]
        inner_end = index + 1  # spans nested in this one follow it (sorted by start, longest first)
        while inner_end < len(spans) and spans[inner_end].start < span.end:
            inner_end += 1
        inner = spans[index + 1:inner_end]
        _append_text(parent, last, text[cursor:span.start])
        last = etree.SubElement(parent, span.tag, dict(span.attrs))
        _fill(last, text, inner, span.start, span.end)
        cursor = span.end
        index += 1 + len(inner)
    _append_text(parent, last, text[cursor:hi])


def _append_text(parent, last, chunk) -> None:
    if not chunk:
        return
    if last is None:
        parent.text = (parent.text or "") + chunk
    else:
        last.tail = (last.tail or "") + chunk
