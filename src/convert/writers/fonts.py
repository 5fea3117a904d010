"""Font names → font files: the faces copydesk sets text in, found the same way for DOCX and PDF.

A face is named by a family or given as a file. A family is looked for among the fonts packaged
on PyPI (fontpkg packages, and the Noto Emoji of manimgx-fonts), then among the system's fonts
(fontconfig's fc-list: Debian's fonts-noto-core has Noto Nastaliq Urdu). Nothing else is ever
used: the PDF writer gives WeasyPrint these files only, the DOCX writer embeds them.
"""

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from convert import cache
from convert.errors import OutputError

FONT_SUFFIXES = {".ttf", ".otf"}
REGULAR, BOLD = 400, 700
# fontconfig's weight scale (fc-list %{weight}): 80 regular, 200 bold
FONTCONFIG_WEIGHTS = {80: REGULAR, 100: 500, 180: 600, 200: BOLD, 205: 800, 210: 900}
# Faces shipped inside Python packages that are not fontpkg packages: family → (package, file).
PACKAGED = {
    "Noto Emoji": ("manimgx_fonts", "NotoEmoji[wght].ttf"),
}
# Faces of the default house style that come from Debian (no PyPI package has them).
DEBIAN_FACES = {name: "fonts-noto-core" for name in (
    "Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans Symbols2", "Noto Sans Symbols", "Noto Sans Math")}


@dataclass(frozen=True)
class Face:
    """One family: its real name and the upright regular and bold files (bold may be the same file)."""

    family: str
    regular: Path | None  # None: a family only named (DOCX), not installed here
    bold: Path | None
    origin: str  # "fontpkg", "package", "system", "file" or "named"

    @property
    def files(self) -> dict[int, Path]:
        return {REGULAR: self.regular, BOLD: self.bold}

    @property
    def has_bold(self) -> bool:
        return self.bold != self.regular or is_variable(self.regular)


@lru_cache(maxsize=None)
def find(name: str, static: bool = False) -> Face:
    """The face a name or file path stands for, or a one-line error saying what to install.
    static=True prefers a system family's static files to a packaged variable font (for DOCX:
    word processors embed and set static faces best). Remembered on disk while the installed
    fonts do not change (convert.cache)."""
    path = Path(name).expanduser()
    if path.suffix.lower() in FONT_SUFFIXES or path.is_file():
        return _from_file(path)
    face = cache.remembered("face", (name, static, cache.fonts_stamp(), cache.sources_stamp("writers.fonts")),
                            lambda: _find_family(name, static), _face_json, _json_face)
    if all(path is None or path.is_file() for path in (face.regular, face.bold)):
        return face
    return _find_family(name, static)


def _face_json(face: Face) -> list:
    return [face.family, *(None if path is None else str(path) for path in (face.regular, face.bold)), face.origin]


def _json_face(stored: list) -> Face:
    family, regular, bold, origin = stored
    return Face(family, *(None if path is None else Path(path) for path in (regular, bold)), origin)


def _find_family(name: str, static: bool) -> Face:
    finders = (_from_fontpkg, _from_package, _from_system)
    if static:
        face = find(name)
        if is_variable(face.regular):
            return _from_system(name) or face
        return face
    for finder in finders:
        face = finder(name)
        if face is not None:
            return face
    raise OutputError(f"font {name!r} is neither a font file nor an installed family; {_install_hint(name)}")


def _install_hint(name: str) -> str:
    if name in DEBIAN_FACES:
        return f"install Debian's {DEBIAN_FACES[name]} (scripts/setup.sh does)"
    return (f"pip install fontpkg-{name.lower().replace(' ', '-')}, or install it as a system font "
            f"(fc-list lists those)")


def _from_file(path: Path) -> Face:
    if not path.is_file():
        raise OutputError(f"font file {path} does not exist")
    if path.suffix.lower() not in FONT_SUFFIXES:
        raise OutputError(f"{path}: not a font file (give a .ttf or .otf file)")
    resolved = path.resolve()
    return Face(family_name(resolved), resolved, resolved, "file")


def _from_fontpkg(name: str) -> Face | None:
    import fontpkg

    try:
        files = [f for f in fontpkg.family(name).files if f.style == "normal"]
    except fontpkg.FontpkgError:
        return None
    if not files:
        return None

    def pick(weight):
        exact = [f for f in files if f.weight == weight]
        return (exact or [f for f in files if f.variable] or files)[0].path

    return Face(fontpkg.family(name).name, pick(REGULAR), pick(BOLD), "fontpkg")


def _from_package(name: str) -> Face | None:
    if name not in PACKAGED:
        return None
    from importlib import resources  # only for a packaged face (its imports cost start-up)

    package, filename = PACKAGED[name]
    try:
        path = Path(str(resources.files(package) / filename))
    except ModuleNotFoundError:
        return None
    return Face(name, path, path, "package") if path.is_file() else None


