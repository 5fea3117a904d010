"""Article tree → print-ready PDF: the HTML writer's document with a print stylesheet, through WeasyPrint.

WeasyPrint is imported lazily and once; one FontConfiguration and one image cache serve every
document of a batch. The faces are the house style's (writers/house.py, writers/fonts.py) and no
others: WeasyPrint's fontconfig knows no system font, so output does not depend on the machine. WeasyPrint's warnings are collected and raised as errors: a PDF that lost a font
or a glyph is not print-ready.
"""

import io
import logging
import re
import sys
from contextlib import contextmanager, redirect_stdout
from functools import lru_cache

from lxml import etree
from lxml.html import tostring

from convert.document import names, queries, serialize
from convert.errors import OutputError
from convert.writers import fonts, html
from convert.writers.fetch import REFUSED, restricted_fetcher
from convert.writers.house import house_style

# page numbers in the digits readers of the language use (CSS predefined counter styles)
PAGE_DIGITS = {"ar": "arabic-indic", "fa": "persian", "ur": "persian"}
DIGITS = {"arabic-indic": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹", "decimal": "0123456789"}
DEFAULT_MARKS_BLEED = "3mm"
PDF_VARIANTS = {"pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4", "pdf/ua-1", "pdf/ua-2"}
STYLESHEETS_KEPT = 64  # parsed print stylesheets a process keeps (one per look: language, faces, page)
log = logging.getLogger(__name__)


def write(tree, options) -> bytes:
    root = tree.getroot()
    css = print_css(root, options)  # fonts are chosen (and checked) before WeasyPrint starts
    document = html_document(root, options, css="")  # the stylesheet comes parsed, below
    weasyprint, fonts, cache = _engine()
    # WeasyPrint may read this document's font files and the files the user named, nothing else
    font_files = [path for face in document_faces(root, options) for path in face.files.values() if path]
    allowed = tuple(str(name) for name in (options.css, options.house_style, *font_files) if name)
    stylesheet, sheet_warnings = _stylesheet(css, allowed)
    fetcher = restricted_fetcher(weasyprint, allowed)
    with _collected_warnings() as warnings:
        rendered = weasyprint.HTML(string=document, base_url=".", url_fetcher=fetcher).render(
            font_config=fonts, cache=cache, stylesheets=[stylesheet])
        pdf = rendered.write_pdf(**_pdf_options(tree, options, weasyprint))
    found = [*sheet_warnings, *warnings]
    if found:
        raise OutputError(explain_warning(found[0]))
    return pdf


@lru_cache(maxsize=STYLESHEETS_KEPT)
def _stylesheet(css: str, allowed: tuple):
    """A print stylesheet parsed once, its @font-face files registered once (WeasyPrint #618: a CSS
    object is preprocessed once), with the warnings its parsing gave: every document that uses it
    raises them again, so a refused URL fails each document, not only the first."""
    weasyprint, fonts, _ = _engine()
    with _collected_warnings() as warnings:
        sheet = weasyprint.CSS(string=css, base_url=".", font_config=fonts,
                               url_fetcher=restricted_fetcher(weasyprint, allowed))
    return sheet, tuple(warnings)


def explain_warning(message: str) -> str:
    """WeasyPrint's warning as one line that says what to do."""
    if REFUSED in message:
        url = message.rpartition(f"{REFUSED}, not ")[2].split()[0] if f"{REFUSED}, not " in message else "a URL"
        return (f"a stylesheet refers to {url}, which copydesk does not fetch (only its own fonts and the files "
                f"you named, such as --css); put what it needs into the stylesheet itself")
    missing = re.search(r'"(.+)" \((U\+[0-9A-F]+)\)', message)
    if ".notdef" in message and missing:
        return (f"the character {missing.group(1)!r} ({missing.group(2)}) is in none of the PDF's fonts; "
                f"pass --font with a face that has it")
    return f"WeasyPrint: {message} (the PDF would not be print-ready)"


def html_document(root, options, css: str | None = None) -> str:
    """The HTML writer's document, its screen stylesheet replaced by fonts + print CSS + page setup
    (or by `css`: write() gives WeasyPrint the print stylesheet already parsed)."""
    # no proof: fewer boxes to lay out; no headline: subheadings are the top level (nothing hidden)
    article = html.render_article(root, semantic_inline=options.proof, untitled="demote")
    page = etree.Element("html", lang=root.get(names.XML_LANG), dir=root.get("dir"))
    page.append(html.render_head(root, print_css(root, options) if css is None else css))
    body = etree.SubElement(page, "body")
    body.append(article)  # no visible headline, no running title: a derived title is never printed
    return tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", method="html")


def print_css(root, options) -> str:
    """Our print rules, then the house style's fonts, sizes, colours and page, then its print CSS,
    then --css: later rules win, so a house or user stylesheet can override anything."""
    style = house_style(options.house_style)
    digits = _page_digits(root)
    faces = document_faces(root, options)
    parts = [font_faces(faces), html.packaged_stylesheet("print.css"), house_rules(style, faces),
             page_rule(style, options, digits)]
    if options.proof:
        parts.append(html.proof_stylesheet())
    parts.append(style.print_css)
    if options.css:
        parts.append(html.stylesheet(options.css))
    return "\n".join(parts)


def _page_digits(root) -> str:
    return PAGE_DIGITS.get(root.get(names.XML_LANG).split("-")[0], "decimal")


def document_faces(root, options) -> tuple:
    """The faces this document prints with: the house style's, for the language and the text."""
    digits = _page_digits(root)
    lang = root.get(names.XML_LANG).split("-")[0]
    return fonts.faces_for(lang, printed_text(root) + DIGITS[digits], house_style(options.house_style).fonts,
                           options.font)


def printed_text(root) -> str:
    """The text the PDF prints: not meta, not a derived headline."""
    parts = []
    for child in root:
        if names.local(child.tag) == "meta":
            continue
        for element in child.iter():
            if element.get("derived") != "true":
                parts.append(element.text or "")
            if element is not child:
                parts.append(element.tail or "")
    return "".join(parts)


def page_rule(style, options, digits: str) -> str:
    size = options.page_size or style.page.size
    queries.page_size(size)  # an unknown size is refused the same way for every writer
    top, right, bottom, left = style.page.margins_mm()
    page = [f"size: {size};", f"margin: {top}mm {right}mm {bottom}mm {left}mm;"]
    # crop marks are drawn in the bleed: asking for marks without a bleed gets the usual 3 mm
    bleed = options.bleed or (DEFAULT_MARKS_BLEED if options.crop_marks else None)
    if bleed:
        if not re.fullmatch(r"\d+(?:\.\d+)?(?:mm|cm|in|pt|px)", bleed):
            raise OutputError(f"--bleed {bleed!r}: give a length such as 3mm")
        page.append(f"bleed: {bleed};")
    if options.crop_marks:
        page.append("marks: crop cross;")
    small = f"font-size: {style.sizes.small}pt; color: {style.colours.byline};"
    return (f"@page {{ {' '.join(page)} @top-center {{ {small} }} "
            f"@bottom-center {{ content: counter(page, {digits}); {small} }} }}")


def house_rules(style, faces) -> str:
    """The house style's typography as CSS: one font stack, sizes in points, colours."""
    stack = ", ".join(f'"{face.family}"' for face in faces)
    sizes, colours = style.sizes, style.colours
    return "\n".join([
        # on html, not body: page margin boxes (running title, page number) inherit from the root
        f"html {{ font-family: {stack}; font-size: {sizes.body}pt; color: {colours.text}; }}",
        f"h1.headline {{ font-size: {sizes.headline}pt; color: {colours.headline}; }}",
        f".subheadline {{ font-size: {sizes.subheadline}pt; }}",
        f".heading {{ font-size: {sizes.heading}pt; color: {colours.headline}; }}",
        f".byline {{ font-size: {sizes.byline}pt; color: {colours.byline}; }}",
        f"aside {{ font-size: {sizes.small}pt; color: {colours.aside}; }}",
        f"footer {{ font-size: {sizes.small}pt; color: {colours.credit}; }}",
    ])


@lru_cache(maxsize=None)
def font_faces(faces: tuple) -> str:
    """@font-face rules under each face's real name, so the PDF names its fonts as they are."""
    rules = []
    for face in faces:
        for weight, path in face.files.items():
            rules.append(f'@font-face {{ font-family: "{face.family}"; src: url("{path.as_uri()}"); '
                         f"font-weight: {weight}; font-style: normal; }}")
    return "\n".join(rules)


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
    """Import WeasyPrint and make its font configuration before workers are forked."""
    _engine()


@lru_cache(maxsize=1)
def _engine():
    """WeasyPrint, one FontConfiguration and one cache, created once per process.

    The FontConfiguration starts from a fontconfig file that lists no fonts at all, so the only
    faces it knows are the @font-face files copydesk chose: nothing installed on the machine (a
    CJK fallback font, DejaVu) can ever be printed, and a character outside them is an error on
    every machine alike."""
    weasyprint = _import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    font_config = _font_configuration_without_fonts(FontConfiguration)
    _remove_font_files_at_exit(font_config)

    from convert.writers import pdf_text
    pdf_text.install(weasyprint)  # a text layer that gives back each glyph's own characters
    _cache_array_types()
    return weasyprint, font_config, {}


def _font_configuration_without_fonts(FontConfiguration):
    """A FontConfiguration built from a fontconfig file that lists no fonts; the file is read once,
    in the constructor (FcInitLoadConfigAndFonts), and removed right after."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="copydesk-fontconfig-") as folder:
        config = os.path.join(folder, "fonts.conf")
        with open(config, "w", encoding="utf-8") as stream:
            stream.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                         "<fontconfig></fontconfig>\n")
        previous = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = config
        try:
            return FontConfiguration()
        finally:
            if previous is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = previous


def _remove_font_files_at_exit(font_config) -> None:
    """WeasyPrint copies each @font-face file into a folder of its own and removes it when the
    FontConfiguration is collected, which a process's last moments may skip. The process that
    made the folder removes it at exit; workers forked from it use the same folder and leave it."""
    import atexit
    import os
    import shutil

    owner = os.getpid()

    def remove() -> None:
        folder = getattr(font_config, "_folder", None)
        if os.getpid() == owner and folder:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)


def _import_weasyprint():
    """WeasyPrint, its native libraries opened by their Linux sonames.

    WeasyPrint opens each library (pango, harfbuzz, fontconfig, …) by trying a list of names; for
    each name that is not a file name, cffi calls ctypes.util.find_library, which on Linux runs
    ldconfig, gcc and ld: 22 lookups and about 50 processes, 0.3-0.6 s of every process that
    prints (WeasyPrint #1125). Every list holds the Linux soname (libpango-1.0.so.0), which
    dlopen finds by itself, so on Linux the search is skipped while WeasyPrint loads: the same
    libraries, opened without the processes. Should a library then not be found, WeasyPrint
    is imported again the usual way."""
    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        import weasyprint
        return weasyprint
    try:
        with _no_library_search(), redirect_stdout(io.StringIO()):  # its "could not import" banner
            import weasyprint
        return weasyprint
    except OSError:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint
        return weasyprint


@contextmanager
def _no_library_search():
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def _cache_array_types() -> None:
    """WeasyPrint's font subsetting asks cffi for `hb_codepoint_t[N]` with the glyph count N in the
    type's name, so cffi parses a new C type (pycparser, ~6 ms) for almost every font of every
    document: 14 % of a batch's PDF time. An open array `hb_codepoint_t[]` of the same values is the
    same memory, and its type is parsed once."""
    from weasyprint.pdf import fonts as pdf_fonts

    if not isinstance(pdf_fonts.ffi, _OpenArrays):
        pdf_fonts.ffi = _OpenArrays(pdf_fonts.ffi)


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
