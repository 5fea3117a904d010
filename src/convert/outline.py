"""An article tree → its structure as an editor checks it: an indented outline of short lines."""

import re

from convert.document import names

WIDTH = 72  # characters of an element's text shown before it is cut with "…"


def outline(tree, name: str) -> list[str]:
    """Headline, bylines, dateline, sections (paragraphs, asides, attributions) and end credits."""
    root = tree.getroot()
    body = root.find(names.BODY)
    lines = [_summary(root, body, name), *_head(root), f"dateline: {_dateline(body)}"]
    for number, section in enumerate(body.iter(names.SECTION), 1):
        lines.extend(_section(section, number))
    credits = root.findall(f"{names.END}/{names.CREDIT}")
    lines.append(f"end: {len(credits)} credit{'s' if len(credits) != 1 else ''}")
    lines.extend(f"  credit ({c.get('kind', 'other')}): {_text(c)}" for c in credits)
    return lines


def _summary(root, body, name: str) -> str:
    counts = [(len(body.findall(names.SECTION)), "section"), (sum(1 for _ in body.iter(names.P)), "paragraph"),
              (sum(1 for _ in body.iter(names.ASIDE)), "aside"), (len(root.findall(f"{names.END}/{names.CREDIT}")), "credit"),
              (sum(1 for _ in body.iter(names.ATTRIBUTION)), "attribution"), (sum(1 for _ in body.iter(names.QUOTE)), "quote")]
    described = ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts)
    return f"{name}: {root.get(names.XML_LANG)}, {root.get('dir')}; {described}"


def _head(root) -> list[str]:
    head = root.find(names.HEAD)
    headline = head.find(names.HEADLINE) if head is not None else None
    if headline is None:
        lines = ["headline: (none)"]
    elif headline.get("derived") == "true":
        lines = [f"headline: (none in the text; derived for metadata) {_text(headline)}"]
    else:
        lines = [f"headline: {_text(headline)}"]
    lines += [f"subheadline: {_text(e)}" for e in (head.iter(names.SUBHEADLINE) if head is not None else ())]
    bylines = [f"byline: {_text(e)}" for e in (head.iter(names.BYLINE) if head is not None else ())]
    return lines + (bylines or ["byline: (none)"])


def _dateline(body) -> str:
    dateline = next(body.iter(names.DATELINE), None)
    if dateline is None:
        return "(none)"
    parts = [f"{names.local(child.tag)} {_text(child)}" for child in dateline]
    return _text(dateline) + (f"  [{'; '.join(parts)}]" if parts else "")


def _section(section, number: int) -> list[str]:
    heading = section.find(names.HEADING)
    paragraphs = section.findall(names.P)
    title = f"«{_text(heading)}»" if heading is not None else "(no heading)"
    lines = [f"section {number} {title}: {len(paragraphs)} paragraph{'s' if len(paragraphs) != 1 else ''}"]
    for child in section:
        if child.tag == names.ASIDE:
            lines.append(f"  aside ({child.get('kind', 'other')}): {_text(child)}")
        for attribution in child.iter(names.ATTRIBUTION):
            cue, source = attribution.find(names.CUE), attribution.find(names.SOURCE)
            lines.append(f"  attribution: {_text(cue) if cue is not None else '?'} → {_text(source) if source is not None else '?'}")
    return lines


def _text(element) -> str:
    text = re.sub(r"\s+", " ", "".join(element.itertext())).strip()
    return text if len(text) <= WIDTH else text[:WIDTH - 1] + "…"
