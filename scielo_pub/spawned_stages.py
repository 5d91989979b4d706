"""A Dask build's arguments in (``Later``), its stages 5-8 run in spawned children out.

A Dask client's threads are not forked, so with a Dask cluster a build that read ``apart.FROM``
articles or more runs stages 5-8 in a spawned child (``later_stages``: a new interpreter,
``apart.spawned``) instead of its own process, as a local build runs them in forked children. The
child finds the published articles as the build recorded them (``_found``: stages 1-4 again from
the read cache and the issue verdicts, nothing read nor reported again; it raises when it publishes
other articles, the collection having changed), opens a Dask client of its own, and runs the
stages (``build._write_stages``). Within it two more spawned children keep their work out of its
heap, as a local build's forked children do: the links stage runs first in one
(``links_apart``), which brings the citation index up to date with its own Dask client, and the
child then reads the links from the index; the store is written by another (``store_beside``)
beside the outputs stage (neither reads what the other writes), which takes the links from the
index too. Only diagnostics, counts and stage times come back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import apart, heap
from .errors import Diagnostic, ScieloPubError
from .executors import DaskExecutor, Executor, LocalExecutor
from .stage_links import link_references, usage_counts

if TYPE_CHECKING:
    from .build import BuildReport
    from .collection import SiteContent


@dataclass(frozen=True)
class Later:
    """What a spawned child needs to run stages 5-8 (``_stages_there``): the build's arguments,
    the Dask scheduler's address, and the digest of what the build's process published."""

    collection: Path
    out: Path
    db: str | None
    address: str
    progress: bool
    pdf: bool
    base_url: str | None
    published: str


def published_digest(content: SiteContent) -> str:
    """A digest of the published articles' paths and cache entries, in order."""
    text = "".join(f"{item.source.path}\0{item.entry}\n" for item in content.articles)
    return hashlib.sha256(text.encode()).hexdigest()


def later_stages(result: BuildReport, job: Later, emit: Callable[[Diagnostic], None]) -> bool:
    """Stages 5-8 run by a spawned child (``apart.spawned``): their diagnostics given to
    ``emit``, their times, files and store summary noted in ``result``, and the wait for the child
    as the stage ``spawned``; False (with a note) when the child gave nothing."""
    with result.stage("spawned"):
        done, later = apart.spawned("links-statistics", _stages_there, job, job.out, emit)
    if not done:
        return False
    stages, pages, summary = later  # type: ignore[misc]
    result.stages[-1:-1] = stages  # the child's own rows, then the wait for it
    result.pages, result.store = pages, summary
    return True


def _stages_there(job: Later, report: Callable[[Diagnostic], None]) -> tuple:
    """Stages 5-8 as the spawned child runs them: stages 1-4 again from what this build recorded
    (``_found``; their time is the row ``found (child)``), then 5-8 with a Dask client of the
    child's own; their rows, files written and store summary."""
    from .build import BuildReport, _emitter, _write_stages

    heap.begin()
    with DaskExecutor(job.address, progress=job.progress) as executor:
        content, digests, quiet = _found(job, executor)
        later = BuildReport()  # its first row: the time stages 1-4 took again here
        wall, cpu = sum(r[1] for r in quiet.stages), sum(r[2] for r in quiet.stages)
        later.stages.append(("found (child)", wall, cpu))
        _write_stages(later, content, job.out, _emitter(later, report), executor=executor,
                      db=job.db, pdf=job.pdf, printer=None, digests=digests, away=False,
                      later=job)  # fmt: skip
    return later.stages, later.pages, later.store


def _found(job: Later, executor: Executor):
    """Stages 1-4 again in a spawned child, from what the build recorded (the read cache, the issue
    verdicts: nothing is read nor reported again): the content, its input digests, and the report
    of their times. Raises when the child publishes other articles than the build's process did
    (the collection changed)."""
    from .build import BuildReport, _read_stages

    quiet = BuildReport()
    content, digests = _read_stages(job.collection, job.out, executor, quiet, _ignore, _ignore,
                                    job.base_url)  # fmt: skip
    if published_digest(content) != job.published:
        raise ScieloPubError("the collection changed during the build: build it again")
    return content, digests, quiet


def links_apart(job: Later, emit: Callable[[Diagnostic], None]) -> bool:
    """In the spawned child of a Dask build: the links stage run first in a spawned child of its
    own (``_links_there``), its diagnostics given to ``emit``; whether it brought the citation index
    up to date (if not, with a note, this process links)."""
    return apart.spawned("links", _links_there, job, job.out, emit)[0]


def _links_there(job: Later, report: Callable[[Diagnostic], None]) -> int:
    """The links stage as the spawned child of a Dask build's spawned child runs it: the published
    articles found again (``_found``) and linked with a Dask client of its own (the matching's
    passing objects stay in this process, which ends); how many articles it linked."""
    heap.begin()
    with DaskExecutor(job.address, progress=job.progress) as executor:
        content, digests, _quiet = _found(job, executor)
        link_references(content, job.out, report, executor, job.db, digests)
    return len(content.articles)


def store_beside(job: Later) -> apart.Spawned:
    """In the spawned child of a Dask build: the store stage started in a spawned child of its own
    (``_store_there``) that runs beside the outputs stage; ``build.write_store`` waits for it."""
    return apart.spawn("store", _store_there, job, job.out)


def _store_there(job: Later, report: Callable[[Diagnostic], None]) -> str:
    """The store stage as the spawned child of a Dask build's spawned child writes it, beside that
    child's outputs stage (``store_beside``): the published articles found again (``_found``),
    their links as the citation index records them (the links stage is done), their accesses, then
    the store; its summary."""
    from .build import write_store

    heap.begin()
    with LocalExecutor(1) as executor:  # nothing to read: every article is recorded
        content, digests, _quiet = _found(job, executor)
        content = link_references(content, job.out, _ignore, executor, job.db, digests,
                                  recorded=True)  # fmt: skip
    content = usage_counts(content, job.out, job.db, digests)
    return write_store(content, job.out, job.db, report, digests)


def _ignore(diag: Diagnostic) -> None:
    """The child's stages 1-4 report nothing: the build's process reported them."""
