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
    size: str | None = None  # a house style [sizes] key
    bold: bool = False
    italic: bool = False
    colour: str | None = None  # a house style [colours] key
    keep_with_next: bool = False
    justify: bool = False
    start: bool = False  # aligned at the start side, whatever Normal says (headlines are never justified)
    base: str | None = None
    proof_shading: str | None = None  # shown only under --proof
    proof_colour: str | None = None


PARAGRAPH_STYLES = {
    "headline": Style("Title", size="headline", bold=True, colour="headline", keep_with_next=True, start=True),
    "subheadline": Style("Subtitle", size="subheadline", keep_with_next=True, start=True),
    "byline": Style("Byline", size="byline", italic=True, colour="byline", base="Normal", start=True),
    "heading": Style("Heading 1", size="heading", bold=True, colour="headline", keep_with_next=True, start=True),
    "paragraph": Style("Normal", size="body", colour="text", justify=True),
    "aside": Style("Aside", size="small", colour="aside", base="Normal", start=True),
    "credit": Style("End Credit", size="small", italic=True, colour="credit", base="Normal", start=True),
    "footer": Style("Footer", size="small"),
}
# An aside's or a credit's kind travels as a style based on Aside / End Credit ("Aside Related"):
# it looks the same, survives Word and LibreOffice, and the DOCX reader reads the kind back.
ASIDE_KINDS = ("caption", "promo", "related", "continued")
CREDIT_KINDS = ("agency", "reporting", "marker", "copyright")
for _role, _kinds in (("aside", ASIDE_KINDS), ("credit", CREDIT_KINDS)):
    _parent = PARAGRAPH_STYLES[_role]
    for _kind in _kinds:
        PARAGRAPH_STYLES[f"{_role}:{_kind}"] = Style(f"{_parent.name} {_kind.title()}", size=_parent.size,
                                                     italic=_parent.italic, colour=_parent.colour,
                                                     base=_parent.name, start=True)
# The analysis is in the data as character styles; it shows only in a proof (--proof).
CHARACTER_STYLES = {
    "dateline": Style("Dateline", kind="character", bold=True),
    "cue": Style("Cue", kind="character", proof_shading="C9E7C1"),
    "source": Style("Source", kind="character", proof_shading="FFE98A"),
    "quote": Style("Quote Char", kind="character", proof_colour="1D3F8C"),
}
# what python-docx's template styles carry that smears or decorates a headline: letter spacing
# (breaks Arabic joining), kerning threshold, the blue rule under Title
TEMPLATE_DECORATION_RUN = ("spacing", "kern")
TEMPLATE_DECORATION_PARAGRAPH = ("pBdr",)


def install(document, direction: str, body_font: str, latin_font: str, lang: tuple[str, str | None],
            house=None, proof: bool = False, keep: frozenset = frozenset()) -> None:
    """Create or adjust every style in the tables for the document's direction, fonts, language and
    house style. Styles named in keep (a reference document's) keep their look: only direction and
    the complex-script twins are added to them."""
    from convert.writers.house import HouseStyle

    house = house or HouseStyle()
    styles = document.styles
    ooxml.remove_complex_script_theme(styles.element)
    defaults = styles.element.find(ooxml.qn("w:docDefaults")).find(ooxml.qn("w:rPrDefault"))
    default_rpr = defaults.find(ooxml.qn("w:rPr"))
    if not keep:
        ooxml.set_fonts(default_rpr, latin=latin_font, complex_script=body_font)
    ooxml.set_language(default_rpr, *lang)
    for style in (*PARAGRAPH_STYLES.values(), *CHARACTER_STYLES.values()):
        docx_style = _get_or_add(styles, style)
        if style.name in keep:
            _direction_only(docx_style, style, direction)
        else:
            _apply(docx_style, style, direction, body_font, latin_font, house, proof)
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


def _direction_only(docx_style, style: Style, direction: str) -> None:
    if style.kind == "paragraph" and direction == "rtl":
        ooxml.set_paragraph_bidi(ooxml.properties(docx_style.element, "pPr"))


def _apply(docx_style, style: Style, direction: str, body_font: str, latin_font: str, house, proof: bool) -> None:
    element = docx_style.element
    rpr = ooxml.properties(element, "rPr")
    ooxml.remove_children(rpr, *TEMPLATE_DECORATION_RUN)
    if style.kind == "paragraph":
        ppr = ooxml.properties(element, "pPr")
        ooxml.remove_children(ppr, *TEMPLATE_DECORATION_PARAGRAPH)
        if direction == "rtl":
            ooxml.set_paragraph_bidi(ppr)
        if style.keep_with_next:
            ooxml.set_keep_with_next(ppr)
        if style.justify:
            ooxml.set_justification(ppr, "both")
        if style.start:  # in a bidi paragraph jc=left is its start side (DESIGN.md, item 7)
            ooxml.set_justification(ppr, "left")
        ooxml.set_fonts(rpr, latin=latin_font, complex_script=body_font)
    if style.size:
        ooxml.set_size(rpr, round(getattr(house.sizes, style.size) * 2))
    if style.bold:
        ooxml.set_bold(rpr)
    if style.italic and direction == "ltr":  # right-to-left scripts have no italic tradition
        ooxml.set_italic(rpr)
    else:
        ooxml.clear_italic(rpr)
    if style.colour:
        ooxml.set_plain_colour(rpr, getattr(house.colours, style.colour).lstrip("#").upper())
    if style.proof_shading or style.proof_colour:  # the template's own look for these (Quote Char: blue italics)
        ooxml.remove_children(rpr, "color", "shd", "highlight", "u", "i", "iCs")
    if proof and style.proof_shading:
        ooxml.set_shading(rpr, style.proof_shading)
    if proof and style.proof_colour:
        ooxml.set_plain_colour(rpr, style.proof_colour)
