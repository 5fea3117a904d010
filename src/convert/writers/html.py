"""Article tree → one HTML5 document (or an <article> fragment): semantic, valid, direction-correct.

One handler per article element (HANDLERS); an element without a handler is an error. Runs of the
other direction inside a paragraph are isolated with <bdi>, never with bidi control characters.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree
from lxml.html import tostring

from convert.document import names, queries
from convert.errors import InputError, OutputError
from convert.limits import read_limited
from convert.writers import handler_for
from convert.writers.bidi import direction_runs


def write(tree, options) -> bytes:
    """The article as HTML5 bytes (UTF-8)."""
    root = tree.getroot()
    article = render_article(root)
    if options.fragment:
        return tostring(article, encoding="utf-8", method="html", pretty_print=True)
    document = etree.Element("html", lang=_lang(root), dir=root.get("dir"))
    css = STRUCTURAL_CSS + stylesheet(options.css) + (proof_stylesheet() if options.proof else "")
    document.append(render_head(root, css))
    etree.SubElement(document, "body").append(article)
    return tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8", method="html", pretty_print=True)


@lru_cache(maxsize=None)
def packaged_stylesheet(name: str) -> str:
    """A stylesheet shipped with copydesk (html.css, print.css), read once per process (a plain
    file of the installed package: importlib.resources would cost start-up its imports)."""
    return (Path(__file__).resolve().parent / name).read_text(encoding="utf-8")


# kept whatever stylesheet is used (--css replaces ours): the derived title is never seen
STRUCTURAL_CSS = (".derived-title { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; "
                  "overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }\n")


def proof_stylesheet() -> str:
    """The proof marks (--proof): attributions, cues, sources and quotes made visible."""
    return "\n" + packaged_stylesheet("proof.css")


def stylesheet(path: str | None) -> str:
    """The packaged stylesheet, or the user's: size-limited, UTF-8, and safe to embed in <style>."""
    if path is None:
        return packaged_stylesheet("html.css")
    try:
        css = read_limited(path, what="--css").decode("utf-8")
    except InputError as err:
        raise OutputError(str(err)) from None
    except UnicodeDecodeError as err:
        raise OutputError(f"--css {path}: the stylesheet is not UTF-8 (byte offset {err.start})") from None
    return embeddable(css, f"--css {path}")


# Inside <style> the HTML parser ends the element at the first '</style', whatever CSS thinks;
# '<!--' opens markup-declaration trouble in older parsers. Neither has a use in a stylesheet.
_BREAKOUT = re.compile(r"</style|<!--", re.IGNORECASE)


def embeddable(css: str, origin: str = "a stylesheet") -> str:
    """The CSS unchanged, or OutputError when it could end the <style> element it is embedded in."""
    found = _BREAKOUT.search(css)
    if found:
        line = css.count("\n", 0, found.start()) + 1
        raise OutputError(f"{origin}:{line}: contains {found.group()!r}, which would end the HTML <style> "
                          f"element (and let the rest be read as HTML); remove it")
    return css


# --- <head>: title, metadata for the PDF, JSON-LD ---------------------------------------------------

def render_head(root, css: str):
    head = etree.Element("head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    etree.SubElement(head, "title").text = title_of(root)
    for name, content in metadata(root).items():
        etree.SubElement(head, "meta", name=name, content=content)
    etree.SubElement(head, "style").text = "\n" + embeddable(css)
    # <, > and & as JSON escapes: no text can close the script element or open a comment in it
    ld = json.dumps(json_ld(root), ensure_ascii=False, indent=1)
    ld = ld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    etree.SubElement(head, "script", type="application/ld+json").text = "\n" + ld + "\n"
    return head


def title_of(root) -> str:
    return queries.title(root)


def metadata(root) -> dict:
    """author, description, keywords, dcterms.created: WeasyPrint copies these into the PDF."""
    found = {}
    facts = {"author": queries.author(root), "description": queries.description(root),
             "keywords": ", ".join(queries.keywords(root)), "dcterms.created": queries.created(root)}
    found.update((name, value) for name, value in facts.items() if value)
    found["generator"] = "copydesk"
    return found


def json_ld(root) -> dict:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title_of(root),
            "inLanguage": _lang(root)}
    bylines = queries.bylines(root)
    if bylines:
        data["author"] = [{"@type": "Person", "name": _strip_by(b)} for b in bylines]
    if queries.created(root):
        data["datePublished"] = queries.created(root)
    return data


def _strip_by(byline: str) -> str:
    return re.sub(r"^(?:by|بقلم|كتب|كتبت)[:\s]+", "", byline.strip(), flags=re.I)


def _lang(element) -> str:
    return element.get(names.XML_LANG)


# --- <article>: one handler per element -------------------------------------------------------------

# Inline elements that only carry meaning for editors and machines: classes in the page, invisible
# unless proof styles are asked for.
SEMANTIC_INLINE = {"attribution", "cue", "source", "quote"}


