"""Combined-log lines -> requests: the three shapes, the client address, times in UTC, gzip."""

from __future__ import annotations

import gzip

from scielo_pub.usage.logs import LogFile, parse_line, parse_time

AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36"


def test_combined_line():
    r = parse_line(
        '177.52.0.1 - - [21/May/2021:23:58:50 -0300] "GET /scielo.php?pid=S1&script=sci_arttext '
        f'HTTP/1.1" 200 8231 "https://www.scielo.br/" "{AGENT}"'
    )
    assert r is not None
    assert (r.client, r.method, r.target, r.status) == (
        "177.52.0.1", "GET", "/scielo.php?pid=S1&script=sci_arttext", 200,
    )  # fmt: skip
    assert r.time == parse_time("22/May/2021:02:58:50 +0000")
    assert r.agent == AGENT and r.referer == "https://www.scielo.br/"


def test_virtual_host_first_and_trailing_fields():
    r = parse_line(
        'scielo.isciii.es 200.46.0.1 - - [12/Feb/2024:04:03:47 +0100] "GET /a HTTP/1.1" 200 288 '
        f'"-" "{AGENT}" 385 782 549'
    )
    assert r is not None and r.client == "200.46.0.1" and r.agent == AGENT


def test_forwarded_for_list_first_public_address():
    text = (
        "10.0.0.7 10.0.0.8, 45.65.189.47, 198.41.230.129 - [10/Dec/2024:00:00:16 -0300] "
        f'"GET /x HTTP/1.1" 304 166 "-" "{AGENT}"'
    )
    assert parse_line(text).client == "45.65.189.47"
    only_private = text.replace("45.65.189.47, ", "")
    assert parse_line(only_private).client == "198.41.230.129"
    none_public = f'10.0.0.7 - - [10/Dec/2024:00:00:16 -0300] "GET /x HTTP/1.1" 200 1 "-" "{AGENT}"'
    assert parse_line(none_public).client == "10.0.0.7"


def test_ipv6_client_and_signless_offset():
    r = parse_line(
        "2806:108e:21::a7fb 2806:108e:21::a7fb 108.162.246.22 [10/Dec/2024:00:00:120300] "
        f'"GET /x HTTP/1.1" 200 1 "-" "{AGENT}"'
    )
    assert r.client == "2806:108e:21::a7fb"
    assert r.time == parse_time("09/Dec/2024:21:00:12 +0000")


def test_escaped_quotes_in_agent():
    r = parse_line(
        '1.1.1.1 - - [01/Jan/2024:00:00:00 +0000] "GET /x HTTP/1.1" 200 1 "-" "a \\"b\\" c"'
    )
    assert r is not None and r.agent == 'a \\"b\\" c'


def test_bad_lines_are_none():
    assert parse_line("") is None
    assert parse_line("garbage garbage") is None
    bad_date = '1.1.1.1 - - [21/May/20231:23:58:50 -0300] "GET /x HTTP/1.1" 200 1 "-" "a"'
    assert parse_line(bad_date) is None
    bad_month = '1.1.1.1 - - [21/Foo/2023:23:58:50 -0300] "GET /x HTTP/1.1" 200 1 "-" "a"'
    assert parse_line(bad_month) is None


def test_gzip_and_plain_have_one_fingerprint(tmp_path):
    text = b"line one\nline two\r\nline three"
    (tmp_path / "a.log").write_bytes(text)
    (tmp_path / "b.log.gz").write_bytes(gzip.compress(text))
    plain, packed = LogFile(tmp_path / "a.log"), LogFile(tmp_path / "b.log.gz")
    assert list(plain) == list(packed) == ["line one", "line two", "line three"]
    assert plain.digest == packed.digest and plain.lines_read == 3


def test_invalid_utf8_does_not_stop_reading(tmp_path):
    (tmp_path / "a.log").write_bytes(b"caf\xe9\nnext\n")
    assert list(LogFile(tmp_path / "a.log")) == ["caf\ufffd", "next"]


def test_special_files_are_refused(tmp_path):
    import pytest

    with pytest.raises(OSError):
        list(LogFile(tmp_path))
    with pytest.raises(OSError):
        list(LogFile("/dev/zero"))


def test_overlong_line_is_cut_and_reading_goes_on(tmp_path):
    big = b"x" * (LogFile.MAX_LINE * 3 + 5)
    (tmp_path / "a.log").write_bytes(b"first\n" + big + b"\nlast\n")
    log = LogFile(tmp_path / "a.log")
    log.CHUNK = 4096
    lines = list(log)
    assert lines[0] == "first" and lines[-1] == "last"
    assert len(lines) == 3 and len(lines[1]) == LogFile.MAX_LINE
