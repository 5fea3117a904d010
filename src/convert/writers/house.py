"""A house-style file (TOML) → the HouseStyle the DOCX and PDF writers set type by.

One file names the fonts per script ([fonts] arabic, persian, urdu, hebrew, latin, fallback: a
family or a font file), the sizes in points ([sizes] body, headline, subheadline, heading, byline,
small), the page ([page] size, margins as 1 to 4 CSS lengths), the colours ([colours] text,
headline, byline, aside, credit: #rrggbb), extra print CSS ([print] css) and a DOCX reference
document ([docx] reference); paths are relative to the file. Every knob is optional: what a file
leaves out stays copydesk's default (HouseStyle()); examples/house-style.toml lists them all with
their defaults. Unknown sections or keys are errors, so a misspelt knob never silently does nothing.
"""

import re
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path

from convert.document import queries
from convert.errors import OutputError

PAGE_SIZES = queries.PAGE_SIZES  # one table for every writer (document/queries.py)
MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|in|pt)")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# the face each language is set in, by the [fonts] key that names it
SCRIPT_OF_LANGUAGE = {"ar": "arabic", "ps": "arabic", "sd": "arabic", "ug": "arabic", "ckb": "arabic",
                      "fa": "persian", "ur": "urdu", "he": "hebrew", "yi": "hebrew"}


@dataclass(frozen=True)
class Fonts:
    arabic: str = "Amiri"  # its text layer extracts correctly (DESIGN.md: WeasyPrint #2841)
    persian: str | None = None  # None: the arabic face
    urdu: str = "Noto Nastaliq Urdu"  # Debian's fonts-noto-core
    hebrew: str = "Frank Ruhl Libre"
    latin: str = "Noto Serif"
    fallback: tuple = ("Noto Emoji", "Noto Sans Symbols2", "Noto Sans Symbols", "Noto Sans Math")

    def for_language(self, lang: str) -> str:
        script = SCRIPT_OF_LANGUAGE.get(lang.split("-")[0].lower(), "latin")
        return (self.persian or self.arabic) if script == "persian" else getattr(self, script)


@dataclass(frozen=True)
class Sizes:
    body: float = 12.0
    headline: float = 22.0
    subheadline: float = 15.0
    heading: float = 14.0
    byline: float = 11.0
    small: float = 9.5  # asides, credits, the running title and page number


@dataclass(frozen=True)
class Page:
    size: str = "A4"
    margins: str = "22mm 20mm 24mm 20mm"

    def margins_mm(self) -> tuple[float, float, float, float]:
        """(top, right, bottom, left) in millimetres, from 1 to 4 CSS-style lengths."""
        values = [_millimetres(v) for v in self.margins.split()]
        if not 1 <= len(values) <= 4:
            raise OutputError(f"{self.margins!r}: give 1 to 4 lengths")
        top, right, bottom, left = (values * 4)[:4] if len(values) == 1 else (
            values + values[:2])[:4] if len(values) == 2 else (values + [values[1]])[:4]
        return top, right, bottom, left


@dataclass(frozen=True)
class Colours:
    text: str = "#000000"
    headline: str = "#000000"
    byline: str = "#333333"
    aside: str = "#444444"
    credit: str = "#333333"


@dataclass(frozen=True)
class HouseStyle:
    fonts: Fonts = field(default_factory=Fonts)
    sizes: Sizes = field(default_factory=Sizes)
    page: Page = field(default_factory=Page)
    colours: Colours = field(default_factory=Colours)
    print_css: str = ""  # the text of [print] css
    reference_doc: Path | None = None  # [docx] reference


SECTIONS = {"fonts": Fonts, "sizes": Sizes, "page": Page, "colours": Colours}


def house_style(path: str | None, reference_doc: str | None = None) -> HouseStyle:
    """The house style of a file (None: copydesk's own); --reference-doc overrides the file's."""
    style = load(path) if path else HouseStyle()
    if reference_doc:
        style = replace(style, reference_doc=_existing(Path(reference_doc), "--reference-doc"))
    return style


