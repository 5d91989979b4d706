"""COUNTER R5.1 rules on hand-built logs: one scenario per rule, each able to fail."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from scielo_pub.usage.counter import Counts, Event, count_events, scan

from .helpers import at, catalog, line

FT = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html"
FT_EN = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/en.html"
PDF = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/2764-5010-rsd-12-01-0001-pt.pdf"
ABSTRACT = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/abstract.pt.html"
RIS = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/2764-5010-rsd-12-01-0001.ris"
OTHER = "/j/rsd/v12n1/2764-5010-rsd-12-01-0004/pt.html"


def counts(lines: list[str]) -> tuple[dict[int, Counts], Counter]:
    tally: Counter = Counter()
    events = list(scan(lines, catalog(), tally))
    return count_events(events), tally


def test_double_click_29_seconds_is_one_31_is_two():
    assert counts([line(FT, at(0)), line(FT, at(29))])[0][10].total_requests == 1
    assert counts([line(FT, at(0)), line(FT, at(31))])[0][10].total_requests == 2


def test_double_click_at_exactly_30_seconds_is_one():
    assert counts([line(FT, at(0)), line(FT, at(30))])[0][10].total_requests == 1


def test_double_click_chains_collapse():
    # 0, 20, 40, 60 s: each within 30 s of the next -> one action (the last one is kept).
    chain = [line(FT, at(s)) for s in (0, 20, 40, 60)]
    assert counts(chain)[0][10].total_requests == 1
    assert counts(chain + [line(FT, at(100))])[0][10].total_requests == 2


def test_double_click_keeps_the_second_click_across_hours():
    # 10:59:50 and 11:00:10: one action, counted in the 11h session (one unique, not two).
    c = counts([line(FT, at(3590)), line(FT, at(10, hour=11))])[0][10]
    assert (c.total_requests, c.unique_requests) == (1, 1)


def test_double_click_is_per_format_and_per_user():
    c = counts([line(FT, at(0)), line(PDF, at(5))])[0][10]
    assert (c.total_requests, c.unique_requests) == (2, 1)
    c = counts([line(FT, at(0)), line(FT, at(5), ip="200.9.9.9")])[0][10]
    assert (c.total_requests, c.unique_requests) == (2, 2)
    c = counts([line(FT, at(0)), line(FT, at(5), agent="Mozilla/5.0 Safari/605")])[0][10]
    assert c.total_requests == 2


def test_abstract_then_full_text_are_two_links():
    c = counts([line(ABSTRACT, at(0)), line(FT, at(5))])[0][10]
    assert (c.total_investigations, c.total_requests, c.unique_investigations) == (2, 1, 1)


def test_languages_of_one_format_are_one_click():
    # Same item, same format (HTML), two languages 10 s apart: COUNTER's item is the article.
    assert counts([line(FT, at(0)), line(FT_EN, at(10))])[0][10].total_requests == 1


def test_unique_items_by_hour_slice():
    c = counts([line(FT, at(0)), line(FT, at(600)), line(FT, at(0, hour=11))])[0][10]
    assert (c.total_requests, c.unique_requests) == (3, 2)


def test_unique_regardless_of_format_and_abstract_is_investigation_only():
    c = counts([line(ABSTRACT, at(0)), line(FT, at(60)), line(PDF, at(120)), line(RIS, at(180))])
    assert c[0][10] == Counts(
        total_investigations=4, total_requests=2, unique_investigations=1, unique_requests=1
    )


def test_abstract_only():
    assert counts([line(ABSTRACT, at(0))])[0][10] == Counts(1, 0, 1, 0)


def test_status_304_counts_and_others_do_not():
    c, tally = counts(
        [
            line(FT, at(0), status=304),
            line(OTHER, at(0), status=302),
            line(OTHER, at(100), status=404),
        ]
    )
    assert c[10].total_requests == 1 and 11 not in c
    assert tally["status"] == 2


def test_only_get():
    c, tally = counts([line(FT, at(0), method="HEAD"), line(FT, at(100), method="POST")])
    assert c == {} and tally["method"] == 2


def test_robots_flagged_not_counted():
    tally: Counter = Counter()
    lines = [
        line(
            FT,
            at(0),
            agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        ),
        line("/j/rsd/", at(1), agent="Mozilla/5.0 (compatible; bingbot/2.0)"),
        line(FT, at(2)),
    ]
    events = list(scan(lines, catalog(), tally))
    assert [e.robot for e in events] == [True, False]
    assert count_events(events)[10].total_requests == 1
    assert (tally["robot"], tally["robot_items"], tally["kept"]) == (2, 1, 1)


def test_static_and_unknown_and_malformed_are_reported():
    _, tally = counts(
        [line("/static/site.css", at(0)), line("/nothing/here", at(1)), "not a log line",
         line("/j/rsd/", at(2)), line("/pid/S2764-50102023000100001.html", at(3))]
    )  # fmt: skip
    assert tally == Counter(read=5, static=1, unknown_url=1, malformed=1, not_an_item=1,
                            redirect_page=1, kept=0, robot_items=0)  # fmt: skip


def test_migration_urls_count_for_the_same_item():
    c = counts(
        [line("/scielo.php?script=sci_arttext&pid=S2764-50102023000100001&tlng=pt", at(0)),
         line("/j/rsd/a/AbCdEfGhIjKlMnOpQrStUvW/?lang=pt&format=pdf", at(100)),
         line("/pdf/rsd/v12n1/2764-5010-rsd-12-01-0001.pdf", at(110))]
    )[0][10]  # fmt: skip
    # The PDF at 100 s and 110 s is a double-click (same item, same format).
    assert (c.total_requests, c.unique_requests) == (2, 1)


events_strategy = st.lists(
    st.builds(
        Event,
        time=st.integers(0, 4 * 3600),
        user=st.integers(0, 3),
        item_id=st.integers(1, 3),
        format=st.sampled_from(["html", "pdf", "ris"]),
        request=st.booleans(),
        lang=st.just("pt"),
        robot=st.booleans(),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(events_strategy, st.randoms())
def test_order_never_changes_counts(events, rnd):
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert count_events(shuffled) == count_events(events)


@settings(max_examples=100, deadline=None)
@given(events_strategy)
def test_metric_invariants(events):
    for c in count_events(events).values():
        assert c.total_requests <= c.total_investigations
        assert c.unique_requests <= c.total_requests
        assert c.unique_investigations <= c.total_investigations
        assert c.unique_requests <= c.unique_investigations


def test_shuffled_log_lines_give_the_same_counts():
    rng = random.Random(7)
    lines = [line(rng.choice([FT, PDF, ABSTRACT, OTHER]), at(rng.randrange(7200)),
                  ip=f"200.1.1.{rng.randrange(4)}") for _ in range(300)]  # fmt: skip
    shuffled = lines[:]
    rng.shuffle(shuffled)
    assert counts(shuffled)[0] == counts(lines)[0]
