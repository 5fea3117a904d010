"""NITF 3.6 bytes (ours, or an agency's or a CMS's) → article tree.

hedline/hl1 → headline, hl2 and abstract → subheadline, byline → byline, dateline → the lede's
dateline, block → section (hl2 → heading), p → paragraph (p.aside → aside), q → quote, media
captions → asides, lists and block quotes → paragraphs, body.end tagline and bibliography →
credits. NITF written by copydesk carries direction, attributions, cues, sources and kinds in
copydesk's namespace (writers/nitf.py): they are read back as they are. Other NITF gets the text
reader's dateline and attribution passes over its paragraphs. Namespaced (NITF 3.x XSD) and
un-namespaced (DTD-era) NITF are both read; a DOCTYPE is allowed, never loaded.
"""

import re

from lxml import etree

from convert.document import names
from convert.document.build import Block, Span
from convert.errors import InputError
from convert.readers import assemble
from convert.readers.text.classify import credit_kind
from convert.readers.text.line_words import line_words

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_INLINE = {"q": names.QUOTE}
_OURS_INLINE = {"attribution": names.ATTRIBUTION, "cue": names.CUE, "source": names.SOURCE,
                "dateline": names.DATELINE, "location": names.LOCATION, "agency": names.AGENCY, "date": names.DATE}
_CELLS = {"td", "th", "dt", "dd"}
_DATELINE_PARTS = {"location": names.LOCATION, "story.date": names.DATE}
_BLOCKISH = {"p", "hl2", "block", "bq", "ul", "ol", "dl", "li", "dt", "dd", "media", "table", "tr", "fn",
             "note", "pre", "hr", "nitf-table", "media-caption", "credit", "block"}


def read_nitf(data: bytes, options):
    """Read NITF into an article tree (not yet validated)."""
    root = _parse(data, options.name)
    if _local(root) != "nitf":
        raise InputError(f"{options.name}: not NITF (the root element is <{_local(root)}>, not <nitf>)")
    reader = _Reader(ours=any(_is_ours(e) for e in root.iter()))
    blocks = reader.blocks(root)
    if not any(b.text.strip() for b in blocks):
        raise InputError(f"{options.name}: the NITF has no story text (no hedline, byline, p or tagline)")
    declared_dir = root.get(f"{{{names.NS}}}dir")
    lang, direction = assemble.document_language(blocks, options.lang, root.get(names.XML_LANG), declared_dir)
    assemble.block_languages(blocks, direction)
    words = line_words(lang.split("-")[0].lower())
    for block in blocks:  # a foreign tagline's lines: their kind by the credit rules of the language
        if block.kind == "credit" and block.subkind is None:
            block.subkind = credit_kind(block.text, words) or "other"
    if not reader.ours:
        assemble.inline_spans(blocks, lang, options.attributions)
    return assemble.build(blocks, assemble.meta_for(data, options, _encoding(root)), lang, direction, options.title)


