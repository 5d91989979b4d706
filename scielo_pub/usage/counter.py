"""Log lines in, COUNTER R5.1 events and counts out: the Code of Practice's processing rules in order.

Per line (``scan``), in this order; the first rule a line fails is its reason in the import report
(static comes first because it is the cheapest test and most lines fail it; the order changes no count
of what is kept, only which reason an ignored line is listed under):

1. ``static``: stylesheets, scripts, images, fonts (page furniture, not content), judged from the
   requested path alone, before the rest of the line is parsed.
2. ``malformed``: not a combined-format line, no path, or no valid time.
3. ``method``: only GET delivers content (HEAD, POST... are not usage).
4. ``status``: only 200 and 304 are successful requests (COUNTER 7.1); redirects and errors are not.
5. ``robot``: the agent matches COUNTER's robot list (the ``counter-robots`` package, whose version
   each import records). Robot hits on items are *kept and flagged*, never counted.
6. ``unknown_url`` / ``not_an_item`` / ``redirect_page``: the target names no item (``items.py``).

What passes is an *event*: UTC second, user (a 64-bit digest of address + agent; no address is
stored), item, format, Request or Investigation, language. Counting (``apply_rules``) then runs over
the events of all files together, sorted by user, item and time:

7. Double-click (COUNTER 7.2): two clicks by one user on the same link (one item, one format, one
   kind of page: abstract/metadata or full text) within 30 seconds are one; the first is dropped,
   the second kept, so a chain 0 s, 20 s, 40 s counts once.
8. Unique items (COUNTER 7.3): one per item per user-session, whatever the format; the session is
   user + date + hour (UTC). An item opened in HTML and PDF in one session is one Unique_Item_Request.
9. Every Request is also an Investigation; abstracts and metadata downloads are Investigations only.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import counter_robots

from .items import SEARCH, STATIC_EXTENSIONS, Catalog, Hit
from .logs import LINE_RE, client_address, parse_time

ROBOTS_VERSION = f"counter-robots {counter_robots.__version__}"
DOUBLE_CLICK_SECONDS = 30

REASONS = (
    "malformed",
    "method",
    "status",
    "static",
    "robot",
    "unknown_url",
    "not_an_item",
    "redirect_page",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One counted-or-flagged action on an item (see the module docstring)."""

    time: int
    user: int
    item_id: int
    format: str
    request: bool
    lang: str
    robot: bool = False
    country: str | None = None


is_robot = lru_cache(maxsize=65536)(counter_robots.is_robot_or_machine)


