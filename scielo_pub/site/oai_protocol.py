"""OAI-PMH request arguments in, a checked request (or the protocol's error codes) out.

This is the part of the provider that needs no store: which arguments each of the six verbs takes,
datestamps at day and second granularity, and resumption tokens. A token is a keyset cursor (the last
``(datestamp, identifier)`` a page held, or the last setSpec) together with the arguments of the
request that started the list, signed with itsdangerous so a forged, altered, expired or mismatched
token is a ``badResumptionToken`` rather than a wrong page.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from ..store.oai import Window

#: Arguments each verb requires and allows (``resumptionToken`` is exclusive where allowed).
VERBS: dict[str, tuple[frozenset[str], frozenset[str], bool]] = {
    "Identify": (frozenset(), frozenset(), False),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"}), False),
    "ListSets": (frozenset(), frozenset(), True),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset(), False),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), True),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), True),
}
LIST_VERBS = frozenset({"ListIdentifiers", "ListRecords"})

DAY = "YYYY-MM-DD"
SECONDS = "YYYY-MM-DDThh:mm:ssZ"
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECONDS_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
#: The XSD's patterns for metadataPrefix and setSpec (values echoed in ``request`` must match them).
PREFIX_RE = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
SETSPEC_RE = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
#: Characters XML 1.0 cannot carry, and whitespace (no identifier or token holds any).
_BAD_CHARS = re.compile(r"[\x00-\x20\x7f\ud800-\udfff\ufffe\uffff]")


class OAIError(Exception):
    """One OAI-PMH error condition: its code (as the protocol names it) and a message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class OAIErrors(Exception):
    """Several error conditions found in one request (the protocol reports them all)."""

    def __init__(self, errors: Sequence[OAIError], echo: bool) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = tuple(errors)
        #: Whether the ``request`` element may echo the arguments (not after badVerb/badArgument).
        self.echo = echo


@dataclass(frozen=True, slots=True)
class Stamp:
    """A datestamp argument: the instant and the granularity it was given in."""

    text: str
    granularity: str
    instant: datetime

    @property
    def day(self) -> bool:
        return self.granularity == DAY


def parse_stamp(text: str) -> Stamp:
    """``2024-03-01`` or ``2024-03-01T12:00:00Z`` (UTC); anything else raises ``ValueError``."""
    if _DAY_RE.fullmatch(text):
        return Stamp(text, DAY, datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC))
    if _SECONDS_RE.fullmatch(text):
        instant = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return Stamp(text, SECONDS, instant)
    raise ValueError(f"{text!r} is not a UTC datestamp ({DAY} or {SECONDS})")


def format_stamp(instant: datetime) -> str:
    """A datestamp at second granularity, as headers and ``responseDate`` carry it."""
    if instant.tzinfo is not None:
        instant = instant.astimezone(UTC)
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class OAIRequest:
    """A checked request: the verb, its arguments, and the decoded token when one was given."""

    verb: str
    #: The arguments as given (echoed in the response's ``request`` element).
    args: Mapping[str, str] = field(default_factory=dict)
    identifier: str | None = None
    metadata_prefix: str | None = None
    window: Window = Window()
    token: TokenState | None = None


@dataclass(frozen=True, slots=True)
class TokenState:
    """What a resumption token carries: the list's arguments and where the last page ended."""

    verb: str
    metadata_prefix: str | None = None
    start: str | None = None
    until: str | None = None
    set_spec: str | None = None
    #: The keyset cursor: ``[datestamp ISO, identifier]`` for records, ``[setSpec]`` for sets.
    after: tuple[str, ...] = ()
    #: Items already sent before the next page, and the size of the whole list when known.
    cursor: int = 0
    total: int | None = None

    def to_json(self) -> dict:
        return {
            "v": self.verb, "m": self.metadata_prefix, "f": self.start, "u": self.until,
            "s": self.set_spec, "a": list(self.after), "c": self.cursor, "n": self.total,
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: object) -> TokenState:
        if not isinstance(data, dict):
            raise ValueError("token payload is not an object")
        after = data.get("a")
        if not isinstance(after, list) or not all(isinstance(a, str) for a in after):
            raise ValueError("token cursor is not a list of strings")
        state = cls(
            verb=_str(data.get("v")) or "",
            metadata_prefix=_str(data.get("m")),
            start=_str(data.get("f")),
            until=_str(data.get("u")),
            set_spec=_str(data.get("s")),
            after=tuple(after),
            cursor=_int(data.get("c")) or 0,
            total=_int(data.get("n")),
        )
        if state.verb not in VERBS or state.cursor < 0:
            raise ValueError("token names no list of this repository")
        return state


