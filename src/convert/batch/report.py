"""Results as they arrive → what the user sees: a progress bar on a terminal, a summary, a JSON-lines log."""

import json
import sys
from collections import Counter
from time import perf_counter

from convert.errors import OutputError
from convert.pipeline import Result


class Report:
    """Counts results and shows them: a bar (stderr is a terminal), one line per problem, a summary."""

    def __init__(self, total: int, log_path=None, bar: bool | None = None, echo=print, verbose: bool = False):
        """echo(line) lists each article's written files (None: do not list them)."""
        self.total, self.echo, self.verbose = total, echo, verbose
        self.counts, self.seconds = Counter(), Counter()
        self.start = perf_counter()
        try:
            self.log = open(log_path, "a", encoding="utf-8") if log_path else None
        except OSError as err:
            raise OutputError(f"{log_path}: cannot write the log there ({err.strerror}); choose another --log") from None
        self.bar = _Bar(total) if (sys.stderr.isatty() if bar is None else bar) and total > 1 else None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()
        if self.log:
            self.log.close()

    def add(self, result: Result) -> None:
        self.counts[result.status] += 1
        self.seconds.update(result.seconds)
        if result.error:
            self._problem(result.error)
            if self.verbose and result.traceback:
                self._problem(result.traceback.rstrip())
        elif result.status == "converted" and result.written and self.echo:
            self._written(" ".join(str(p) for p in result.written))
        if self.log:
            self.log.write(json.dumps(_log_line(result), ensure_ascii=False) + "\n")
            self.log.flush()
        if self.bar:
            self.bar.advance(self.counts["failed"])

    def _written(self, line: str) -> None:
        if self.bar and sys.stdout.isatty():  # one terminal: keep the bar below the lines
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            self.echo(line)

    def _problem(self, text: str) -> None:
        line = f"copydesk: error: {text}" if not text.startswith("Traceback") else text
        if self.bar:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=sys.stderr)

    def summary(self, interrupted: bool = False) -> str:
        done, failed, skipped = self.counts["converted"], self.counts["failed"], self.counts["skipped"]
        elapsed = perf_counter() - self.start
        rate = (done + failed) / elapsed if elapsed > 0 else 0.0
        parts = [f"converted {done} of {self.total} inputs in {elapsed:.1f} s ({rate:.1f}/s)"]
        if skipped:
            parts.append(f"{skipped} up to date")
        if failed:
            parts.append(f"{failed} failed (see above)")
        if interrupted:
            parts.append(f"interrupted: {self.total - done - failed - skipped} not converted; "
                         f"finished outputs kept (rerun with --update to finish)")
        line = "; ".join(parts)
        if self.seconds:
            line += "\ntime per step: " + ", ".join(f"{step} {s:.2f} s" for step, s in self.seconds.items())
        return line


def _log_line(result: Result) -> dict:
    return {"input": result.source, "status": result.status, "outputs": [str(p) for p in result.written],
            "error": result.error, "seconds": {k: round(v, 4) for k, v in result.seconds.items()}, "pid": result.pid}


class _Bar:
    """rich's progress bar on stderr, refreshed on each result (no refresh thread: workers are forked)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        self.progress = Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                                 TimeRemainingColumn(), TextColumn("{task.fields[failed]}"),
                                 console=self.console, auto_refresh=False, redirect_stdout=False)
        self.task = self.progress.add_task("convert", total=total, rate="", failed="")
        self.start = perf_counter()
        self.progress.start()
        self.progress.refresh()

    def advance(self, failed: int) -> None:
        completed = self.progress.tasks[0].completed + 1
        rate = completed / max(perf_counter() - self.start, 1e-6)
        self.progress.update(self.task, advance=1, rate=f"{rate:.1f}/s", failed=f"{failed} failed" if failed else "")
        self.progress.refresh()

    def stop(self) -> None:
        self.progress.stop()
