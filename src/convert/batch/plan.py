"""Command-line inputs and -o/--to → the jobs of a batch, by pandoc's conventions.

-o FILE takes its format from the extension (story.docx, story.nitf.xml), --to overrides it;
-o - or no -o writes one output to standard output; -o DIR (an existing folder, or a name ending
in /) gets DIR/<stem>.<ext>, with folders given as inputs mirrored beneath it. What cannot be
told apart is a UsageError, never a guess.
"""

import fnmatch
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from convert import storage
from convert.errors import UsageError
from convert.writers import WRITERS, extension

MANIFEST = ".copydesk-manifest.jsonl"


@dataclass(frozen=True)
class Input:
    source: str  # a path as given or found, or "-" for standard input
    relative: Path | None = None  # under the folder it was found in (mirrored under -o DIR)


@dataclass(frozen=True)
class Plan:
    """Each input's targets: [(format, path or None for standard output)], and the output folder."""

    targets: list[tuple[Input, list[tuple[str, Path | str | None]]]]  # a str target is a URL
    folder: Path | None  # the local -o folder (the manifest's home); None for -o FILE, a URL or standard output
    mode: str = "folder"  # folder · file · stdout


def formats_of(to: str | None) -> list[str]:
    """--to as a list of known formats; [] when not given."""
    if to is None:
        return []
    formats = [f.strip().lower() for f in to.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise UsageError(f"--to {to!r}: unknown output format {unknown[0]!r}; choose from {', '.join(WRITERS)}")
    if not formats:
        raise UsageError(f"--to {to!r}: name at least one format: {', '.join(WRITERS)}")
    return formats


def format_of_name(name: str) -> str | None:
    """The format a file name's extension asks for (the longest match: .nitf.xml before .xml)."""
    lowered = name.lower()
    matches = [(len(extension(f)), f) for f in WRITERS if lowered.endswith("." + extension(f))]
    return max(matches)[1] if matches else None


@lru_cache(maxsize=1)
def readable_formats() -> frozenset[str]:
    """The output formats copydesk can also read (a reader named like the format: docx, nitf, article-xml)."""
    from convert.readers import READERS

    names = [name for name, _, _ in READERS]
    return frozenset(fmt for fmt in WRITERS if any(name == fmt or name.endswith("-" + fmt) for name in names))


def expand(sources: list[str], pattern: str | None, skip: Path | None) -> list[Input]:
    """Files as given; folders walked recursively (sorted), without hidden files, our outputs or `skip`
    (the output folder, whose manifest also names the outputs a run wrote elsewhere)."""
    found = []
    ours = _recorded_outputs(skip) if skip is not None else set()
    for source in sources:
        if source != "-" and Path(source).is_dir():
            found.extend(i for i in _walk(Path(source), pattern, skip) if os.path.abspath(i.source) not in ours)
        else:
            found.append(Input(source))
    return found


def _recorded_outputs(folder: Path) -> set[str]:
    from convert.batch.manifest import Manifest

    return {path for entry in Manifest(folder).entries.values() for path in entry.get("outputs", [])}


def _walk(folder: Path, pattern: str | None, skip: Path | None):
    skip = skip.resolve() if skip is not None else None
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or Path(root, d).resolve() != skip))
        for name in sorted(files):
            relative = Path(root, name).relative_to(folder)
            if wanted(name, relative, pattern):
                yield Input(str(Path(root, name)), relative)


def wanted(name: str, relative: Path, pattern: str | None) -> bool:
    """Whether a file found in a folder is an input: not hidden, not our output, matching --glob."""
    if name.startswith(".") or name.endswith("~"):
        return False  # hidden, temporary (.part) and editor backup files
    if pattern is not None:
        return fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(relative.as_posix(), pattern)
    made = format_of_name(name)
    return made is None or made in readable_formats()  # .html, .pdf, .tei.xml, … are outputs, not inputs


def plan(sources: list[str], output: str | None, to: str | None, pattern: str | None = None) -> Plan:
    """The targets of every input, or a UsageError saying what is ambiguous and what to write instead."""
    formats = formats_of(to)
    many = len(sources) > 1 or any(s != "-" and Path(s).is_dir() for s in sources)
    if output is None or output == "-":
        inputs = expand(sources, pattern, None)
        return Plan([(i, [(_single(formats, inputs, "standard output"), None)]) for i in inputs], None, "stdout")
    url = storage.is_url(output)
    if output.endswith(("/", os.sep)) or (not url and Path(output).is_dir()) or (many and format_of_name(output) is None):
        folder = output if url else Path(output)
        inputs = expand(sources, pattern, None if url else folder)
        return Plan([(i, in_folder(i, folder, formats or ["xml"])) for i in inputs], None if url else folder)
    if many:
        raise UsageError(f"-o {output} names one file, but there are several inputs; "
                         f"give a folder instead, e.g. -o {Path(output).stem or 'out'}/")
    fmt = _single(formats, sources, f"-o {output}") if formats else format_of_name(output)
    if fmt is None:
        raise UsageError(f"cannot tell the format of -o {output} from its extension; add --to (one of "
                         f"{', '.join(WRITERS)}), or write -o {output}/ for a folder")
    return Plan([(Input(sources[0]), [(fmt, output if url else Path(output))])], None, "file")


def _single(formats: list[str], inputs, where: str) -> str:
    if len(inputs) != 1 or len(formats) > 1:
        what = "inputs" if len(inputs) != 1 else "formats"
        raise UsageError(f"{where} takes one output, but there are {len(inputs) if what == 'inputs' else len(formats)} "
                         f"{what}; give a folder for several, e.g. -o out/")
    return formats[0] if formats else "xml"


def in_folder(item: Input, folder, formats: list[str]) -> list[tuple[str, Path | str]]:
    """Where an input's output in each format goes under -o DIR (folders given as inputs mirrored):
    Paths, or URL strings when the folder is a URL."""
    if item.source == "-":
        stem = "stdin"
    elif storage.is_url(item.source):
        stem = storage.stem(item.source)
    else:
        stem = os.path.splitext(os.path.basename(item.source))[0]
    if item.relative is not None and item.relative.parent != Path("."):
        stem = f"{item.relative.parent.as_posix()}/{stem}"
    if isinstance(folder, str):
        return [(f, storage.join(folder, f"{stem}.{extension(f)}")) for f in formats]
    return [(f, folder / f"{stem}.{extension(f)}") for f in formats]