def render_article(root, semantic_inline: bool = True, untitled: str = "hidden"):
    """Always an <article> (CMSs, reader modes and search engines look for it), its h1 the headline.
    A text without one (its title only derived, for metadata) still gets an h1, so no h2 stands
    under no h1: untitled="hidden" gives the derived title as a visually hidden h1 (class
    derived-title: read by screen readers and parsers, never seen); untitled="demote" makes the
    subheadings the top level, h1 (print: nothing hidden can leak into the PDF's text, and PDF/UA
    still starts at H1). With semantic_inline=False, attributions, cues, sources and quotes are
    plain text (print without proof marks: fewer boxes to lay out)."""
    has_headline = queries.visible_headline(root) is not None
    article = etree.Element("article", {"class": "article", "lang": _lang(root), "dir": root.get("dir")})
    demote = not has_headline and untitled == "demote"
    if not has_headline and not demote:
        etree.SubElement(article, "h1", {"class": "derived-title"}).text = title_of(root)
    context = {"dir": root.get("dir"), "semantic": semantic_inline, "heading": "h1" if demote else "h2"}
    for child in root:
        rendered = render(child, context)
        if rendered is not None:
            article.append(rendered)
    return article


def render(element, context):
    return handler_for(HANDLERS, element, "HTML")(element, context)


def _meta(element, context):
    return None


def _head(element, context):
    header = etree.Element("header")
    for child in element:
        rendered = render(child, context)
        if rendered is not None:
            header.append(rendered)
    return header if len(header) else None


def _headline(element, context):
    if element.get("derived") == "true":
        return None  # a made-up title is metadata (<title>), never visible text
    return _text_block("h1", element, context, "headline")


def _subheadline(element, context):
    return _text_block("p", element, context, "subheadline")


def _byline(element, context):
    return _text_block("p", element, context, "byline")


def _body(element, context):
    body = etree.Element("div", {"class": "body"})
    for child in element:
        body.append(render(child, context))
    return body


def _section(element, context):
    has_heading = element.find(names.HEADING) is not None
    section = etree.Element("section" if has_heading else "div", {"class": "section"})
    for child in element:
        section.append(render(child, context))
    return section


def _heading(element, context):
    return _text_block(context["heading"], element, context, "heading")


def _paragraph(element, context):
    paragraph = _with_language(etree.Element("p"), element)
    _inline_content(paragraph, element, _own_context(element, context))
    return paragraph


def _aside(element, context):
    aside = _with_language(etree.Element("aside", {"class": f"aside aside-{element.get('kind')}"}), element)
    _append_isolated(aside, element.text or "", _own_context(element, context))
    return aside


def _end(element, context):
    footer = etree.Element("footer")
    for child in element:
        footer.append(render(child, context))
    return footer


def _credit(element, context):
    return _text_block("p", element, context, f"credit credit-{element.get('kind', 'other')}")


def _span(css_class):
    def handler(element, context):
        span = etree.Element("span", {"class": css_class})
        _inline_content(span, element, context)
        return span
    return handler


def _attribution(element, context):
    span = etree.Element("span", {"class": "attribution", "id": element.get("id")})
    _inline_content(span, element, context)
    return span


def _quote(element, context):
    text = "".join(element.itertext()).lstrip()
    marked = text[:1] in "\"'«“‘„‹"
    quote = etree.Element("span" if marked else "q", {"class": "quote"})
    if element.get("attribution"):
        quote.set("data-attribution", element.get("attribution"))
    _inline_content(quote, element, context)
    return quote


HANDLERS = {
    "meta": _meta, "head": _head, "headline": _headline, "subheadline": _subheadline, "byline": _byline,
    "body": _body, "section": _section, "heading": _heading, "p": _paragraph, "aside": _aside,
    "end": _end, "credit": _credit, "attribution": _attribution, "quote": _quote,
    "dateline": _span("dateline"), "location": _span("location"), "agency": _span("agency"),
    "date": _span("date"), "cue": _span("cue"), "source": _span("source"),
}


# --- text, direction and isolation ------------------------------------------------------------------

def _text_block(tag, element, context, css_class=None):
    block = _with_language(etree.Element(tag), element)
    if css_class:
        block.set("class", css_class)
    _append_isolated(block, element.text or "", _own_context(element, context))
    return block


def _with_language(html_element, element):
    if element.get(names.XML_LANG):
        html_element.set("lang", element.get(names.XML_LANG))
    if element.get("dir"):
        html_element.set("dir", element.get("dir"))
    return html_element


def _own_context(element, context):
    return {**context, "dir": element.get("dir")} if element.get("dir") else context


def _inline_content(target, element, context):
    _append_isolated(target, element.text or "", context)
    for child in element:
        if not context["semantic"] and isinstance(child.tag, str) and names.local(child.tag) in SEMANTIC_INLINE:
            _inline_content(target, child, context)
        else:
            target.append(render(child, context))
        _append_isolated(target, child.tail or "", context)


def _append_isolated(target, text: str, context) -> None:
    """Append text, wrapping each run of the other direction in <bdi>."""
    for piece, other in direction_runs(text, context["dir"]):
        if other:
            etree.SubElement(target, "bdi").text = piece
        else:
            _append_text(target, piece)


def _append_text(target, text: str) -> None:
    if not text:
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text