def _parse(data: bytes, name: str):
    try:
        tree = etree.ElementTree(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError as err:
        line = err.position[0] if err.position else "?"
        raise InputError(f"{name}:{line}: not well-formed NITF: {err.msg}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or list(dtd.iterelements())):
        raise InputError(f"{name}: NITF with an internal DTD subset is refused (entities are never expanded)")
    return tree.getroot()


def _encoding(root) -> str:
    return root.getroottree().docinfo.encoding or "UTF-8"


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _is_ours(element) -> bool:
    return isinstance(element.tag, str) and (element.tag.startswith(f"{{{names.NS}}}")
                                             or any(k.startswith(f"{{{names.NS}}}") for k in element.attrib))


def _nitf(element) -> bool:
    return isinstance(element.tag, str) and etree.QName(element).namespace in (None, NITF_NS)


def _cd(element, attribute: str) -> str | None:
    return element.get(f"{{{names.NS}}}{attribute}")


class _Reader:
    """Walks one NITF document in reading order, collecting blocks."""

    def __init__(self, ours: bool):
        self.ours = ours
        self.out: list[Block] = []
        self.dateline: tuple[str, list[Span]] | None = None  # waiting for the lede

    def blocks(self, root) -> list[Block]:
        body = next((c for c in root if _local(c) == "body"), None)
        if body is None:
            return []
        for part in body:
            {"body.head": self.body_head, "body.content": self.content, "body.end": self.end}.get(
                _local(part), lambda e: None)(part)
        return [assemble.tidy(b) for b in self.out if b.text.strip()]

    # --- body.head ---
    def body_head(self, head) -> None:
        for child in head:
            role = _local(child)
            if role == "hedline":
                for line in child:
                    kind = {"hl1": "headline", "hl2": "subheadline"}.get(_local(line))
                    if kind:
                        self.add(kind, line)
            elif role == "byline":
                self.add("byline", child)
            elif role == "abstract":
                for p in child.iter():
                    if _local(p) == "p":
                        self.add("subheadline", p)
            elif role == "dateline":
                self.dateline = self.dateline_text(child)

    # --- body.content ---
    def content(self, content) -> None:
        for child in content:
            if _local(child) == "block":
                for item in child:
                    self.block_item(item)
            else:
                self.block_item(child)

    def block_item(self, item) -> None:
        role = _local(item)
        if not _nitf(item):
            return
        if role == "dateline":
            self.dateline = self.dateline_text(item)
        elif role == "hl2":
            self.add("heading", item)
        elif role == "p":
            aside = item.get("class") == "aside" or _cd(item, "aside")
            if aside:
                self.add("aside", item, subkind=_cd(item, "aside") or "other")
            else:
                self.paragraph(item)
        elif role == "media":
            for caption in item.iter():
                if _local(caption) == "media-caption":
                    self.add("aside", caption, subkind="caption")
        elif role in ("byline", "tobject", "key-list", "classifier", "copyrite", "datasource"):
            return  # block metadata, not story text
        elif any(_local(c) in _BLOCKISH for c in item):
            for child in item:
                self.block_item(child)
        else:  # li, pre, table cells, a block quote's text: one paragraph each
            self.paragraph(item)

    def paragraph(self, element) -> None:
        text, spans = self.inline(element)
        if self.dateline is not None and text.strip():
            dateline_text, dateline_spans = self.dateline
            self.dateline = None
            if dateline_text.strip():
                joiner = "" if self.ours or text[:1].isspace() else " "  # ours: the lede's own text follows
                shift = len(dateline_text) + len(joiner)
                spans = dateline_spans + [Span(s.start + shift, s.end + shift, s.tag, s.attrs) for s in spans]
                text = dateline_text + joiner + text
        self.out.append(self.language(Block("paragraph", text, spans), element))

    # --- body.end ---
    def end(self, end) -> None:
        for child in end:
            if _local(child) == "tagline":
                self.tagline(child)
            elif _local(child) == "bibliography":
                self.add("credit", child, subkind="other")

    def tagline(self, tagline) -> None:
        credits = [c for c in tagline if _local(c) == "credit" and _is_ours(c)]
        if credits:
            for credit in credits:
                self.add("credit", credit, subkind=credit.get("kind") or "other")
            return
        text, _ = self.inline(tagline, breaks="\n")
        for line in text.split("\n"):
            if line.strip():
                self.out.append(self.language(Block("credit", line, subkind=None), tagline))

    # --- text ---
    def add(self, kind: str, element, subkind: str | None = None) -> None:
        text, _ = self.inline(element)
        self.out.append(self.language(Block(kind, text, subkind=subkind), element))

    def language(self, block: Block, element) -> Block:
        if self.ours:
            block.lang, block.dir = element.get(names.XML_LANG), _cd(element, "dir")
        return block

    def inline(self, element, breaks: str = " ") -> tuple[str, list[Span]]:
        """Mixed content → (text, spans): q → quote; copydesk's own inline elements → themselves;
        other enriched text (em, person, org, a, …) → its text."""
        parts, spans = [], []
        length = [0]

        def add(text):
            if text:
                parts.append(text)
                length[0] += len(text)

        def walk(node):
            if _local(node) in _CELLS and length[0]:
                add(" ")  # table cells of one row are words apart
            start = length[0]
            if _local(node) == "br":
                add(breaks)
            add(node.text)
            for child in node:
                if isinstance(child.tag, str):
                    walk(child)
                add(child.tail)
            tag, attrs = self.inline_tag(node)
            if tag and length[0] > start:
                spans.append(Span(start, length[0], tag, attrs))

        add(element.text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            add(child.tail)
        return "".join(parts), spans

    def inline_tag(self, node):
        local = _local(node)
        if _nitf(node) and local in _INLINE:
            attribution = _cd(node, "attribution") if self.ours else None
            return _INLINE[local], (("attribution", attribution),) if attribution else ()
        if self.ours and _is_ours(node) and local in _OURS_INLINE:
            identifier = node.get("id")
            return _OURS_INLINE[local], (("id", identifier),) if identifier else ()
        return None, ()

    def dateline_text(self, dateline) -> tuple[str, list[Span]]:
        parts, spans, cursor = [dateline.text or ""], [], len(dateline.text or "")
        for child in dateline:
            text = "".join(child.itertext())
            tag = _DATELINE_PARTS.get(_local(child))
            if tag and text:
                spans.append(Span(cursor, cursor + len(text), tag))
            parts += [text, child.tail or ""]
            cursor += len(text) + len(child.tail or "")
        text = "".join(parts)
        agency = _cd(dateline, "agency")
        if agency and agency in text:
            start = _free_position(text, agency, spans)
            if start is not None:
                spans.append(Span(start, start + len(agency), names.AGENCY))
        if not text.strip():
            return text, []
        lead = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return text, [Span(lead, end, names.DATELINE)] + spans


def _free_position(text: str, needle: str, spans) -> int | None:
    """Where needle occurs in text outside the given spans."""
    for match in re.finditer(re.escape(needle), text):
        if not any(s.start < match.end() and match.start() < s.end for s in spans):
            return match.start()
    return None
