"""The copydesk command line: each command parses options, calls the library, reports errors in one line."""

import errno
import logging
import sys
import traceback
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from convert import typer_light
from convert.errors import CopydeskError, UsageError
from convert.langtags import canonical_tag
from convert.limits import parse_size
from convert.version import __version__
from convert.writers import WRITERS, WriteOptions, extension

# The reader, the schema and the pipeline are imported inside the commands that use them (and the
# writers' libraries only by the writers): `copydesk --version` loads none of them, `parse` no writer.
typer_light.install()  # plain option values checked without pydantic (~100 ms of start-up)


def _pipeline():
    import convert.pipeline

    return convert.pipeline


def _document():
    import convert.document

    return convert.document


def text_encoding(value: str) -> str:
    """--encoding checked by the reader's decoder (imported when the option is given)."""
    from convert.readers.text.decode import text_encoding as check

    return check(value)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn plain-text wire copy into validated article XML, and into right-to-left DOCX, PDF and HTML.",
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EPIPE, errno.EIO}
MAX_SIZE_HELP = "Refuse inputs larger than this, e.g. 200MB (default: COPYDESK_MAX_SIZE, else 50MB)."
CREATED_HELP = "Creation time for meta/created (ISO 8601); default: SOURCE_DATE_EPOCH if set, else none."
LANG_HELP = "The language as a BCP 47 tag: ar, fa, ur, he or en, with a region if wanted (ar-EG). Default: detect."
FORMATS = ", ".join(f"{f} (.{extension(f)})" for f in WRITERS)
_STATE = {"verbose": False}



def _usage(check):
    """A typer callback that turns the library's UsageError for an option's value into click's usage error (exit 2)."""
    def callback(value):
        try:
            return None if value is None else check(value)
        except UsageError as err:
            raise typer.BadParameter(str(err)) from None
    return callback


# The options that several commands share, declared once.
EncodingOption = Annotated[Optional[str], typer.Option("--encoding", callback=_usage(text_encoding),
                                                       help="The inputs' encoding (default: detect).")]
MaxSizeOption = Annotated[Optional[str], typer.Option("--max-size", callback=_usage(parse_size), help=MAX_SIZE_HELP)]
CssOption = Annotated[Optional[Path], typer.Option("--css", help="HTML: a stylesheet instead of ours; PDF: added to the print stylesheet.")]
FragmentOption = Annotated[bool, typer.Option("--fragment", help="HTML: emit only the <article> element.")]
PageSizeOption = Annotated[Optional[str], typer.Option("--page-size", help="DOCX/PDF: A4, Letter, A5, … (default: the house style's, A4).")]
FontOption = Annotated[Optional[str], typer.Option("--font", help="DOCX/PDF: the body face: an installed family or a .ttf/.otf file.")]
HouseStyleOption = Annotated[Optional[Path], typer.Option("--house-style", help="DOCX/PDF: a house-style TOML file (fonts, sizes, page, colours, print CSS, reference DOCX).")]
ReferenceDocOption = Annotated[Optional[Path], typer.Option("--reference-doc", help="DOCX: a .docx whose styles replace ours (as in pandoc).")]
BleedOption = Annotated[Optional[str], typer.Option("--bleed", help="PDF: bleed around the trim box, e.g. 3mm.")]
CropMarksOption = Annotated[bool, typer.Option("--crop-marks", help="PDF: draw crop marks in the bleed.")]
PdfVariantOption = Annotated[Optional[str], typer.Option("--pdf-variant", help="PDF: pdf/a-3b, pdf/ua-1, …")]
ProofOption = Annotated[bool, typer.Option("--proof", help="HTML/DOCX/PDF: show attributions, cues, sources and quotes, for an editor checking them.")]


def _write_options(css, fragment, page_size, font, house_style, reference_doc, bleed, crop_marks, pdf_variant,
                   proof) -> WriteOptions:
    return WriteOptions(css=str(css) if css else None, fragment=fragment, page_size=page_size, font=font,
                        bleed=bleed, crop_marks=crop_marks, pdf_variant=pdf_variant, proof=proof,
                        house_style=str(house_style) if house_style else None,
                        reference_doc=str(reference_doc) if reference_doc else None)


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    typer.echo(f"copydesk: error: {message}", err=True)
    raise typer.Exit(code)


