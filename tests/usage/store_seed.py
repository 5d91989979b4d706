"""The helpers' catalog written into a store (the rows a build would write, only the columns usage reads)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert

from scielo_pub.store import schema as s

from .helpers import ART1, ART2, ART3

NOW = datetime(2024, 1, 1)


def seed(engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(s.collections).values(
                acronym="demo",
                name={"pt": "SciELO Demo"},
                publisher="SciELO Demo Publisher",
                base_url="https://demo.example.org/",
                default_language="pt",
                created=NOW,
                updated=NOW,
            )
        )
        issues = {}
        for j in (ART1.journal, ART3.journal):
            conn.execute(
                insert(s.journals).values(
                    id=j.id,
                    acronym=j.acronym,
                    title=j.title,
                    publisher=j.publisher,
                    issn_print=j.print_issn or None,
                    issn_electronic=j.online_issn or None,
                    subject_areas=[],
                    languages=[],
                    about={},
                    landing_path=f"j/{j.acronym}/",
                    digest="x",
                    created=NOW,
                    updated=NOW,
                )
            )
        for n, a in enumerate((ART1, ART2, ART3), 1):
            key = (a.journal.id, a.issue_folder)
            if key not in issues:
                issues[key] = conn.execute(
                    insert(s.issues).values(
                        journal_id=a.journal.id,
                        folder=a.issue_folder,
                        label=a.issue_folder,
                        year=a.yop,
                        sections=[],
                        landing_path="x",
                        digest="x",
                        created=NOW,
                        updated=NOW,
                    )
                ).inserted_primary_key[0]
            conn.execute(
                insert(s.articles).values(
                    id=a.id,
                    ident=f"a{n}",
                    pid=a.pid_v2 or None,
                    pid_v3=a.pid_v3 or None,
                    doi=a.doi or None,
                    journal_id=a.journal.id,
                    issue_id=issues[key],
                    journal_acronym=a.journal.acronym,
                    issue_label=a.issue_folder,
                    year=a.yop,
                    language=a.lang,
                    languages=[a.lang],
                    pub_date=a.publication_date,
                    title=a.title,
                    xml="<article/>",
                    model_json={},
                    landing_path=f"j/{a.journal.acronym}/{a.issue_folder}/{a.stem}/{a.lang}.html",
                    digest="x",
                    created=NOW,
                    updated=NOW,
                    deleted=False,
                )
            )
            for pos, name in enumerate(a.authors):
                conn.execute(
                    insert(s.contributors).values(
                        article_id=a.id,
                        position=pos,
                        role="author",
                        display_name=name,
                        affiliation_ids=[],
                    )
                )