def load(path: str) -> HouseStyle:
    """Read and check a house-style file; one-line errors name the file and the knob. Read again
    when the file changes (copydesk watch keeps running while an editor changes it)."""
    from convert.cache import file_stamp

    return _load(path, file_stamp(path))


@lru_cache(maxsize=8)
def _load(path: str, stamp: tuple) -> HouseStyle:
    import tomllib  # only when a house-style file is given

    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as err:
        raise OutputError(f"--house-style {path}: cannot read it ({err.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise OutputError(f"--house-style {path}: not valid TOML ({err})") from None
    known = set(SECTIONS) | {"print", "docx"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise OutputError(f"--house-style {path}: unknown section [{unknown[0]}]; known: {', '.join(sorted(known))}")
    parts = {name: _section(path, name, kind, data.get(name, {})) for name, kind in SECTIONS.items()}
    parts["fonts"] = _font_files_beside(parts["fonts"], source.parent)
    style = HouseStyle(**parts)
    extra = _plain(path, "print", data.get("print", {}), {"css"})
    if "css" in extra:
        css = _existing(source.parent / extra["css"], f"--house-style {path}: [print] css")
        style = replace(style, print_css=css.read_text(encoding="utf-8"))
    docx = _plain(path, "docx", data.get("docx", {}), {"reference"})
    if "reference" in docx:
        style = replace(style, reference_doc=_existing(source.parent / docx["reference"],
                                                       f"--house-style {path}: [docx] reference"))
    return style


def _section(path, name, kind, values):
    allowed = {f.name: f for f in fields(kind)}
    _plain(path, name, values, set(allowed))
    checked = {}
    for key, value in values.items():
        default = getattr(kind(), key)
        if isinstance(default, tuple):
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise OutputError(f"--house-style {path}: [{name}] {key} must be a list of font names")
            value = tuple(value)
        elif isinstance(default, float):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise OutputError(f"--house-style {path}: [{name}] {key} must be a size in points, e.g. 12")
            value = float(value)
        elif not isinstance(value, str):
            raise OutputError(f"--house-style {path}: [{name}] {key} must be a string")
        checked[key] = value
    section = kind(**checked)
    _check_values(path, name, section)
    return section


def _font_files_beside(fonts: Fonts, folder: Path) -> Fonts:
    """A font file named in [fonts] is found beside the house-style file, as its other paths are."""
    def resolve(value):
        return str(folder / value) if Path(value).suffix.lower() in (".ttf", ".otf") and not Path(value).is_absolute() else value

    changed = {f.name: resolve(getattr(fonts, f.name)) for f in fields(fonts)
               if isinstance(getattr(fonts, f.name), str)}
    return replace(fonts, **changed, fallback=tuple(resolve(v) for v in fonts.fallback))


def _check_values(path, name, section) -> None:
    if isinstance(section, Colours):
        for key in (f.name for f in fields(section)):
            if not _COLOUR.fullmatch(getattr(section, key)):
                raise OutputError(f"--house-style {path}: [colours] {key} must be #rrggbb")
    if isinstance(section, Page):
        if section.size.upper() not in PAGE_SIZES:
            raise OutputError(f"--house-style {path}: [page] size {section.size!r}; choose from "
                              f"{', '.join(PAGE_SIZES)}")
        try:
            section.margins_mm()
        except OutputError:
            raise OutputError(f"--house-style {path}: [page] margins must be 1 to 4 lengths, e.g. \"20mm 18mm\"") from None


def _plain(path, name, values, allowed) -> dict:
    if not isinstance(values, dict):
        raise OutputError(f"--house-style {path}: [{name}] must be a table")
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise OutputError(f"--house-style {path}: unknown key {unknown[0]!r} in [{name}]; "
                          f"known: {', '.join(sorted(allowed))}")
    return values


def _existing(path: Path, what: str) -> Path:
    if not path.is_file():
        raise OutputError(f"{what}: {path} does not exist")
    return path.resolve()


def _millimetres(length: str) -> float:
    found = _LENGTH.fullmatch(length.strip())
    if not found:
        raise OutputError(f"{length!r} is not a length such as 20mm")
    return float(found.group(1)) * MM_PER_UNIT[found.group(2)]
