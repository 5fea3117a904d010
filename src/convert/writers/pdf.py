"""Article tree → print-ready PDF: the HTML writer's document with a print stylesheet, through WeasyPrint.

WeasyPrint is imported lazily and once; one FontConfiguration and one image cache serve every
document of a batch, and each distinct print stylesheet (fonts + print.css + page setup) is parsed
once, its @font-face fonts registered once (WeasyPrint #618: a CSS object is preprocessed once). Fonts come from PyPI packages (fontpkg), so output does not depend on the
machine's fonts. WeasyPrint's warnings are collected and raised as errors: a PDF that lost a font
or a glyph is not print-ready.
"""

import logging
import re
from functools import lru_cache

from lxml import etree
from lxml.html import tostring

from convert.document import names, serialize
from convert.errors import OutputError
from convert.readers.text.language import scripts
from convert.writers import html

# The body face for each script, from PyPI. Amiri's text layer extracts correctly (DESIGN.md: Noto
# Sans Arabic's does not, WeasyPrint #2841), so Arabic-script headings use it too.
FACES = {
    "arabic": ("Amiri", (400, 700)),
    "hebrew": ("Frank Ruhl Libre", (400, 700)),
    "latin": ("Noto Serif", (400, 700)),
}
SCRIPT_OF_LANGUAGE = {"ar": "arabic", "fa": "arabic", "ur": "arabic", "ps": "arabic", "he": "hebrew", "yi": "hebrew"}
# page numbers in the digits readers of the language use (CSS predefined counter styles)
PAGE_DIGITS = {"ar": "arabic-indic", "fa": "persian", "ur": "persian"}
DEFAULT_MARKS_BLEED = "3mm"
PAGE_SIZES = {"A4", "A5", "A3", "B5", "LETTER", "LEGAL"}
PDF_VARIANTS = {"pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4", "pdf/ua-1", "pdf/ua-2"}
STYLESHEETS_KEPT = 64  # parsed print stylesheets a process keeps (one per look: language, fonts, page)
log = logging.getLogger(__name__)


def write(tree, options) -> bytes:
    weasyprint, fonts, cache = _engine()
    root = tree.getroot()
    css = print_css(root, options)
    document = html_document(root, options, css="")  # the stylesheet comes parsed, below
    with _collected_warnings() as warnings:
        stylesheet = _stylesheet(css)
        rendered = weasyprint.HTML(string=document, base_url=".").render(
            font_config=fonts, cache=cache, stylesheets=[stylesheet])
        pdf = rendered.write_pdf(**_pdf_options(tree, options, weasyprint))
    if warnings:
        raise OutputError(explain_warning(warnings[0]))
    return pdf


def explain_warning(message: str) -> str:
    """WeasyPrint's warning as one line that says what to do."""
    missing = re.search(r'"(.+)" \((U\+[0-9A-F]+)\)', message)
    if ".notdef" in message and missing:
        return (f"the character {missing.group(1)!r} ({missing.group(2)}) is in none of the PDF's fonts; "
                f"pass --font with a fontpkg family that has it (pip install fontpkg-<family>)")
    return f"WeasyPrint: {message} (the PDF would not be print-ready)"


def html_document(root, options, css: str | None = None) -> str:
    """The HTML writer's document, its screen stylesheet replaced by fonts + print CSS + page setup
    (or by `css`: write() passes the print stylesheet to WeasyPrint already parsed)."""
    article = html.render_article(root, semantic_inline=False)  # print does not style them; layout is faster
    page = etree.Element("html", lang=root.get(names.XML_LANG), dir=root.get("dir"))
    page.append(html.render_head(root, print_css(root, options) if css is None else css))
    body = etree.SubElement(page, "body")
    body.append(article)  # no visible headline, no running title: a derived title is never printed
    return tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", method="html")


def print_css(root, options) -> str:
    if options.page_size.upper() not in PAGE_SIZES:
        raise OutputError(f"unknown page size {options.page_size!r}; choose from {', '.join(sorted(PAGE_SIZES))}")
    lang = root.get(names.XML_LANG).split("-")[0]
    digits = PAGE_DIGITS.get(lang, "decimal")
    page = [f"size: {options.page_size};"]
    # crop marks are drawn in the bleed: asking for marks without a bleed gets the usual 3 mm
    bleed = options.bleed or (DEFAULT_MARKS_BLEED if options.crop_marks else None)
    if bleed:
        if not re.fullmatch(r"\d+(?:\.\d+)?(?:mm|cm|in|pt|px)", bleed):
            raise OutputError(f"--bleed {bleed!r}: give a length such as 3mm")
        page.append(f"bleed: {bleed};")
    if options.crop_marks:
        page.append("marks: crop cross;")
    rules = html.packaged_stylesheet("print.css")
    faces = faces_for(lang, "".join(root.itertext()), options.font)
    return "\n".join([font_faces(faces), rules,
                      f"@page {{ {' '.join(page)} @bottom-center {{ content: counter(page, {digits}); }} }}"])


