"""An OAI-PMH request's arguments in, the response document (bytes) out: the six verbs over the store.

``Provider.respond`` checks the arguments (``oai_protocol``), asks the store's OAI reader for headers
and records, and writes the envelope: ``responseDate``, the ``request`` element (echoing the
arguments unless the request was a badVerb or badArgument), then the verb's element or the errors.
List verbs fetch one row more than a page to know whether a resumption token is needed; the token
carries the last ``(datestamp, identifier)`` of the page, so the next page is a keyset query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from lxml import etree

from ..store.oai import Header, OAIReader, Record, Window
from . import oai_metadata
from .oai_protocol import (
    OAIError,
    OAIErrors,
    OAIRequest,
    TokenCodec,
    TokenState,
    format_stamp,
    parse_request,
    resumed_window,
)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_XSD = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
ID_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
ID_XSD = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
XSI = oai_metadata.XSI_NS
#: oai-identifier's repositoryIdentifier: a domain-name-like string (at least one dot).
_DOMAIN_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")


@dataclass(frozen=True)
class ProviderConfig:
    """Settings of one provider: where it answers, who runs it, how lists are cut."""

    #: The URL of the ``/oai`` endpoint (Identify's baseURL, the ``request`` element's text).
    endpoint: str
    #: The ``<repository>`` of ``oai:<repository>:<PID>`` identifiers.
    repository: str
    admin_emails: tuple[str, ...]
    page_size: int
    codec: TokenCodec
    #: Where relative schema locations (the lilacs format's XSD) are resolved; the public base URL.
    site_url: str
    #: The base URL the build stored; record identifiers under it are moved to ``site_url``.
    store_url: str = ""


class Provider:
    """The six verbs of OAI-PMH 2.0 over one store reader."""

    def __init__(self, reader: OAIReader, config: ProviderConfig) -> None:
        self.reader = reader
        self.config = config
        self._prefix = f"oai:{config.repository}:"

    def respond(self, args: Mapping[str, Sequence[str]], now: datetime | None = None) -> bytes:
        """The whole response document for a request with ``args`` (each name with its values)."""
        now = now or datetime.now(UTC)
        root, request_el = self._envelope(now)
        try:
            request = parse_request(args, self.config.codec, oai_metadata.PREFIXES)
        except OAIErrors as problems:
            if problems.echo:
                _echo(request_el, args)
            _errors(root, problems.errors)
            return _serialise(root)
        _echo(request_el, args)
        try:
            body = getattr(self, f"_{request.verb}")(request, now)
        except OAIError as problem:
            _errors(root, [problem])
        else:
            root.append(body)
        return _serialise(root)

    # -- envelope -------------------------------------------------------------------------------

    def _envelope(self, now: datetime) -> tuple[etree._Element, etree._Element]:
        root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{OAI_NS} {OAI_XSD}")
        _sub(root, "responseDate", format_stamp(now))
        request_el = _sub(root, "request", self.config.endpoint)
        return root, request_el

    # -- verbs ----------------------------------------------------------------------------------

    def _Identify(self, request: OAIRequest, now: datetime) -> etree._Element:  # noqa: N802
        info = self.reader.repository()
        el = _el("Identify")
        _sub(el, "repositoryName", info.name)
        _sub(el, "baseURL", self.config.endpoint)
        _sub(el, "protocolVersion", "2.0")
        for email in self.config.admin_emails:
            _sub(el, "adminEmail", email)
        _sub(el, "earliestDatestamp", format_stamp(info.earliest or now))
        _sub(el, "deletedRecord", "persistent")
        _sub(el, "granularity", "YYYY-MM-DDThh:mm:ssZ")
        if _DOMAIN_RE.fullmatch(self.config.repository) and info.sample_pid:
            _sub(el, "description").append(self._oai_identifier(info.sample_pid))
        return el

    def _oai_identifier(self, sample_pid: str) -> etree._Element:
        desc = etree.Element(f"{{{ID_NS}}}oai-identifier", nsmap={None: ID_NS, "xsi": XSI})
        desc.set(f"{{{XSI}}}schemaLocation", f"{ID_NS} {ID_XSD}")
        for name, text in (
            ("scheme", "oai"),
            ("repositoryIdentifier", self.config.repository),
            ("delimiter", ":"),
            ("sampleIdentifier", self._prefix + sample_pid),
        ):
            etree.SubElement(desc, f"{{{ID_NS}}}{name}").text = text
        return desc

    def _ListMetadataFormats(self, request: OAIRequest, now: datetime) -> etree._Element:  # noqa: N802
        prefixes = oai_metadata.PREFIXES
        if request.identifier is not None:
            header = self._header(request.identifier)
            if header.deleted:
                raise OAIError(
                    "noMetadataFormats", f"{request.identifier} was withdrawn; no metadata is kept"
                )
            prefixes = self.reader.formats(header.pid)
            if not prefixes:
                raise OAIError(
                    "noMetadataFormats", f"no format is available for {request.identifier}"
                )
        el = _el("ListMetadataFormats")
        for fmt in oai_metadata.FORMATS:
            if fmt.prefix in prefixes:
                item = _sub(el, "metadataFormat")
                _sub(item, "metadataPrefix", fmt.prefix)
                _sub(item, "schema", _absolute(fmt.schema, self.config.site_url))
                _sub(item, "metadataNamespace", fmt.namespace)
        return el

    def _ListSets(self, request: OAIRequest, now: datetime) -> etree._Element:  # noqa: N802
        state = request.token or TokenState("ListSets")
        after = state.after[0] if state.after else None
        size = self.config.page_size
        found = self.reader.sets(after, size + 1)
        if not found:
            if request.token is None:
                raise OAIError("noSetHierarchy", "the collection has no journals yet, so no sets")
            raise OAIError("badResumptionToken", "the resumption token points past the set list")
        total = state.total if state.total is not None else self.reader.count_sets()
        el = _el("ListSets")
        for item in found[:size]:
            set_el = _sub(el, "set")
            _sub(set_el, "setSpec", item.spec)
            _sub(set_el, "setName", item.name)
        more = len(found) > size
        nxt = TokenState("ListSets", after=(found[size - 1].spec,) if more else (),
                         cursor=state.cursor + min(len(found), size), total=total)  # fmt: skip
        self._token(el, request, state, nxt, more, now)
        return el

    def _GetRecord(self, request: OAIRequest, now: datetime) -> etree._Element:  # noqa: N802
        header = self._header(request.identifier or "")
        prefix = request.metadata_prefix or ""
        record = self.reader.record(header.pid, prefix)
        if record is None:
            raise OAIError(
                "cannotDisseminateFormat",
                f"{request.identifier} is not available as {prefix}",
            )
        el = _el("GetRecord")
        el.append(self._record(record, prefix))
        return el

    def _ListIdentifiers(self, request: OAIRequest, now: datetime) -> etree._Element:  # noqa: N802
        return self._list(request, now)

    def _ListRecords(self, request: OAIRequest, now: datetime) -> etree._Element:  # noqa: N802
        return self._list(request, now)

    # -- lists ----------------------------------------------------------------------------------

    def _list(self, request: OAIRequest, now: datetime) -> etree._Element:
        state = request.token or TokenState(
            request.verb,
            metadata_prefix=request.metadata_prefix,
            start=request.args.get("from"),
            until=request.args.get("until"),
            set_spec=request.args.get("set"),
        )
        window = resumed_window(state) if request.token else request.window
        after = _after(state.after)
        prefix = state.metadata_prefix or ""
        if prefix not in oai_metadata.PREFIXES:
            raise OAIError("badResumptionToken", "the resumption token names an unknown format")
        size = self.config.page_size
        with_metadata = request.verb == "ListRecords"
        rows = self.reader.list(prefix, window, after, size + 1, metadata=with_metadata)
        if not rows:
            raise OAIError("noRecordsMatch", _no_match(window, request.token is not None))
        total = state.total if state.total is not None else self.reader.count(prefix, window)
        el = _el(request.verb)
        for row in rows[:size]:
            el.append(self._record(row, prefix) if with_metadata else self._header_el(row.header))
        more = len(rows) > size
        last = rows[min(len(rows), size) - 1].header
        nxt = TokenState(
            request.verb, prefix, state.start, state.until, state.set_spec,
            after=(last.stamp.isoformat(), str(last.key)) if more else (),
            cursor=state.cursor + min(len(rows), size), total=total,
        )  # fmt: skip
        self._token(el, request, state, nxt, more, now)
        return el

    def _token(
        self, el: etree._Element, request: OAIRequest, state: TokenState,
        nxt: TokenState, more: bool, now: datetime,
    ) -> None:  # fmt: skip
        """A token for the next page; an empty one closing a resumed list; none for a one-page list."""
        if not more and request.token is None:
            return
        token = _sub(el, "resumptionToken")
        if nxt.total:
            token.set("completeListSize", str(nxt.total))
        token.set("cursor", str(state.cursor))
        if more:
            text, expires = self.config.codec.issue(nxt, now)
            token.text = text
            token.set("expirationDate", format_stamp(expires))

    # -- records --------------------------------------------------------------------------------

    def _header(self, identifier: str) -> Header:
        pid = identifier[len(self._prefix) :] if identifier.startswith(self._prefix) else None
        header = self.reader.header(pid) if pid else None
        if header is None:
            raise OAIError(
                "idDoesNotExist", f"{identifier} is not an identifier of this repository"
            )
        return header

    def _header_el(self, header: Header) -> etree._Element:
        el = _el("header")
        if header.deleted:
            el.set("status", "deleted")
        _sub(el, "identifier", self._prefix + header.pid)
        _sub(el, "datestamp", format_stamp(header.stamp))
        for spec in header.sets:
            _sub(el, "setSpec", spec)
        return el

    def _rebased(self, dc):
        """Dublin Core whose landing-page identifiers use the public base URL (``BASE_URL``)."""
        old, new = self.config.store_url, self.config.site_url
        if not old or not hasattr(dc, "identifiers"):
            return dc
        return replace(dc, identifiers=tuple(_rebase(i, old, new) for i in dc.identifiers))

    def _record(self, record: Record, prefix: str) -> etree._Element:
        el = _el("record")
        el.append(self._header_el(record.header))
        if not record.header.deleted and record.payload is not None:
            _sub(el, "metadata").append(self._payload(prefix, record.payload))
        return el

    def _payload(self, prefix: str, payload: object) -> etree._Element:
        if prefix == "oai_dc":
            return oai_metadata.oai_dc(self._rebased(payload))  # type: ignore[arg-type]
        if prefix == "jats":
            return oai_metadata.jats(payload)  # type: ignore[arg-type]
        status, fields = payload  # type: ignore[misc]
        schema = _absolute(oai_metadata.FORMATS[2].schema, self.config.site_url)
        return oai_metadata.lilacs(fields, status, schema)


def _rebase(url: str, old: str, new: str) -> str:
    old, new = old.rstrip("/") + "/", new.rstrip("/") + "/"
    return new + url[len(old) :] if old != new and url.startswith(old) else url


def _after(cursor: tuple[str, ...]) -> tuple[datetime, int] | None:
    return (datetime.fromisoformat(cursor[0]), int(cursor[1])) if len(cursor) == 2 else None


def _no_match(window: Window, resumed: bool) -> str:
    if resumed:
        return "no records remain after the resumption token's position"
    parts = [f"set {window.set_spec}"] if window.set_spec else []
    if window.start or window.before:
        parts.append("the from/until range")
    return "no records match " + (" and ".join(parts) if parts else "this format")


def _absolute(url: str, site_url: str) -> str:
    return url if "://" in url else site_url.rstrip("/") + "/" + url


def _el(name: str) -> etree._Element:
    return etree.Element(f"{{{OAI_NS}}}{name}")


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{OAI_NS}}}{name}")
    if text is not None:
        el.text = text
    return el


def _echo(request_el: etree._Element, args: Mapping[str, Sequence[str]]) -> None:
    for name, values in args.items():
        if values:
            request_el.set(name, values[0])


def _errors(root: etree._Element, errors: Sequence[OAIError]) -> None:
    for problem in errors:
        _sub(root, "error", problem.message).set("code", problem.code)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
