"""The copydesk command line: each command parses options, calls the library, reports errors in one line."""

import errno
import logging
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

import typer

from convert import typer_light
from convert.errors import CopydeskError, UsageError
from convert.limits import parse_size
from convert.version import __version__
from convert.writers import WRITERS, WriteOptions

# The reader, the schema and the pipeline are imported inside the commands that use them (and the
# writers' libraries only by the writers): `copydesk --version` loads none of them, `parse` no writer.
typer_light.install()  # plain option values checked without pydantic (~100 ms of start-up)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn plain-text wire copy into validated article XML, and into right-to-left DOCX, PDF and HTML.",
)

EXIT_OK, EXIT_FAILED = 0, 1
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EPIPE, errno.EIO}
CREATED_HELP = "Creation time for meta/created (ISO 8601); default: SOURCE_DATE_EPOCH if set, else none."
MAX_SIZE_HELP = "Refuse inputs larger than this, e.g. 200MB (default: COPYDESK_MAX_SIZE, else 50MB)."


def _usage(check):
    """A typer callback that turns the library's UsageError for an option's value into click's usage error (exit 2)."""
    def callback(value):
        try:
            return None if value is None else check(value)
        except UsageError as err:
            raise typer.BadParameter(str(err)) from None
    return callback


def text_encoding(value: str) -> str:
    """--encoding checked by the reader's decoder (imported when the option is given)."""
    from convert.readers.text.decode import text_encoding as check

    return check(value)


def _formats(value: str) -> str:
    if not [f for f in value.split(",") if f.strip()]:
        raise UsageError(f"--to {value!r}: name at least one format: {', '.join(WRITERS)}")
    return value


def _fail(message: str) -> None:
    typer.echo(f"copydesk: error: {message}", err=True)
    raise typer.Exit(EXIT_FAILED)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each step of reading and writing to stderr."),
) -> None:
    """copydesk: wire copy → article XML → HTML, DOCX, PDF."""
    if verbose:
        logging.basicConfig(level=logging.DEBUG, format="copydesk: %(name)s: %(message)s")
        logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its debug output is per glyph run
        logging.getLogger("fontTools").setLevel(logging.WARNING)
    else:
        _warnings_to_stderr()


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (a test runner swaps it)."""

    stream = property(lambda self: sys.stderr, lambda self, value: None)


def _warnings_to_stderr() -> None:
    """The library's warnings (e.g. bytes left out of a text) as 'copydesk: warning: …' lines."""
    library = logging.getLogger("convert")
    if not any(isinstance(h, _Stderr) for h in library.handlers):
        handler = _Stderr()
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("copydesk: warning: %(message)s"))
        library.addHandler(handler)


def _read_options(name, encoding, lang, title, created=None, max_size=None):
    from convert.readers.text import ReadOptions

    return ReadOptions(name=name, encoding=encoding, lang=lang, title=title, created=_timestamp(created),
                       max_size=max_size)


