"""OAI-PMH arguments, datestamps and resumption tokens, checked without a store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scielo_pub.site.oai_protocol import (
    DAY,
    SECONDS,
    OAIErrors,
    TokenCodec,
    TokenState,
    parse_request,
    parse_stamp,
    window,
)

FORMATS = ("oai_dc", "jats", "lilacs")


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def codec() -> TokenCodec:
    return TokenCodec("secret", "demo", timedelta(hours=1))


def parse(codec: TokenCodec, **args: str | list[str]):
    given_args = {k.rstrip("_"): v if isinstance(v, list) else [v] for k, v in args.items()}
    return parse_request(given_args, codec, FORMATS)


def codes(codec: TokenCodec, **args) -> tuple[list[str], bool]:
    with pytest.raises(OAIErrors) as caught:
        parse(codec, **args)
    return [e.code for e in caught.value.errors], caught.value.echo


# -- datestamps ------------------------------------------------------------------------------------


def test_day_and_second_datestamps():
    day = parse_stamp("2024-03-01")
    assert day.granularity == DAY and day.instant == datetime(2024, 3, 1, tzinfo=UTC)
    sec = parse_stamp("2024-03-01T12:30:05Z")
    assert sec.granularity == SECONDS and sec.instant == datetime(2024, 3, 1, 12, 30, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    ["2024-3-1", "2024-03-01T12:30Z", "2024-03-01T12:30:05", "2024-03-01T12:30:05.5Z",
     "2024-02-30", "2024-03-01T25:00:00Z", "0000-01-01", "yesterday", "2024-03-01 ",
     "2024-03-01T12:30:05+01:00"],
)  # fmt: skip
def test_malformed_datestamps_are_refused(text):
    with pytest.raises(ValueError):
        parse_stamp(text)


def test_until_is_inclusive_to_its_granularity():
    assert window(None, "2024-03-01", None).before == datetime(2024, 3, 2, tzinfo=UTC)
    seconds = window("2024-03-01T00:00:00Z", "2024-03-01T10:00:00Z", None)
    assert seconds.start == datetime(2024, 3, 1, tzinfo=UTC)
    assert seconds.before == datetime(2024, 3, 1, 10, 0, 1, tzinfo=UTC)
    assert window(None, "9999-12-31", None).before is None
    assert window("0001-01-01", "9999-12-31T23:59:59Z", None).before is None


# -- verbs and arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [{}, {"verb": "Frobnicate"}, {"verb": ["Identify", "Identify"]}, {"verb": "identify"}],
)
def test_bad_verbs(codec, args):
    assert codes(codec, **args) == (["badVerb"], False)


@pytest.mark.parametrize(
    "args",
    [
        {"verb": "Identify", "set": "x"},
        {"verb": "ListSets", "metadataPrefix": "oai_dc"},
        {"verb": "GetRecord", "identifier": "oai:demo:S1"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords"},
        {"verb": "ListIdentifiers", "metadataPrefix": ["oai_dc", "jats"]},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-01"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01",
         "until": "2024-02-01T00:00:00Z"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-01",
         "until": "2024-01-01"},
        {"verb": "ListRecords", "metadataPrefix": "oai dc"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "journal::x"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "abc"},
        {"verb": "ListMetadataFormats", "identifier": "oai:demo:S1\x00"},
        {"verb": "GetRecord", "identifier": "", "metadataPrefix": "oai_dc"},
        {"verb": "Identify", "resumptionToken": "abc"},
    ],
)  # fmt: skip
def test_bad_arguments_are_reported_without_echo(codec, args):
    found, echo = codes(codec, **args)
    assert found and set(found) == {"badArgument"} and echo is False


def test_every_problem_of_a_request_is_reported(codec):
    with pytest.raises(OAIErrors) as caught:
        parse(codec, verb="ListRecords", from_="x", until="y", color="red")
    messages = [e.message for e in caught.value.errors]
    assert [e.code for e in caught.value.errors] == ["badArgument"] * 4
    assert any("color" in m for m in messages) and any("metadataPrefix" in m for m in messages)
    assert any(m.startswith("from") for m in messages) and any(
        m.startswith("until") for m in messages
    )


def test_unknown_format_is_cannot_disseminate_with_echo(codec):
    assert codes(codec, verb="ListRecords", metadataPrefix="marc21") == (
        ["cannotDisseminateFormat"], True
    )  # fmt: skip


def test_a_good_list_request(codec):
    request = parse(codec, verb="ListRecords", metadataPrefix="jats", from_="2024-01-01",
                    until="2024-01-31", set="journal:ecl")  # fmt: skip
    assert request.metadata_prefix == "jats" and request.token is None
    assert request.window.set_spec == "journal:ecl"
    assert request.window.before == datetime(2024, 2, 1, tzinfo=UTC)
    assert dict(request.args) == {"metadataPrefix": "jats", "from": "2024-01-01",
                                  "until": "2024-01-31", "set": "journal:ecl"}  # fmt: skip


# -- resumption tokens -----------------------------------------------------------------------------


def state(**kw) -> TokenState:
    base = {"verb": "ListRecords", "metadata_prefix": "oai_dc", "after": ("2024-01-01T00:00:00", "7"),
            "cursor": 2, "total": 9}  # fmt: skip
    return TokenState(**(base | kw))


def test_token_round_trip(codec):
    token, expires = codec.issue(state(set_spec="journal:ecl"), datetime(2024, 1, 1, tzinfo=UTC))
    assert expires == datetime(2024, 1, 1, 1, tzinfo=UTC)
    request = parse(codec, verb="ListRecords", resumptionToken=token)
    assert request.token == state(set_spec="journal:ecl")
    assert request.args == {"resumptionToken": token}


def test_altered_token_is_bad(codec):
    token, _ = codec.issue(state(), datetime.now(UTC))
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    assert codes(codec, verb="ListRecords", resumptionToken=flipped) == (
        ["badResumptionToken"],
        True,
    )


def test_token_of_another_repository_or_key_is_bad(codec):
    other = TokenCodec("secret", "other", timedelta(hours=1))
    token, _ = other.issue(state(), datetime.now(UTC))
    assert codes(codec, verb="ListRecords", resumptionToken=token)[0] == ["badResumptionToken"]
    rekeyed = TokenCodec("another secret", "demo", timedelta(hours=1))
    token, _ = rekeyed.issue(state(), datetime.now(UTC))
    assert codes(codec, verb="ListRecords", resumptionToken=token)[0] == ["badResumptionToken"]


def test_token_expires():
    clock = Clock(1_700_000_000)
    codec = TokenCodec("secret", "demo", timedelta(minutes=10), clock=clock)
    token, _ = codec.issue(state(), datetime.now(UTC))
    clock.now += 599
    assert parse(codec, verb="ListRecords", resumptionToken=token).token == state()
    clock.now += 2
    with pytest.raises(OAIErrors) as caught:
        parse(codec, verb="ListRecords", resumptionToken=token)
    assert caught.value.errors[0].code == "badResumptionToken"
    assert "expired" in caught.value.errors[0].message


def test_token_of_another_verb_is_mismatched(codec):
    token, _ = codec.issue(state(), datetime.now(UTC))
    found, _ = codes(codec, verb="ListIdentifiers", resumptionToken=token)
    assert found == ["badResumptionToken"]


def test_signed_token_without_a_record_cursor_is_bad(codec):
    token, _ = codec.issue(state(after=("not a date", "x")), datetime.now(UTC))
    assert codes(codec, verb="ListRecords", resumptionToken=token)[0] == ["badResumptionToken"]


@given(st.text(max_size=80))
def test_any_token_text_is_bad_never_a_crash(text):
    codec = TokenCodec("secret", "demo", timedelta(hours=1))
    args = {"verb": ["ListRecords"], "resumptionToken": [text]}
    with pytest.raises(OAIErrors) as caught:
        parse_request(args, codec, FORMATS)
    assert {e.code for e in caught.value.errors} <= {"badArgument", "badResumptionToken"}


def test_jats_payload_of_an_unexpanded_entity_stays_well_formed():
    from lxml import etree

    from scielo_pub.site.oai_metadata import JATS_NS, jats

    stored = (b'<!DOCTYPE article PUBLIC "-//x" "x.dtd" [<!ENTITY logo SYSTEM "file:///etc/passwd">]>'
              b"<article><p>a &logo; b<i>c</i>&custom;</p><!-- n --></article>")  # fmt: skip
    text = etree.tostring(jats(stored))
    again = etree.fromstring(text, etree.XMLParser(resolve_entities=False, load_dtd=False))
    assert again.tag == f"{{{JATS_NS}}}article" and b"passwd" not in text
    assert "".join(again.find(f"{{{JATS_NS}}}p").itertext()) == "a &logo; bc&custom;"
