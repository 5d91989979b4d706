"""``scielo-pub usage import|report`` end to end on a SQLite store."""

from __future__ import annotations

import json

from scielo_pub.cli import main
from scielo_pub.store import connect

from .helpers import at, line
from .store_seed import seed

FT = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html"


def setup(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = connect(db)
    seed(engine)
    engine.dispose()
    log = tmp_path / "access.log"
    log.write_text("\n".join([line(FT, at(0)), line(FT, at(100)), "junk"]) + "\n", encoding="utf-8")
    return site, db, log


def test_import_then_report(tmp_path, capsys):
    site, db, log = setup(tmp_path)
    assert main(["usage", "import", "--site", str(site), "--db", db, "--json", str(log)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["lines_read"], out["kept"], out["ignored"]["malformed"]) == (3, 2, 1)
    assert out["robots_list"].startswith("counter-robots")
    assert main(["usage", "import", "--site", str(site), "--db", db, str(log)]) == 0
    assert "duplicate" in capsys.readouterr().out
    args = [
        "usage",
        "report",
        "--site",
        str(site),
        "--db",
        db,
        "--begin",
        "2024-06",
        "--end",
        "2024-06",
    ]
    assert main([*args, "--report", "tr_j3"]) == 0
    report = json.loads(capsys.readouterr().out)
    perf = report["Report_Items"][0]["Attribute_Performance"][0]["Performance"]
    assert perf["Total_Item_Requests"] == {"2024-06": 2}
    assert main([*args, "--report", "IR_A1", "--format", "tsv"]) == 0
    tsv = capsys.readouterr().out.splitlines()
    assert tsv[1].split("\t")[:2] == ["Report_ID", "IR_A1"]
    assert tsv[-1].split("\t")[-3:] == ["Unique_Item_Requests", "1", "1"]


def test_robots_report(tmp_path, capsys):
    site, db, log = setup(tmp_path)
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    with log.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(line(FT, at(s), agent=bot) for s in (200, 300, 400)) + "\n")
    assert main(["usage", "import", "--site", str(site), "--db", db, str(log)]) == 0
    capsys.readouterr()
    args = ["usage", "report", "--site", str(site), "--db", db, "--report", "robots",
            "--begin", "2024-06", "--end", "2024-06"]  # fmt: skip
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["months"] == [{"month": "2024-06", "robot_hits": 3, "investigations": 2,
                               "robot_share": 0.6}]  # fmt: skip
    assert data["articles"][0]["pid"] == "S2764-50102023000100001"
    assert main([*args, "--format", "tsv"]) == 0
    assert "2024-06\t10\tS2764-50102023000100001" in capsys.readouterr().out


def test_misuse_exits_2(tmp_path, capsys):
    site, db, log = setup(tmp_path)
    base = ["usage", "report", "--site", str(site), "--db", db]
    assert main([*base, "--report", "XX", "--begin", "2024-01", "--end", "2024-02"]) == 2
    assert main([*base, "--report", "TR", "--begin", "2024-13", "--end", "2024-02"]) == 2
    assert main([*base, "--report", "TR", "--begin", "2024-03", "--end", "2024-02"]) == 2
    assert main(["usage", "import", "--site", str(tmp_path / "nope"), str(log)]) == 2
    assert main(["usage", "import", "--site", str(site), "--db", db, str(tmp_path / "x.log")]) == 2
    err = capsys.readouterr().err
    assert "x.log:1:1: error:" in err and "[usage-unreadable]" in err
