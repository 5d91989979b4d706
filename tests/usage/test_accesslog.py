"""serve --access-log: the app writes combined-format lines that the importer reads back."""

from __future__ import annotations

from collections import Counter

from scielo_pub.site import create_app
from scielo_pub.site.accesslog import AccessLog
from scielo_pub.store import connect
from scielo_pub.usage.counter import count_events, scan
from scielo_pub.usage.logs import parse_line

from .helpers import catalog
from .store_seed import seed

PAGE = "j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html"


def test_served_requests_are_logged_and_counted(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = connect(url)
    seed(engine)
    engine.dispose()
    site = tmp_path / "site"
    (site / PAGE).parent.mkdir(parents=True)
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    (site / PAGE).write_text("<p>article</p>", encoding="utf-8")
    app = create_app(site, {"TESTING": True}, db=url)
    log = tmp_path / "access.log"
    app.wsgi_app = AccessLog(app.wsgi_app, log)
    client = app.test_client()
    agent = 'Evil "agent"\n1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET /x HTTP/1.1" 200 1 "-" "y"'
    for env in ({"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/126.0", "HTTP_REFERER": "https://x.org/"},
                {"HTTP_USER_AGENT": agent}):  # fmt: skip
        with client.get("/" + PAGE, environ_base={"REMOTE_ADDR": "200.1.2.3", **env}) as r:
            assert r.status_code == 200
    with client.get("/missing.html") as r:
        assert r.status_code == 404
    app.wsgi_app.close()
    app.extensions["scielo_pub_store"].dispose()
    lines = log.read_text(encoding="ascii").splitlines()
    assert len(lines) == 3  # the forged line inside the agent did not become a line of its own
    first = parse_line(lines[0])
    assert (first.client, first.method, first.target, first.status) == (
        "200.1.2.3",
        "GET",
        "/" + PAGE,
        200,
    )
    assert first.referer == "https://x.org/" and first.agent == "Mozilla/5.0 Firefox/126.0"
    assert parse_line(lines[1]).agent.startswith('Evil \\"agent\\"\\x0a1.2.3.4')
    assert parse_line(lines[2]).status == 404
    tally: Counter = Counter()
    counts = count_events(scan(lines, catalog(), tally))
    assert counts[10].total_requests == 2 and tally["status"] == 1
