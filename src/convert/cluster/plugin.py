"""The copydesk worker plugin: warm state when a Dask worker starts, retirement after N articles."""

from distributed.diagnostics.plugin import WorkerPlugin

WARMED_FORMATS = ("html", "docx", "pdf")  # the heavy ones: a worker may be sent any format


class WarmWorker(WorkerPlugin):
    """A Dask worker plugin: warm state at start, and retirement after `recycle_after` articles."""

    name = "copydesk-warm-worker"

    def __init__(self, recycle_after: int):
        self.recycle_after = recycle_after
        self.done = 0
        self.worker = None

    def setup(self, worker):
        self.worker = worker
        from convert.batch import warm_up

        warm_up(WARMED_FORMATS)

    def teardown(self, worker):
        pass

    def transition(self, key, start, finish, *args, **kwargs):
        if finish != "memory" or not str(key).startswith("copydesk-"):
            return
        self.done += 1
        if self.recycle_after and self.done == self.recycle_after:
            self.worker.loop.add_callback(self.worker.close_gracefully, restart=True,
                                          reason=f"copydesk: recycled after {self.done} articles")
