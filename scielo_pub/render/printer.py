"""The published articles in, the PDFs a rebuild changes out: rendered in a process beside the build.

Most of a one-article rebuild with PDFs is WeasyPrint's: importing it, loading the fonts, laying the
article out. None of it waits for what the build does once the articles are read (a PDF shows no
reference links, cited-by, usage or related articles), so ``Printer.start`` forks a process as the
build begins, which imports WeasyPrint while the build discovers and reads the collection. As soon as
the articles are published, ``Printer.submit`` finds the PDF tasks whose key changed since the last
build (``site.pdf_task``), makes their print HTML here (formulas as SVG included: the build has time
to spare while the process loads WeasyPrint) and sends it; the process renders and writes the PDFs
while the build matches references, writes pages, listings and the store. ``write_site`` leaves those
tasks (and their last files) as they are, and ``site.finish_printing`` waits for the results at the
end of the build and records them in the manifest.

Only a rebuild (the output folder holds a site) on a local pool of two or more processes gets a
printer (``-j 1`` stays one process, a Dask cluster renders PDFs among its tasks), and only its few
PDFs go to it: more than ``capacity`` changed PDF tasks are left to the pool, which renders them in
parallel as before.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import weakref
from pathlib import Path
from typing import Any

from ..collection import SiteContent
from ..executors import Executor, LocalExecutor, TaskFailure
from . import pdf_engine
from .files import MANIFEST, TaskResult, emit_file

# The process is forked as the build starts, before the build imports the page templates, the
# citation index or the SQL toolkit: it needs only WeasyPrint (``pdf_engine``) and the file writer,
# and imports WeasyPrint while the build imports the rest on the other core. ``pages``, ``pdf``,
# ``site`` and ``view`` are imported where the build (never the process) uses them.


class Printer:
    """A forked process that renders a rebuild's changed PDFs (see the module's docstring)."""

    def __init__(self, process: Any, conn: Any, capacity: int) -> None:
        self._process, self._conn = process, conn
        #: At most this many PDF tasks go to the printer; more are left to the pool.
        self.capacity = capacity
        #: ``task -> key`` of the PDF tasks sent to the process.
        self.claimed: dict[str, str] = {}
        self._sent: list[tuple] = []
        self._stop = weakref.finalize(self, _stop, process, conn)

    @classmethod
    def start(cls, executor: Executor, out: Path) -> Printer | None:
        """A printer for rebuilds (a site in ``out`` already) on a local pool of two or more
        processes, else ``None``."""
        workers = getattr(executor, "jobs", 1)
        if executor.remote or workers < 2 or not (Path(out) / MANIFEST).is_file():
            return None
        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()
        process = context.Process(target=_serve, args=(there,), name="scielo-pub-pdf", daemon=True)
        process.start()
        there.close()
        return cls(process, here, workers - 1)

    def submit(self, content: SiteContent, out: Path) -> None:
        """Send the process the print HTML of the PDF tasks of ``content`` that changed since the
        last build in ``out`` (made here: the build has time to spare while the process loads
        WeasyPrint); with none, or more than ``capacity``, the process is stopped instead."""
        from . import pages, pdf, site
        from .view import article_view

        jobs = site.changed_pdf_tasks(content, out)
        if not jobs or len(jobs) > self.capacity:
            self.close()
            return
        bare = SiteContent(content.collection, (), (), ())
        prepared = []
        for item, task, key in jobs:
            try:
                cites = pages.how_to_cite(article_view(item), bare)
                sources = pdf.print_sources(item, bare, cites)
            except Exception:  # noqa: S112 -- the build's own task renders it and reports why
                continue
            prepared.append(((item, task, key), (task, key, str(item.source.path), sources)))
        if not prepared:
            self.close()
            return
        try:
            self._conn.send((out, [payload for _job, payload in prepared]))
        except OSError:  # the process is gone: the build's pool renders them
            self.close()
            return
        self._sent = [job for job, _payload in prepared]
        self.claimed = {task: key for _item, task, key in self._sent}

    def beside(self, executor: Executor) -> Executor:
        """The executor for the build's own tasks while the printer renders: a local pool of one
        process fewer (the printer is one of the ``-j`` processes), in this process for ``-j 2``."""
        if not self._sent or not isinstance(executor, LocalExecutor):
            return executor
        return LocalExecutor(max(1, executor.jobs - 1), progress=executor.progress)

    def results(self) -> list:
        """The results of the tasks sent (``TaskResult``), once the process has sent them."""
        from . import site

        if not self._sent:
            self.close()
            return []
        try:
            done = self._conn.recv()
        except (EOFError, OSError):  # the process died: each of its tasks is reported lost
            done = [TaskFailure("lost", "the PDF process ended early")] * len(self._sent)
        finally:
            self._conn.close()
            self._process.join()
            self._stop.detach()
        return [
            site._lost(task, key, str(item.source.path), result)
            if isinstance(result, TaskFailure)
            else result
            for (item, task, key), result in zip(self._sent, done, strict=True)
        ]

    def close(self) -> None:
        """Stop the process (nothing more will be sent to it)."""
        self._sent, self.claimed = [], {}
        self._stop()


def _stop(process: Any, conn: Any) -> None:
    conn.close()
    if process.is_alive():
        process.terminate()
    process.join()


def _serve(conn: Any) -> None:
    """In the printer: warm up while waiting for the tasks, render them, send the results. Like
    a pool worker it freezes what it inherited and collects at Python's thresholds
    (``heap.worker``): its objects are its PDFs'."""
    from .. import heap

    heap.worker()
    arrived = threading.Event()
    warm = threading.Thread(target=_warm_up, args=(arrived,), daemon=True)
    warm.start()
    try:
        out, jobs = conn.recv()
    except (EOFError, OSError):  # the build had nothing to print
        return
    arrived.set()
    warm.join()
    conn.send([_print(out, *job) for job in jobs])
    conn.close()


def _print(out: Path, task: str, key: str, where: str, sources: list) -> TaskResult:
    """One article's PDFs from their print HTML, written into ``out``."""
    result = TaskResult(task, key)
    try:
        for rel, html, base in sources:
            emit_file(out, rel, pdf_engine.render_pdf(html, base), result)
    except Exception as exc:  # reported as the build's own tasks report it
        result.problems.append(f"{where}: could not render ({type(exc).__name__}: {exc})")
    return result


def _warm_up(arrived: threading.Event) -> None:
    """Import WeasyPrint; load the fonts too unless the work is already there (it loads them)."""
    with contextlib.suppress(Exception):  # a failure shows again, with its reason, in the tasks
        pdf_engine.weasyprint()
        if not arrived.is_set():
            pdf_engine.warm_up(math=False)