def _timestamp(value: str | None) -> str | None:
    """--created as an ISO 8601 UTC timestamp (the XML's meta/created), or a clear error."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CopydeskError(f"--created {value!r} is not an ISO 8601 date or time, e.g. 2024-05-01T10:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _note_derived_title(tree, name: str) -> None:
    from convert.document import names

    headline = tree.getroot().find(f"{names.HEAD}/{names.HEADLINE}")
    if headline is not None and headline.get("derived") == "true":
        typer.echo(f"copydesk: note: {name} has no headline; derived a title for metadata "
                   f"(pass --title to set one): {headline.text}", err=True)


@app.command()
def parse(
    source: str = typer.Argument(..., metavar="IN", help="A text file, or - for standard input."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the XML here instead of standard output."),
    encoding: Optional[str] = typer.Option(None, "--encoding", callback=_usage(text_encoding),
                                           help="The input's encoding (default: detect)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="The article's language, e.g. ar, fa, ur, he, en (default: detect)."),
    title: Optional[str] = typer.Option(None, "--title", help="The headline, for a text that has none."),
    created: Optional[str] = typer.Option(None, "--created", help=CREATED_HELP),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    max_size: Optional[str] = typer.Option(None, "--max-size", callback=_usage(parse_size), help=MAX_SIZE_HELP),
) -> None:
    """Read a plain-text article and print its article XML.

    Example: copydesk parse story.txt -o story.xml
    """
    from convert.document import serialize
    from convert.pipeline import atomic_write, load_article, read_input

    try:
        if output and output.exists() and not force:
            raise CopydeskError(f"{output} exists; pass --force to overwrite it")
        tree = load_article(read_input(source, max_size), _read_options(source, encoding, lang, title, created, max_size))
        _note_derived_title(tree, source)
        data = serialize(tree)
        if output:
            atomic_write(output, data)
        else:
            write_stdout(data)
    except CopydeskError as err:
        _fail(str(err))


@app.command()
def validate(
    files: List[str] = typer.Argument(..., metavar="FILE...", help="Article XML files; - reads standard input."),
    max_size: Optional[str] = typer.Option(None, "--max-size", callback=_usage(parse_size), help=MAX_SIZE_HELP),
) -> None:
    """Check article XML files against the schema; exit 0 when all are valid, 1 otherwise.

    Example: copydesk parse story.txt | copydesk validate -
    """
    from convert.document import parse_xml, problems
    from convert.pipeline import read_input

    invalid = 0
    for name in files:
        try:
            found = problems(parse_xml(read_input(name, max_size), name))
        except CopydeskError as err:
            found = [str(err).removeprefix(f"{name}:")]
        for problem in found:
            typer.echo(f"{name}:{problem}", err=True)
        invalid += bool(found)
        if not found:
            typer.echo(f"{name}: valid")
    raise typer.Exit(EXIT_FAILED if invalid else EXIT_OK)


@app.command()
def convert(
    sources: List[str] = typer.Argument(..., metavar="IN...", help="Text files (.txt) or article XML files (.xml)."),
    out_dir: str = typer.Option(..., "-o", "--output-dir", help="Directory (or fsspec URL) for the outputs (created if missing)."),
    to: str = typer.Option("xml", "--to", callback=_usage(_formats), help=f"Comma-separated formats: {', '.join(WRITERS)}."),
    encoding: Optional[str] = typer.Option(None, "--encoding", callback=_usage(text_encoding),
                                           help="The inputs' encoding (default: detect)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="The articles' language (default: detect)."),
    title: Optional[str] = typer.Option(None, "--title", help="The headline, for a text that has none."),
    created: Optional[str] = typer.Option(None, "--created", help=CREATED_HELP),
    css: Optional[Path] = typer.Option(None, "--css", help="HTML: a stylesheet instead of ours; PDF: added to the print stylesheet."),
    fragment: bool = typer.Option(False, "--fragment", help="HTML: emit only the <article> element."),
    page_size: Optional[str] = typer.Option(None, "--page-size", help="DOCX/PDF: A4, Letter, A5, … (default: the house style's, A4)."),
    font: Optional[str] = typer.Option(None, "--font", help="DOCX/PDF: the body face: an installed family or a .ttf/.otf file."),
    house_style: Optional[Path] = typer.Option(None, "--house-style", help="DOCX/PDF: a house-style TOML file (fonts, sizes, page, colours, print CSS, reference DOCX)."),
    reference_doc: Optional[Path] = typer.Option(None, "--reference-doc", help="DOCX: a .docx whose styles replace ours (as in pandoc)."),
    bleed: Optional[str] = typer.Option(None, "--bleed", help="PDF: bleed around the trim box, e.g. 3mm."),
    crop_marks: bool = typer.Option(False, "--crop-marks", help="PDF: draw crop marks in the bleed."),
    pdf_variant: Optional[str] = typer.Option(None, "--pdf-variant", help="PDF: pdf/a-3b, pdf/ua-1, …"),
    proof: bool = typer.Option(False, "--proof", help="HTML/DOCX/PDF: show attributions, cues, sources and quotes, for an editor checking them."),
    force: bool = typer.Option(False, "--force", help="Overwrite outputs that exist."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Convert in this many processes at once."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", envvar="COPYDESK_SCHEDULER",
                                            help="Run the batch on a Dask cluster: tcp://HOST:8786, or local:N "
                                                 "to start N local workers (env COPYDESK_SCHEDULER)."),
    max_size: Optional[str] = typer.Option(None, "--max-size", callback=_usage(parse_size), help=MAX_SIZE_HELP),
) -> None:
    """Convert articles into DIR/<stem>.<ext> for each format.

    Example: copydesk convert examples/*.txt -o out --to xml,html,docx,pdf
    """
    from convert.pipeline import convert_files

    formats = [f.strip().lower() for f in to.split(",") if f.strip()]
    write_options = WriteOptions(css=str(css) if css else None, fragment=fragment, page_size=page_size,
                                 font=font, bleed=bleed, crop_marks=crop_marks, pdf_variant=pdf_variant,
                                 proof=proof, house_style=str(house_style) if house_style else None,
                                 reference_doc=str(reference_doc) if reference_doc else None)
    try:
        read_options = _read_options("-", encoding, lang, title, created, max_size)
    except CopydeskError as err:
        _fail(str(err))
    try:
        results = convert_files(sources, out_dir, formats, read_options, write_options, force, jobs, scheduler)
    except CopydeskError as err:
        _fail(str(err))
    failed = 0
    try:
        for _source, written, error in results:
            if error:
                typer.echo(f"copydesk: error: {error}", err=True)
                failed += 1
            else:
                typer.echo(" ".join(str(p) for p in written))
    except CopydeskError as err:
        _fail(str(err))
    if len(sources) > 1:
        typer.echo(f"copydesk: converted {len(sources) - failed} of {len(sources)} inputs"
                   + (f"; {failed} failed (see above)" if failed else ""), err=True)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@app.command()
def schema(
    show: bool = typer.Option(False, "--show", help="Print the schema itself instead of its path."),
) -> None:
    """Print the path of the article schema (XSD) shipped with copydesk.

    Example: copydesk schema --show > article-1.xsd
    """
    from convert.document import schema_path

    path = schema_path()
    if show:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    else:
        typer.echo(str(path))


def write_stdout(data: bytes) -> None:
    """Standard output that cannot take the data (a full disk, /dev/full, a closed pipe) is a user's error."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as err:
        _detach_stdout()
        raise CopydeskError(f"cannot write to standard output ({err.strerror or err}); "
                            f"write to a file with -o instead") from None


def _detach_stdout() -> None:
    """Point stdout at /dev/null so that Python's flush at exit does not fail a second time."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (e.g. a test runner's buffer)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def main() -> None:
    try:
        try:
            app(prog_name="copydesk")
        finally:
            sys.stdout.flush()  # e.g. 'name: valid' lines buffered for /dev/full
    except OSError as err:
        if err.errno not in OUTPUT_ERRNOS:
            _internal_error(err)
        _detach_stdout()  # only standard output is written without catching these (files: atomic_write)
        typer.echo(f"copydesk: error: cannot write to standard output ({err.strerror})", err=True)
        sys.exit(EXIT_FAILED)
    except Exception as err:  # a bug of ours: still one line, never a traceback
        _internal_error(err)


def _internal_error(err: Exception) -> None:
    typer.echo(f"copydesk: internal error: {err.__class__.__name__}: {str(err).splitlines()[0] if str(err) else ''}"
               f" (please report it with the input file)", err=True)
    sys.exit(EXIT_FAILED)
