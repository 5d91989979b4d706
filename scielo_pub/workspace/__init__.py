"""The editors' workspace logic (issue 18): accounts and sign-in (``accounts``), uploads with their
validation report and preview (``submissions``), publishing and withdrawing (``publish``).

``Places`` says where a workspace works: the collection folder it publishes into, the built site and
store the build writes, and its own data folder (uploads, reports, previews). The web face is the
``scielo_pub.site.workspace`` blueprint; accounts are managed with ``scielo-pub users``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Places:
    """Where the workspace reads and writes."""

    #: The collection folder (holds collection.toml and journals/).
    collection: Path
    #: The built site the served app shows (``scielo-pub build`` writes it).
    site: Path
    #: Uploads, reports and previews: ``SITE/.scielo-pub/workspace`` unless set.
    data: Path
    #: The store URL the build writes (None: the SQLite store beside the site).
    db: str | None = None
    #: Render PDFs when publishing (off for quick demos and tests).
    pdf: bool = True

    def journal_dir(self, journal: str) -> Path:
        return self.collection / "journals" / journal

    def issue_dir(self, journal: str, issue: str) -> Path:
        return self.journal_dir(journal) / "issues" / issue

    def submission_dir(self, key: str) -> Path:
        return self.data / "submissions" / key