def _fail_on(err: CopydeskError) -> None:
    _fail(str(err), EXIT_USAGE if isinstance(err, UsageError) else EXIT_FAILED)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each step to stderr; show the traceback of an internal error."),
) -> None:
    """copydesk: wire copy → article XML → HTML, DOCX, PDF, NITF, TEI."""
    _STATE["verbose"] = verbose
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

    lang = _lang(lang)
    return ReadOptions(name=name, encoding=encoding, lang=lang, title=title, created=_timestamp(created),
                       max_size=max_size)


def _lang(value: str | None) -> str | None:
    try:
        return canonical_tag(value) if value is not None else None
    except UsageError as err:
        raise UsageError(f"--lang {err}") from None


def _timestamp(value: str | None) -> str | None:
    """--created as an ISO 8601 UTC timestamp (the XML's meta/created), or a clear error."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--created {value!r} is not an ISO 8601 date or time, e.g. 2024-05-01T10:00:00Z") from None
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
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Write the XML here (- or none: standard output)."),
    encoding: EncodingOption = None,
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
    title: Optional[str] = typer.Option(None, "--title", help="The headline, for a text that has none."),
    created: Optional[str] = typer.Option(None, "--created", help=CREATED_HELP),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    max_size: MaxSizeOption = None,
) -> None:
    """Read a plain-text article and print its article XML.

    \b
    Examples:
      copydesk parse story.txt -o story.xml
      cat story.txt | copydesk parse - --lang fa-IR
    """
    try:
        target = None if output in (None, "-") else Path(output)
        options = _read_options(source, encoding, lang, title, created, max_size)
        if target and target.exists() and not force:
            raise CopydeskError(f"{target} exists; pass --force to overwrite it")
        tree = _pipeline().load_article(_pipeline().read_input(source, max_size), options)
        _note_derived_title(tree, source)
        data = _document().serialize(tree)
        if target:
            _pipeline().atomic_write(target, data)
        else:
            _pipeline().write_stdout(data)
    except CopydeskError as err:
        _fail_on(err)


@app.command()
def validate(
    files: List[str] = typer.Argument(..., metavar="FILE...", help="Article XML files; - reads standard input."),
    max_size: MaxSizeOption = None,
) -> None:
    """Check article XML files against the schema; exit 0 when all are valid, 1 otherwise.

    Example: copydesk parse story.txt | copydesk validate -
    """
    invalid = 0
    for name in files:
        try:
            found = _document().problems(_document().parse_xml(_pipeline().read_input(name, max_size), name))
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
    sources: List[str] = typer.Argument(..., metavar="IN...", help="Text or article XML files, folders (searched recursively), or - for standard input."),
    output: Optional[str] = typer.Option(None, "-o", "--output", "--output-dir", help="FILE (format from its extension), DIR/ or an existing folder, or - for standard output (the default for one input)."),
    to: Optional[str] = typer.Option(None, "-t", "--to", help=f"Comma-separated formats, overriding -o's extension: {FORMATS}."),
    pattern: Optional[str] = typer.Option(None, "--glob", help="In folders, convert only files matching this pattern, e.g. '*.txt'."),
    update: bool = typer.Option(False, "--update", "-u", help="Convert only inputs that changed since the last run into this folder (or whose options did)."),
    log_file: Optional[Path] = typer.Option(None, "--log", help="Append one JSON line per input (status, outputs, error, timings) to this file."),
    encoding: EncodingOption = None,
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
    title: Optional[str] = typer.Option(None, "--title", help="The headline, for one text that has none."),
    created: Optional[str] = typer.Option(None, "--created", help=CREATED_HELP),
    css: CssOption = None,
    fragment: FragmentOption = False,
    page_size: PageSizeOption = None,
    font: FontOption = None,
    house_style: HouseStyleOption = None,
    reference_doc: ReferenceDocOption = None,
    bleed: BleedOption = None,
    crop_marks: CropMarksOption = False,
    pdf_variant: PdfVariantOption = None,
    proof: ProofOption = False,
    max_size: MaxSizeOption = None,
    force: bool = typer.Option(False, "--force", help="Overwrite outputs that exist."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes for a batch (default: one per core)."),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0,
                                               help="Batches: seconds one article may take before it is stopped "
                                                    "and reported as failed (default 600 in worker processes; "
                                                    "with -j 1 only when given; 0: no limit)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", envvar="COPYDESK_SCHEDULER",
                                            help="Run the batch on a Dask cluster: tcp://HOST:8786, or local:N "
                                                 "to start N local workers (env COPYDESK_SCHEDULER)."),
) -> None:
    """Convert articles, the way pandoc does: -o FILE, -o DIR/, or standard output.

    \b
    Examples:
      copydesk convert story.txt -o story.docx
      copydesk convert story.txt -o story.nitf.xml
      copydesk convert story.txt -t html | less
      copydesk convert wire/ -o out/ --to xml,html,pdf --glob '*.txt'
      copydesk convert wire/ -o out/ --to docx --update --log run.jsonl
      copydesk convert wire/ -o s3://archive/out/ --to xml,pdf --scheduler tcp://10.0.0.1:8786
    """
    write_options = _write_options(css, fragment, page_size, font, house_style, reference_doc, bleed, crop_marks,
                                   pdf_variant, proof)
    try:
        read_options = _read_options("-", encoding, lang, title, created, max_size)
        planned, batch = _plan_jobs(sources, output, to, pattern, read_options, write_options, force)
        folder, first = planned.folder, batch[0].targets[0][1]
        if update and not isinstance(first, Path):
            raise UsageError("--update compares with outputs on this machine's disk: give -o FILE or -o DIR/")
        if folder is None and update:
            folder = first.parent  # -o FILE: the manifest lives beside it
    except CopydeskError as err:
        _fail_on(err)
    raise typer.Exit(_run(batch, jobs, folder, update, log_file, planned.mode == "folder", scheduler, time_limit))


def _plan_jobs(sources, output, to, pattern, read_options, write_options, force):
    from convert.batch import check_clashes
    from convert.batch.plan import plan

    planned = plan(sources, output, to, pattern)
    if not planned.targets:
        raise UsageError(f"no input files found in {', '.join(sources)}" + (f" matching --glob {pattern!r}" if pattern else ""))
    if read_options.title and len(planned.targets) > 1:
        raise UsageError(f"--title sets one headline, but there are {len(planned.targets)} inputs; give it one input at a time")
    batch = [_pipeline().Job(item.source, tuple(targets), replace(read_options, name=item.source), write_options, force,
                 key=_key(targets, planned.folder)) for item, targets in planned.targets]
    check_clashes(batch)
    return planned, batch


def _key(targets, folder) -> str:
    fmt, target = targets[0]
    if target is None:
        return "-"
    if isinstance(target, str):  # a URL: no manifest
        return target
    relative = target.relative_to(folder) if folder is not None else Path(target.name)
    return relative.as_posix().removesuffix("." + extension(fmt))


def _run(batch, jobs, folder, update, log_file, listed: bool, scheduler=None, time_limit: float | None = None) -> int:
    from convert.batch import convert_batch
    from convert.batch.report import Report
    from convert.batch.signals import Interrupted, exit_status, stop_on_signals

    try:
        report = Report(len(batch), log_file, echo=typer.echo if listed else None, verbose=_STATE["verbose"])
        with stop_on_signals(), report, closing(convert_batch(batch, jobs, folder, update, scheduler, time_limit)) as results:
            for result in results:
                report.add(result)
    except CopydeskError as err:  # the batch itself cannot go on (an unreachable scheduler)
        _fail_on(err)
    except (KeyboardInterrupt, Interrupted) as stop:
        typer.echo(f"copydesk: {report.summary(interrupted=True)}", err=True)
        return exit_status(stop)
    if len(batch) > 1 or report.counts["skipped"]:
        typer.echo(f"copydesk: {report.summary()}", err=True)
    return EXIT_FAILED if report.counts["failed"] else EXIT_OK


@app.command()
def watch(
    folder: Path = typer.Argument(..., metavar="IN", help="The hot folder: files that land in it (or its subfolders) are converted."),
    output: str = typer.Option(..., "-o", "--output", help="The folder for the outputs (mirroring IN's subfolders)."),
    to: Optional[str] = typer.Option(None, "-t", "--to", help=f"Comma-separated formats: {FORMATS}."),
    pattern: Optional[str] = typer.Option(None, "--glob", help="Convert only files matching this pattern, e.g. '*.txt'."),
    log_file: Optional[Path] = typer.Option(None, "--log", help="Append one JSON line per conversion to this file."),
    settle: float = typer.Option(1.0, "--settle", min=0.0, help="Seconds a file must stay unchanged before it counts as complete."),
    encoding: EncodingOption = None,
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
    created: Optional[str] = typer.Option(None, "--created", help=CREATED_HELP),
    css: CssOption = None,
    fragment: FragmentOption = False,
    page_size: PageSizeOption = None,
    font: FontOption = None,
    house_style: HouseStyleOption = None,
    reference_doc: ReferenceDocOption = None,
    bleed: BleedOption = None,
    crop_marks: CropMarksOption = False,
    pdf_variant: PdfVariantOption = None,
    proof: ProofOption = False,
    max_size: MaxSizeOption = None,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes (default 1: files arrive one by one)."),
) -> None:
    """Convert each file that lands in a folder, once it is completely written; Ctrl-C stops.

    Files already there are converted first (those unchanged since an earlier run are skipped); a
    file written again is converted again, over its old outputs. A bad file is reported and the
    watch goes on.

    \b
    Examples:
      copydesk watch incoming/ -o out/ --to xml,html,pdf
      copydesk watch feed/ -o archive/ --to xml --glob '*.txt' --log feed.jsonl
    """
    from convert.batch.plan import formats_of, in_folder
    from convert.batch.report import Report
    from convert.batch.signals import Interrupted, stop_on_signals
    from convert.batch.watch import watch_folder

    try:
        if not folder.is_dir():
            raise UsageError(f"{folder}: not a folder; copydesk watch takes the folder to watch")
        formats = formats_of(to) or ["xml"]
        read_options = _read_options("-", encoding, lang, None, created, max_size)
    except CopydeskError as err:
        _fail_on(err)
    write_options = _write_options(css, fragment, page_size, font, house_style, reference_doc, bleed, crop_marks,
                                   pdf_variant, proof)
    out = Path(output)

    def make_job(item):
        targets = tuple(in_folder(item, out, formats))
        return _pipeline().Job(item.source, targets, replace(read_options, name=item.source), write_options, force=True,
                   key=_key(targets, out))

    def ready():
        typer.echo(f"copydesk: watching {folder} → {out} ({', '.join(formats)}); Ctrl-C stops", err=True)

    try:
        report = Report(0, log_file, bar=False, echo=typer.echo, verbose=_STATE["verbose"])
        with stop_on_signals(), report:
            watch_folder(folder, out, make_job, report.add, pattern, jobs, settle, on_ready=ready)
    except CopydeskError as err:
        _fail_on(err)
    except (KeyboardInterrupt, Interrupted):
        pass  # the way a hot folder is stopped: a clean exit
    typer.echo(f"copydesk: stopped watching; {report.counts['converted']} converted, {report.counts['failed']} failed", err=True)


@app.command()
def inspect(
    source: str = typer.Argument(..., metavar="FILE", help="A text or article XML file, or - for standard input."),
    encoding: EncodingOption = None,
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
    max_size: MaxSizeOption = None,
) -> None:
    """Show an article's structure as copydesk reads it: headline, byline, dateline, sections, credits.

    \b
    Examples:
      copydesk inspect story.txt
      copydesk inspect out/story.xml | grep attribution
    """
    from convert.outline import outline

    try:
        tree = _pipeline().load_article(_pipeline().read_input(source, max_size), _read_options(source, encoding, lang, None, None, max_size))
    except CopydeskError as err:
        _fail_on(err)
    typer.echo("\n".join(outline(tree, source)))


@app.command()
def schema(
    show: bool = typer.Option(False, "--show", help="Print the schema itself instead of its path."),
) -> None:
    """Print the path of the article schema (XSD) shipped with copydesk.

    Example: copydesk schema --show > article-1.xsd
    """
    path = _document().schema_path()
    if show:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    else:
        typer.echo(str(path))


def main() -> None:
    try:
        try:
            app(prog_name="copydesk")
        finally:
            sys.stdout.flush()  # e.g. 'name: valid' lines buffered for /dev/full
    except OSError as err:
        if err.errno not in OUTPUT_ERRNOS:
            _internal_error(err)
        _pipeline()._detach_stdout()  # only standard output is written without catching these (files: atomic_write)
        typer.echo(f"copydesk: error: cannot write to standard output ({err.strerror})", err=True)
        sys.exit(EXIT_FAILED)
    except Exception as err:  # a bug of ours: one line, and the traceback under -v
        _internal_error(err)


def _internal_error(err: Exception) -> None:
    if _STATE["verbose"]:
        traceback.print_exc()
    typer.echo(f"copydesk: internal error: {err.__class__.__name__}: {str(err).splitlines()[0] if str(err) else ''}"
               f" (please report it with the input file; -v shows the traceback)", err=True)
    sys.exit(EXIT_FAILED)
