"""The copydesk worker plugin: warm state when a Dask worker starts, retirement after N articles."""

import logging

from distributed.diagnostics.plugin import WorkerPlugin

log = logging.getLogger(__name__)


def _warm_up() -> None:
    """Make one tiny article in every heavy format: loads fonts, stylesheets and the DOCX template."""
    from convert.pipeline import load_article, write
    from convert.readers.text import ReadOptions

    tree = load_article("عنوان\n\nنص قصير للتحضير.\n".encode(), ReadOptions(name="warm-up.txt"))
    for fmt in ("html", "docx", "pdf"):
        write(tree, fmt)


class WarmWorker(WorkerPlugin):
    """A Dask worker plugin: warm state at start, and retirement after `recycle_after` articles."""

    name = "copydesk-warm-worker"

    def __init__(self, recycle_after: int):
        self.recycle_after = recycle_after
        self.done = 0
        self.worker = None

    def setup(self, worker):
        self.worker = worker
        try:
            _warm_up()
        except Exception:  # a cold worker is slower, not wrong
            log.warning("copydesk: worker warm-up failed", exc_info=True)

    def teardown(self, worker):
        pass

    def transition(self, key, start, finish, *args, **kwargs):
        if finish != "memory" or not str(key).startswith("copydesk-"):
            return
        self.done += 1
        if self.recycle_after and self.done == self.recycle_after:
            self.worker.loop.add_callback(self.worker.close_gracefully, restart=True,
                                          reason=f"copydesk: recycled after {self.done} articles")
