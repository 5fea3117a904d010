"""Text → Unicode NFC / NFD in time linear in its length, whatever its runs of combining marks.

CPython puts a run of combining marks in canonical order by insertion sort: a run of k marks costs
k² steps, so one letter carrying 100,000 marks takes a minute. Canonical order is a stable sort of
the run by combining class; sorting long runs first (in k log k) leaves the library an already
ordered run, which it passes over in one step per mark. The result is the library's, exactly.
"""

import re
import unicodedata

# Unicode's stream-safe format (UAX #15) allows 30 marks in a row; longer runs are sorted here first.
LONG_RUN = 30
# candidates for long runs: neither word characters nor spaces (combining marks are neither)
_CANDIDATE = re.compile(rf"[^\w\s]{{{LONG_RUN + 1},}}")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", _presorted(text))


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", _presorted(text))


def _presorted(text: str) -> str:
    if not _CANDIDATE.search(text):
        return text
    return _CANDIDATE.sub(lambda match: _sort_runs(match.group()), text)


def _sort_runs(chunk: str) -> str:
    """Each run of marks (combining class > 0) in the chunk, stably sorted by combining class."""
    out, run = [], []
    for char in chunk:
        if unicodedata.combining(char):
            run.append(char)
            continue
        out.extend(sorted(run, key=unicodedata.combining))
        run = []
        out.append(char)
    out.extend(sorted(run, key=unicodedata.combining))
    return "".join(out)
