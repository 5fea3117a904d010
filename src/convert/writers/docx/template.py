"""Steps 1-3 of the DOCX writer, with python-docx: the template of a look (python-docx's own, or the
reference document emptied), our styles, language and page setup, the faces embedded; and the
style id of each role. Imported only when the look is not in the cache (convert.cache): this is
the slow part of one article's first DOCX.
"""

import io
from functools import lru_cache

import docx
from docx.shared import Mm

from convert.document import queries
from convert.errors import OutputError
from convert.writers.docx import embed, ooxml, package, styles

FONT_COMPRESSION = 1  # zlib level for embedded fonts: 2.5x faster than 6, 5 % larger
# PAGE field digits: OOXML's hindiNumbers are the Arabic-Indic digits Word shows for Arabic-script
# languages (LibreOffice 7.4 reads the format but shows 1, 2, 3: measured)
PAGE_NUMBER_FORMATS = {"ar": "hindiNumbers", "fa": "hindiNumbers", "ur": "hindiNumbers"}


def build_look(*arguments) -> tuple[list, dict]:
    """The ZIP entries of the template of `arguments` (template()'s), the embedded fonts compressed
    at FONT_COMPRESSION; and the style id of each role (python-docx maps built-in names to ids)."""
    data, embedded = template(*arguments)
    document = docx.Document(io.BytesIO(data))
    table = {**styles.PARAGRAPH_STYLES, **styles.CHARACTER_STYLES}
    style_ids = {role: document.styles[style.name].style_id for role, style in table.items()}
    fonts_by_name = dict(embedded)
    entries = [(name, package.compress(name, fonts_by_name[name], FONT_COMPRESSION) if name in fonts_by_name else entry)
               for name, entry in package.read_entries(data)]
    return entries, style_ids


@lru_cache(maxsize=32)
def template(direction: str, body, latin, lang: tuple, page_size: str | None, house, proof: bool,
             language: str) -> tuple[bytes, tuple]:
    """Steps 1-3 once per look: the template (python-docx's, or the reference document) with our
    styles, language, page setup and embedded faces (their bytes apart, by ZIP entry name). A
    batch of articles reuses it."""
    document, keep = _start(house.reference_doc)  # step 1
    styles.install(document, direction, body.family, latin.family, lang, house, proof, keep)  # step 2
    ooxml.set_theme_font_language(document.settings.element, *lang)
    setup_pages(document, page_size, direction, house, language)  # step 3
    named = _font_names(document)
    embedded = embed.embed_faces(document, [face for face in dict.fromkeys((body, latin))
                                            if face.regular is not None and face.family in named])
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue(), tuple(embedded.items())


def _start(reference):
    """python-docx's template, or a reference document emptied of its text (its styles, page
    setup, headers and footers stay, as in pandoc); with the names of the styles it defines."""
    if reference is None:
        return docx.Document(), frozenset()
    try:
        document = docx.Document(str(reference))
    except Exception as err:  # python-docx raises several kinds for a file that is not a DOCX
        raise OutputError(f"--reference-doc {reference}: not a readable .docx ({err.__class__.__name__})") from None
    body = document.element.body
    for child in list(body):
        if child.tag != ooxml.qn("w:sectPr"):
            body.remove(child)
    return document, frozenset(style.name for style in document.styles)


def _font_names(document) -> set[str]:
    """The font names the styles use: a face is embedded only when something is set in it."""
    found = set()
    for fonts_element in document.styles.element.iter(ooxml.qn("w:rFonts")):
        found |= {value for key, value in fonts_element.attrib.items() if not key.endswith("Theme") and
                  not key.endswith("theme")}
    return found


def setup_pages(document, page_size: str | None, direction: str, house, language: str) -> None:
    """Page size and margins (--page-size, else the house style's; a reference document keeps its
    own unless asked), section direction, page-number digits, and a footer with the page number."""
    reference = house.reference_doc is not None
    size_name = page_size or (None if reference else house.page.size)
    size = queries.page_size(size_name) if size_name else None
    for section in document.sections:
        if size:
            section.page_width, section.page_height = Mm(size[0]), Mm(size[1])
        if not reference:
            margins = house.page.margins_mm()
            for side, value in zip(("top_margin", "right_margin", "bottom_margin", "left_margin"), margins):
                setattr(section, side, Mm(value))
        if direction == "rtl":
            ooxml.set_section_bidi(section._sectPr)
        number_format = PAGE_NUMBER_FORMATS.get(language.split("-")[0].lower())
        if number_format:
            ooxml.set_page_number_format(section._sectPr, number_format)
        if reference and any(p.text.strip() or "PAGE" in p._p.xml for p in section.footer.paragraphs):
            continue  # the reference's own footer
        footer = section.footer.paragraphs[0]
        footer.style = document.styles["Footer"]
        ooxml.set_justification(ooxml.properties(footer._p, "pPr"), "center")
        ooxml.append_page_number_field(footer._p)