def _str(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError("token field is not a string")


def _int(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError("token field is not an integer")


class TokenCodec:
    """Issues and reads resumption tokens for one repository (HMAC-signed, time-limited)."""

    def __init__(
        self,
        secret: str | bytes,
        repository: str,
        ttl: timedelta,
        clock: Callable[[], float] = time.time,
    ) -> None:
        class ClockSigner(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(clock())

        self._serializer = URLSafeTimedSerializer(
            secret, salt=f"oai-pmh:{repository}", signer=ClockSigner
        )
        self.ttl = ttl

    def issue(self, state: TokenState, now: datetime) -> tuple[str, datetime]:
        """The token text and the instant it expires."""
        return self._serializer.dumps(state.to_json()), now + self.ttl

    def read(self, token: str, verb: str) -> TokenState:
        """The state a token carries, or ``badResumptionToken`` saying what is wrong with it."""
        try:
            data = self._serializer.loads(token, max_age=int(self.ttl.total_seconds()))
        except SignatureExpired:
            raise OAIError(
                "badResumptionToken", "the resumption token has expired; start the list again"
            ) from None
        except BadSignature:
            raise OAIError(
                "badResumptionToken", "the resumption token was not issued by this repository"
            ) from None
        try:
            state = TokenState.from_json(data)
        except ValueError as exc:
            raise OAIError(
                "badResumptionToken", f"the resumption token is malformed: {exc}"
            ) from None
        if state.verb != verb:
            raise OAIError(
                "badResumptionToken", f"the resumption token continues {state.verb}, not {verb}"
            )
        return state


def parse_request(
    args: Mapping[str, Sequence[str]], codec: TokenCodec, formats: Sequence[str]
) -> OAIRequest:
    """Check the arguments of one request (``name -> values``, repeats included).

    Raises ``OAIErrors`` with every problem found; ``badVerb`` and ``badArgument`` forbid echoing
    the arguments, the others do not.
    """
    verbs = list(args.get("verb", ()))
    if len(verbs) != 1 or verbs[0] not in VERBS:
        problem = (
            "the verb argument is missing" if not verbs
            else "the verb argument is repeated" if len(verbs) > 1
            else f"{_shown(verbs[0])} is not an OAI-PMH verb"
        )  # fmt: skip
        raise OAIErrors([OAIError("badVerb", problem)], echo=False)
    verb = verbs[0]
    single = _single_values(args, verb)
    request = OAIRequest(verb, single)
    if "resumptionToken" in single:
        return replace(request, token=_resume(single, verb, codec))
    return _fresh(request, formats)


def _single_values(args: Mapping[str, Sequence[str]], verb: str) -> dict[str, str]:
    """Every argument once, known to the verb and printable; else ``badArgument`` for each problem."""
    required, optional, resumable = VERBS[verb]
    allowed = required | optional | {"verb"} | ({"resumptionToken"} if resumable else set())
    errors: list[OAIError] = []
    single: dict[str, str] = {}
    for name, values in args.items():
        if name not in allowed:
            errors.append(OAIError("badArgument", f"{verb} takes no argument {_shown(name)}"))
        elif len(values) != 1:
            errors.append(OAIError("badArgument", f"the argument {name} is repeated"))
        elif name != "verb":
            single[name] = values[0]
    if "resumptionToken" in single:
        others = sorted(set(single) - {"resumptionToken"})
        if others:
            errors.append(OAIError(
                "badArgument", f"resumptionToken is exclusive; remove {', '.join(others)}"
            ))  # fmt: skip
    else:
        errors += [
            OAIError("badArgument", f"{verb} requires the argument {name}")
            for name in sorted(required - set(args))
        ]
    errors += _syntax_errors(single)
    if errors:
        raise OAIErrors(errors, echo=False)
    return single


def _syntax_errors(single: Mapping[str, str]) -> list[OAIError]:
    errors = []
    for name, value in single.items():
        if not value or _BAD_CHARS.search(value):
            errors.append(OAIError("badArgument", f"the argument {name} has an illegal value"))
    prefix = single.get("metadataPrefix")
    if prefix and not PREFIX_RE.fullmatch(prefix):
        errors.append(OAIError("badArgument", f"{_shown(prefix)} is not a metadataPrefix"))
    spec = single.get("set")
    if spec and not SETSPEC_RE.fullmatch(spec):
        errors.append(OAIError("badArgument", f"{_shown(spec)} is not a setSpec"))
    errors += _window_errors(single.get("from"), single.get("until"))
    return errors


def _window_errors(start: str | None, until: str | None) -> list[OAIError]:
    stamps = {}
    errors = []
    for name, text in (("from", start), ("until", until)):
        if text is None:
            continue
        try:
            stamps[name] = parse_stamp(text)
        except ValueError as exc:
            errors.append(OAIError("badArgument", f"{name}: {exc}"))
    if len(stamps) == 2:
        if stamps["from"].granularity != stamps["until"].granularity:
            errors.append(OAIError("badArgument", "from and until have different granularities"))
        elif stamps["from"].instant > stamps["until"].instant:
            errors.append(OAIError("badArgument", "from is later than until"))
    return errors


def window(start: str | None, until: str | None, set_spec: str | None) -> Window:
    """The bounds of a list (arguments already checked): ``until`` is inclusive to its granularity."""
    begin = parse_stamp(start).instant if start else None
    before = None
    if until:
        stamp = parse_stamp(until)
        try:
            before = stamp.instant + (timedelta(days=1) if stamp.day else timedelta(seconds=1))
        except OverflowError:  # until the last instant there is: no upper bound
            before = None
    return Window(begin, before, set_spec)


def _fresh(request: OAIRequest, formats: Sequence[str]) -> OAIRequest:
    args = request.args
    prefix = args.get("metadataPrefix")
    if prefix is not None and prefix not in formats:
        raise OAIErrors(
            [OAIError("cannotDisseminateFormat", f"{prefix} is not a format of this repository "
                      f"(known: {', '.join(formats)})")],
            echo=True,
        )  # fmt: skip
    return replace(
        request,
        identifier=args.get("identifier"),
        metadata_prefix=prefix,
        window=window(args.get("from"), args.get("until"), args.get("set")),
    )


def _resume(single: Mapping[str, str], verb: str, codec: TokenCodec) -> TokenState:
    try:
        state = codec.read(single["resumptionToken"], verb)
        if state.verb in LIST_VERBS and not _record_cursor(state.after):
            raise OAIError("badResumptionToken", "the resumption token has no record cursor")
        if _window_errors(state.start, state.until):
            raise OAIError("badResumptionToken", "the resumption token's bounds are not datestamps")
    except OAIError as exc:
        raise OAIErrors([exc], echo=True) from None
    return state


def _record_cursor(after: tuple[str, ...]) -> bool:
    """``[datestamp ISO, row id]``: where the previous page of a record list ended."""
    if len(after) != 2 or not after[1].isdigit():
        return False
    try:
        datetime.fromisoformat(after[0])
    except ValueError:
        return False
    return True


def resumed_window(state: TokenState) -> Window:
    return window(state.start, state.until, state.set_spec)


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message, cut short and with unprintable characters escaped."""
    text = value if len(value) <= limit else value[:limit] + "..."
    return repr(text)
