"""SciELO's access-log fixtures (../shared/data/usage): the parsed lines reproduced exactly, the
summaries' counts where COUNTER and SciELO agree, and COUNTER's own numbers where they differ
(each difference is explained in docs/USAGE.md)."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, datetime

import pytest

from scielo_pub.usage.counter import count_events, scan
from scielo_pub.usage.items import Catalog, ItemMeta, JournalMeta
from scielo_pub.usage.logs import LogFile, parse_line

pytestmark = pytest.mark.refdata


def processed_rows(folder, name):
    with (folder / f"{name}.processed").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.mark.parametrize("name", ["usage.log", "usage.esp.log", "usage.cl.log"])
def test_every_processed_line_is_reproduced(shared_data, name):
    """Each line SciELO's parser kept has the same UTC time, client address and URL here."""
    folder = shared_data / "usage"
    parsed = {
        (datetime.fromtimestamp(r.time, UTC).strftime("%Y-%m-%d %H:%M:%S"), r.client, r.target)
        for r in (parse_line(line) for line in LogFile(folder / name))
        if r is not None
    }
    rows = processed_rows(folder, name)
    assert rows
    missing = [r for r in rows if (r["server_date"], r["user_ip"], r["action_name"]) not in parsed]
    assert missing == []


def fixture_catalog() -> Catalog:
    """Articles for the PIDs and the PDF the fixture logs name (test data, not product data)."""
    journal = JournalMeta(1, "ld", "Linguagem em (Dis)curso")
    pids = ["S0102-69092018000300512", "S1679-39512005000100007", "S0100-40422017000700791",
            "S1984-82502011000200005", "S1984-82502015000200317", "S0103-50532011000300020",
            "S1414-81452019000200211", "S0718-34292016005000002", "S0718-07642017000400014"]  # fmt: skip
    items = [ItemMeta(n, journal, pid, "v0n0", pid, "pt", pid) for n, pid in enumerate(pids, 1)]
    items.append(ItemMeta(99, journal, "PDF", "v16n2", "1518-7632-ld-16-02-00261", "pt"))
    return Catalog(items)


def summary(folder, name) -> dict[str, int]:
    with (folder / name).open(encoding="utf-8") as fh:
        row = next(csv.DictReader(fh, delimiter="\t"))
    return {k: int(float(v)) for k, v in row.items()}


def test_usage_log_summary(shared_data):
    folder = shared_data / "usage"
    theirs = summary(folder, "usage.log.processed.summary")
    tally: Counter = Counter()
    events = list(scan(LogFile(folder / "usage.log"), fixture_catalog(), tally))
    assert tally["read"] == theirs["lines_parsed"] == 200
    assert tally["static"] == theirs["ignored_lines_static_resources"] == 185
    # SciELO keeps 13 lines: these 7 article views, plus a HEAD request (not usage for COUNTER),
    # three /google_metrics/ widget calls, the home page "/" and a request with no path.
    assert tally["kept"] == 7
    assert (tally["method"], tally["unknown_url"], tally["not_an_item"], tally["malformed"]) == (
        1, 3, 1, 1,
    )  # fmt: skip
    counts = count_events(events)
    assert sum(c.total_requests for c in counts.values()) == 7
    assert 99 in counts  # the /pdf/<acron>/<issue>/<file>.pdf of the classic site


def test_cl_log_summary(shared_data):
    """The summary filed as usage.esp.log's describes usage.cl.log (39 lines, 23 static, 1 robot)."""
    folder = shared_data / "usage"
    theirs = summary(folder, "usage.esp.log.processed.summary")
    tally: Counter = Counter()
    events = list(scan(LogFile(folder / "usage.cl.log"), fixture_catalog(), tally))
    assert tally["read"] == theirs["lines_parsed"] == 39
    assert tally["static"] == theirs["ignored_lines_static_resources"] == 23
    assert tally["robot"] == theirs["ignored_lines_bot"] == 1
    # SciELO keeps 14 lines; COUNTER counts the two article pages, each twice in the log within
    # the same second from the same client: one action each (double-click).
    counts = count_events(events)
    assert {k: (c.total_requests, c.unique_requests) for k, c in counts.items()} == {
        8: (1, 1), 9: (1, 1),
    }  # fmt: skip
    assert tally["kept"] == 4
