"""The DOCX styles, as data: one table of paragraph and character styles, applied to a document.

Built-in Word names where Word has them (Title, Heading 1, Normal, Footer), so the navigation
pane, tables of contents and an editor's restyling work as usual.
"""

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE

from convert.writers.docx import ooxml


@dataclass(frozen=True)
class Style:
    name: str
    kind: str = "paragraph"  # or "character"
    size: int | None = None  # half-points
    bold: bool = False
    italic: bool = False
    color: str | None = None
    keep_with_next: bool = False
    justify: bool = False
    base: str | None = None


PARAGRAPH_STYLES = {
    "headline": Style("Title", size=48, bold=True, keep_with_next=True),
    "subheadline": Style("Subtitle", size=30, keep_with_next=True),
    "byline": Style("Byline", size=22, italic=True, color="555555", base="Normal"),
    "heading": Style("Heading 1", size=32, bold=True, keep_with_next=True),
    "paragraph": Style("Normal", size=26, justify=True),
    "aside": Style("Aside", size=20, color="666666", base="Normal"),
    "credit": Style("End Credit", size=20, italic=True, color="555555", base="Normal"),
    "footer": Style("Footer", size=20),
}
CHARACTER_STYLES = {
    "dateline": Style("Dateline", kind="character", bold=True),
    "cue": Style("Cue", kind="character", color="8A6D00"),
    "source": Style("Source", kind="character", bold=True),
    "quote": Style("Quote Char", kind="character", color="223A70"),
}


def install(document, direction: str, body_font: str, latin_font: str, lang: tuple[str, str | None]) -> None:
    """Create or adjust every style in the tables for the document's direction, fonts and language."""
    styles = document.styles
    ooxml.remove_complex_script_theme(styles.element)
    defaults = styles.element.find(ooxml.qn("w:docDefaults")).find(ooxml.qn("w:rPrDefault"))
    default_rpr = defaults.find(ooxml.qn("w:rPr"))
    ooxml.set_fonts(default_rpr, latin=latin_font, complex_script=body_font)
    ooxml.set_language(default_rpr, *lang)
    for style in PARAGRAPH_STYLES.values():
        _apply(_get_or_add(styles, style), style, direction, body_font, latin_font)
    for style in CHARACTER_STYLES.values():
        _apply(_get_or_add(styles, style), style, direction, body_font, latin_font)
    for element in styles.element.iter(ooxml.qn("w:rPr")):
        ooxml.complete_complex_script_pairs(element)
    if direction == "rtl":  # tables an editor adds later inherit the default table style
        ooxml.set_table_style_bidi(styles.default(WD_STYLE_TYPE.TABLE).element)


def _get_or_add(styles, style: Style):
    kind = WD_STYLE_TYPE.PARAGRAPH if style.kind == "paragraph" else WD_STYLE_TYPE.CHARACTER
    try:
        return styles[style.name]
    except KeyError:
        added = styles.add_style(style.name, kind)
        if style.base:
            added.base_style = styles[style.base]
        added.quick_style = True
        return added


def _apply(docx_style, style: Style, direction: str, body_font: str, latin_font: str) -> None:
    element = docx_style.element
    rpr = ooxml.properties(element, "rPr")
    if style.kind == "paragraph":
        ppr = ooxml.properties(element, "pPr")
        if direction == "rtl":
            ooxml.set_paragraph_bidi(ppr)
        if style.keep_with_next:
            ooxml.set_keep_with_next(ppr)
        if style.justify:
            ooxml.set_justification(ppr, "both")
        ooxml.set_fonts(rpr, latin=latin_font, complex_script=body_font)
    if style.size:
        ooxml.set_size(rpr, style.size)
    if style.bold:
        ooxml.set_bold(rpr)
    if style.italic and direction == "ltr":  # right-to-left scripts have no italic tradition
        ooxml.set_italic(rpr)
    else:
        ooxml.clear_italic(rpr)
    if style.color:
        ooxml.set_color(rpr, style.color)
