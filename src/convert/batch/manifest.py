"""An output folder's record of what it holds → which inputs --update must convert again.

One JSON line per converted article, appended (and flushed) as each finishes, so a batch stopped
at any point leaves a record of everything it finished: the source's SHA-256, a fingerprint of the
options and copydesk version, and the outputs. The last line for a key wins; the file is
rewritten compactly at the end of a run.
"""

import hashlib
import json
import os
from pathlib import Path

from convert.batch.plan import MANIFEST
from convert.pipeline import Job, Result
from convert.version import __version__


FILE_OPTIONS = ("css", "house_style", "reference_doc", "font")  # write options that may name a file


def fingerprint(job: Job) -> str:
    """What, besides the source, decides the outputs' bytes: formats, options, copydesk version, and
    the contents of the files the options name (an edited stylesheet or house style is a change)."""
    read = {k: v for k, v in vars(job.read_options).items() if k != "name"}
    described = repr((__version__, [f for f, _ in job.targets], sorted(read.items()), repr(job.write_options),
                      _named_files(job.write_options)))
    return hashlib.sha256(described.encode()).hexdigest()[:32]


def _named_files(options) -> list:
    """The SHA-256 of each file a write option names, and the house style as loaded (with the
    stylesheet it includes)."""
    found = [(name, source_sha256(getattr(options, name))) for name in FILE_OPTIONS
             if getattr(options, name) and os.path.isfile(getattr(options, name))]
    if options.house_style:
        found.append(("house", _loaded_house_style(options)))
    return found


def _loaded_house_style(options) -> str:
    from convert.errors import CopydeskError
    from convert.writers.house import house_style

    try:
        return repr(house_style(options.house_style, options.reference_doc))
    except CopydeskError as err:  # the conversion reports it; the fingerprint only has to differ
        return str(err)


def source_sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


class Manifest:
    """The manifest of one output folder."""

    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        self.entries = self._load()
        self.stream = None

    def _load(self) -> dict[str, dict]:
        entries = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (FileNotFoundError, NotADirectoryError):
            return entries
        for line in lines:
            try:
                entry = json.loads(line)
                entries[entry["key"]] = entry
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a kill: that article is simply converted again
        return entries

    def fresh(self, job: Job) -> bool:
        """True when the job's outputs exist and were made from this very source with these options."""
        entry = self.entries.get(job.key)
        return (entry is not None and entry.get("options") == fingerprint(job) and entry.get("outputs")
                and all(os.path.exists(p) for p in entry["outputs"])
                and entry.get("sha256") == source_sha256(job.source))

    def record(self, job: Job, result: Result) -> None:
        if result.status != "converted" or job.source == "-":
            return
        entry = {"key": job.key, "source": os.path.abspath(job.source), "sha256": result.sha256,
                 "options": fingerprint(job), "version": __version__, "outputs": [os.path.abspath(p) for p in result.written]}
        self.entries[job.key] = entry
        if self.stream is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.stream = open(self.path, "a", encoding="utf-8")
        self.stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Rewrite the manifest with one line per article (atomically), if this run added any."""
        if self.stream is None:
            return
        self.stream.close()
        self.stream = None
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self.entries.values()),
                             encoding="utf-8")
        os.replace(temporary, self.path)