@lru_cache(maxsize=65536)
def user_key(client: str, agent: str) -> int:
    """A stable signed 64-bit digest of address + agent: the COUNTER user, without the address."""
    digest = hashlib.blake2b(f"{client}\x00{agent}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def scan(
    lines: Iterable[str],
    catalog: Catalog,
    tally: Counter,
    searches: Counter | None = None,
    country_of: Callable[[str], str | None] | None = None,
) -> Iterator[Event]:
    """Apply rules 1-6 to each line; yield events (robot ones flagged), count reasons in ``tally``.

    ``tally`` gets ``read``, ``kept`` (events not from robots), ``robot_items`` (flagged events),
    ``search`` (platform searches by users) and one key per reason in ``REASONS``; ``searches``
    gets the searches per UTC day number. ``country_of`` (a GeoIP lookup) gives each event the
    country of its address; without it the country is unknown.
    """
    match = LINE_RE.match
    resolve = catalog.resolve
    static = STATIC_EXTENSIONS
    read = kept = robot_items = n_static = 0
    try:
        for line in lines:
            read += 1
            # Rule 2 first and without the full expression (most lines are page furniture): the
            # target is the second word after the first quote; its last part's extension decides.
            q = line.find('"')
            if q > 0:
                sp = line.find(" ", q)
                path = line[sp + 1 : line.find(" ", sp + 1)].partition("?")[0]
                dot = path.rfind(".")
                if dot > path.rfind("/") + 1 and path[dot + 1 :].lower() in static:
                    n_static += 1
                    continue
            m = match(line)
            if m is None:
                tally["malformed"] += 1
                continue
            pre, time_text, request, status, _referer, agent = m.groups()
            parts = request.split(" ")
            target = parts[1] if len(parts) > 2 else ""
            if parts[0] != "GET":
                tally["method"] += 1
                continue
            if status != "200" and status != "304":
                tally["status"] += 1
                continue
            if not target.startswith("/"):
                tally["malformed"] += 1
                continue
            when = parse_time(time_text)
            if when is None:
                tally["malformed"] += 1
                continue
            agent = agent or ""
            robot = is_robot(agent)
            hit = resolve(target)
            if robot:
                tally["robot"] += 1
            if not isinstance(hit, Hit):
                if robot:
                    continue
                if hit == SEARCH:
                    if searches is not None:
                        searches[when // 86400] += 1
                    tally["search"] += 1
                else:
                    tally[hit] += 1
                continue
            if robot:
                robot_items += 1
            else:
                kept += 1
            client = client_address(pre)
            country = country_of(client) if country_of is not None else None
            yield Event(when, user_key(client, agent), hit.item_id, hit.format, hit.request,
                        hit.lang, robot, country)  # fmt: skip
    finally:
        tally["read"] += read
        tally["static"] += n_static
        tally["kept"] += kept
        tally["robot_items"] += robot_items


@dataclass(frozen=True, slots=True)
class Counts:
    """The four COUNTER item metrics."""

    total_investigations: int = 0
    total_requests: int = 0
    unique_investigations: int = 0
    unique_requests: int = 0


def sort_key(e: Event) -> tuple:
    """The order ``apply_rules`` needs: user, item, time, then fixed tie-breakers (so equal seconds
    give the same survivors whatever order the lines came in)."""
    return (e.user, e.item_id, e.time, e.format, e.request, e.lang)


def apply_rules(events: Iterable[Event]) -> Iterator[tuple[Event, bool, bool]]:
    """Rules 7-9 over events in ``sort_key`` order, robots left out.

    Yields each event that survives the double-click rule with two flags: it is the first of its
    user-session on that item (a Unique_Item_Investigation), and the first *Request* of its
    user-session on that item (a Unique_Item_Request). Memory is one (user, item) group at a time,
    so a month streamed from the store in that order is counted in constant memory.
    """
    group: tuple[int, int] | None = None
    pending: dict[tuple[str, bool], Event] = {}
    survivors: list[Event] = []

    def flush() -> Iterator[tuple[Event, bool, bool]]:
        survivors.extend(pending.values())
        survivors.sort(key=lambda e: e.time)
        inv_hours: set[int] = set()
        req_hours: set[int] = set()
        for e in survivors:
            hour = e.time // 3600
            new_inv = hour not in inv_hours
            inv_hours.add(hour)
            new_req = e.request and hour not in req_hours
            if e.request:
                req_hours.add(hour)
            yield e, new_inv, new_req
        pending.clear()
        survivors.clear()

    for e in events:
        if e.robot:
            continue
        key = (e.user, e.item_id)
        if key != group:
            yield from flush()
            group = key
        link = (e.format, e.request)  # the same link: same format and same kind of page
        before = pending.get(link)
        if before is not None and e.time - before.time > DOUBLE_CLICK_SECONDS:
            survivors.append(before)
        pending[link] = e
    yield from flush()


def count_events(events: Iterable[Event]) -> dict[int, Counts]:
    """The four metrics per item over a set of events in any order (sorts them, then applies rules)."""
    ordered = sorted(events, key=sort_key)
    totals: dict[int, list[int]] = {}
    for e, new_inv, new_req in apply_rules(ordered):
        t = totals.setdefault(e.item_id, [0, 0, 0, 0])
        t[0] += 1
        t[1] += e.request
        t[2] += new_inv
        t[3] += new_req
    return {item: Counts(*t) for item, t in totals.items()}