def faces_for(lang: str, text: str, font: str | None) -> tuple:
    """The body face for the language first, then a face for each other script the text uses.
    Each @font-face costs WeasyPrint time per document, so unused faces are left out."""
    body = font or FACES[SCRIPT_OF_LANGUAGE.get(lang, "latin")][0]
    used = scripts(text)
    others = [family for script, (family, _) in FACES.items() if used.get(script) and family != body]
    if body == FACES["arabic"][0] and "latin" in used:  # Amiri has Latin letters of its own
        others = [f for f in others if f != FACES["latin"][0]]
    return (body, *others)


@lru_cache(maxsize=None)
def font_faces(families: tuple) -> str:
    """@font-face rules: 'copydesk-body' is the first family, backed by the others in order."""
    import fontpkg

    rules = []
    for family in families:
        try:
            files = fontpkg.family(family).files
        except Exception:
            raise OutputError(f"font {family!r} is not installed as a fontpkg package; "
                              f"pip install fontpkg-{family.lower().replace(' ', '-')}") from None
        for weight in (400, 700):
            path = _file_for(files, weight)
            rules.append(f'@font-face {{ font-family: "copydesk-body"; src: url("{path.as_uri()}"); '
                         f"font-weight: {weight}; font-style: normal; }}")
    return "\n".join(rules)


def _file_for(files, weight: int):
    upright = [f for f in files if f.style == "normal"]
    exact = [f for f in upright if f.weight == weight]
    return (exact or [f for f in upright if f.variable] or upright)[0].path


def _pdf_options(tree, options, weasyprint) -> dict:
    found = {"uncompressed_pdf": False}
    variant = (options.pdf_variant or "").lower() or None
    if variant:
        if variant not in PDF_VARIANTS:
            raise OutputError(f"unknown --pdf-variant {options.pdf_variant!r}; choose from {', '.join(sorted(PDF_VARIANTS))}")
        found["pdf_variant"] = variant
    if variant and variant.startswith("pdf/a-3"):
        source = weasyprint.Attachment(string=serialize(tree), base_url=".", name="article.xml",
                                       description="The article XML this PDF was made from",
                                       relationship="Source")
        found["attachments"] = [source]
    if variant and variant.startswith("pdf/ua"):
        found["pdf_tags"] = True
    return found


def prepare() -> None:
    """Import WeasyPrint and make its font configuration (0.3 s) before workers are forked."""
    _engine()


@lru_cache(maxsize=STYLESHEETS_KEPT)
def _stylesheet(css: str):
    """A print stylesheet parsed once, its fonts added to the process's FontConfiguration once."""
    weasyprint, fonts, _ = _engine()
    return weasyprint.CSS(string=css, base_url=".", font_config=fonts)


@lru_cache(maxsize=1)
def _engine():
    """WeasyPrint, one FontConfiguration and one cache, created once per process."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    _cache_array_types()
    return weasyprint, FontConfiguration(), {}


def _cache_array_types() -> None:
    """WeasyPrint's font subsetting asks cffi for `hb_codepoint_t[N]` with the glyph count N in the
    type's name, so cffi parses a new C type (pycparser, ~6 ms) for almost every font of every
    document: 14 % of a batch's PDF time. An open array `hb_codepoint_t[]` of the same values is the
    same memory, and its type is parsed once."""
    from weasyprint.pdf import fonts

    fonts.ffi = _OpenArrays(fonts.ffi)


class _OpenArrays:
    """cffi's FFI, with new('T[N]', values) made as new('T[]', values)."""

    def __init__(self, ffi):
        self._ffi = ffi

    def new(self, cdecl, init=None):
        sized = re.fullmatch(r"(\w+)\[(\d+)\]", cdecl) if isinstance(cdecl, str) else None
        if sized and init is not None and len(init) == int(sized.group(2)):
            return self._ffi.new(f"{sized.group(1)}[]", init)
        return self._ffi.new(cdecl, init)

    def __getattr__(self, name):
        return getattr(self._ffi, name)


class _WarningList(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class _collected_warnings:
    """Collect WeasyPrint's warnings (silent otherwise) for the duration of one document."""

    def __enter__(self):
        self.handler = _WarningList()
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self.handler.messages

    def __exit__(self, *exc):
        logging.getLogger("weasyprint").removeHandler(self.handler)
        return False