def _from_system(name: str) -> Face | None:
    """An installed system family, through fontconfig (fc-list), upright files only."""
    if not shutil.which("fc-list"):
        return None
    listing = subprocess.run(["fc-list", "--format", "%{file}\t%{weight}\t%{slant}\t%{family}\t%{style}\n", name],
                             capture_output=True, text=True, timeout=30).stdout
    upright = {}
    for line in sorted(listing.splitlines()):
        file, weight, slant, families, style = (line.split("\t") + [""])[:5]
        if slant != "0" or "[" in weight or name.lower() not in (f.lower() for f in families.split(",")):
            continue
        upright.setdefault(_weight(style, int(weight)), Path(file))
    if not upright:
        return None
    regular = upright.get(REGULAR) or next(iter(upright.values()))
    return Face(name, regular, upright.get(BOLD, regular), "system")


def _weight(style: str, fontconfig_weight: int) -> int:
    """A file's weight by its style name first: some files (Noto Nastaliq Urdu Bold) declare 400."""
    words = {w.lower() for w in style.replace(",", " ").split()}
    if "bold" in words:
        return BOLD
    if words & {"regular", "book", "normal", "roman"}:
        return REGULAR
    return FONTCONFIG_WEIGHTS.get(fontconfig_weight, fontconfig_weight)


def family_name(path: Path) -> str:
    """The family name a font file gives itself (name table: typographic family, else family)."""
    return cache.remembered("family", cache.file_stamp(path), lambda: _family_name(path))


def _family_name(path: Path) -> str:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            names = font["name"]
            found = names.getDebugName(16) or names.getDebugName(1)
    except (TTLibError, OSError, KeyError) as err:
        raise OutputError(f"{path}: not a usable font file ({err.__class__.__name__})") from None
    return found or path.stem


@lru_cache(maxsize=None)
def is_variable(path: Path) -> bool:
    return cache.remembered("variable", cache.file_stamp(path), lambda: _is_variable(path))


def _is_variable(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return "fvar" in font


@lru_cache(maxsize=None)
def coverage(path: Path) -> frozenset:
    """The code points a font file has glyphs for."""
    return cache.remembered("coverage", cache.file_stamp(path), lambda: _coverage(path), sorted, frozenset)


def _coverage(path: Path) -> frozenset:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


# --- the faces one document is set in ---------------------------------------------------------------

# a sample letter of each script (language.scripts names them): a face that has it sets that script
SCRIPT_SAMPLES = {"arabic": "ب", "hebrew": "א", "latin": "a"}
SCRIPT_FONT_KEY = {"arabic": "arabic", "hebrew": "hebrew", "latin": "latin"}


def faces_for(lang: str, text: str, fonts, body: str | None = None) -> tuple[Face, ...]:
    """The body face (--font, else the house style's for the language) first; then the face of each
    other script the text uses that the body face lacks; then the fallback faces (emoji, symbols)
    that hold characters the others lack. A character no chosen face has is a one-line error."""
    from convert.readers.text.language import scripts

    chosen = [find(body or fonts.for_language(lang))]
    for script, count in scripts(text).items():
        if not _covers(chosen, SCRIPT_SAMPLES[script]):
            chosen.append(find(getattr(fonts, SCRIPT_FONT_KEY[script])))
    missing = uncovered(chosen, text)
    # the Latin face has the general punctuation (… – “) a Nastaliq or Hebrew face may lack; the
    # Naskh face the Arabic letters and presentation forms (U+FE85) Nastaliq lacks
    for name in (dict.fromkeys((fonts.latin, fonts.arabic, fonts.hebrew, *fonts.fallback)) if missing else ()):
        try:
            face = find(name)
        except OutputError:
            continue  # a fallback face that is not installed only narrows what can be printed
        if missing & coverage(face.regular):
            chosen.append(face)
            missing -= coverage(face.regular)
    if missing:
        character = min(missing)
        raise OutputError(f"the character {chr(character)!r} (U+{character:04X}) is in none of the fonts "
                          f"chosen for the PDF ({', '.join(f.family for f in chosen)}, fallbacks "
                          f"{', '.join(fonts.fallback) or 'none'}); pass --font or add a face that has it to "
                          f"the house style's [fonts] fallback")
    return tuple(dict.fromkeys(chosen))


def _covers(faces, text: str) -> bool:
    return all(any(ord(c) in coverage(f.regular) for f in faces) for c in text)


def uncovered(faces, text: str) -> set[int]:
    """The code points of text that need a glyph and that none of the faces has."""
    have = frozenset().union(*(coverage(f.regular) for f in faces))
    return {ord(c) for c in set(text) if ord(c) not in have and not _needs_no_glyph(c)}


def _needs_no_glyph(character: str) -> bool:
    """Spaces, controls, format characters (ZWJ, ZWNJ) and variation selectors: shaped away."""
    import unicodedata

    code = ord(character)
    return (unicodedata.category(character) in {"Cc", "Cf", "Zs", "Zl", "Zp"}
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0x034F)
