"""URLs in a document being printed → bytes, for WeasyPrint: copydesk's font files and the user's own files only.

WeasyPrint fetches every url() and @import it meets, over file:, http: and https:. A stylesheet
(or, one day, an article) must not make copydesk read /etc/passwd into a PDF or call a server,
so the fetcher allows data: URLs, font files inside the installed font packages and copydesk's own
package, and the files the user named on the command line (--css, a house style); everything else
is refused, which WeasyPrint reports as a warning and the PDF writer as an error.
"""

from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".woff", ".woff2"}
REFUSED = "copydesk fetches only its own fonts and the files you named"


@lru_cache(maxsize=1)
def font_roots() -> tuple[Path, ...]:
    """The folders our faces come from: every installed fontpkg family's files, and the package's own."""
    import fontpkg

    roots = {file.path.resolve().parent for family in fontpkg.families().values() for file in family.files}
    with resources.as_file(resources.files("convert")) as package:
        roots.add(Path(package).resolve())
    return tuple(sorted(roots))


def permitted(url: str, user_files: frozenset) -> bool:
    """True for data: URLs, our font files and the user's named files."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    if path in user_files:
        return True
    return path.suffix.lower() in FONT_SUFFIXES and any(path.is_relative_to(root) for root in font_roots())


def restricted_fetcher(weasyprint, user_files=()):
    """A WeasyPrint URL fetcher that refuses what `permitted` does not allow."""
    allowed = frozenset(Path(name).resolve() for name in user_files if name)
    base = weasyprint.urls.URLFetcher

    class Fetcher(base):
        def fetch(self, url, headers=None):
            if not permitted(url, allowed):
                raise PermissionError(f"{REFUSED}, not {url}")
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols={"file", "data"})
