"""Shared helpers for the LILACS tests: an independent ISO reader (ioisis) and small record builders."""

from __future__ import annotations

import io
import warnings

from scielo_pub.lilacs.isis import IsisRecord, split_subfields

with warnings.catch_warnings():
    # construct 2.10.56 (pinned by ioisis) imports the deprecated ``imp`` module.
    warnings.simplefilter("ignore", DeprecationWarning)
    from ioisis import iso as ioisis_iso
    from ioisis.fieldutils import SubfieldParser

_SFP = SubfieldParser("^", empty=True, number=False)


def ioisis_fields(data: bytes, encoding: str) -> list[list[tuple[int, str]]]:
    """Records of an ISO file as ioisis reads them: ``[(tag, value), ...]`` per record."""
    stream = io.BytesIO(data)
    return [
        [(int(tag), value) for tag, value in record]
        for record in ioisis_iso.iter_tl(stream, encoding=encoding, only_active=False)
    ]


def ioisis_subfields(value: str) -> list[tuple[str, str]]:
    """ioisis's own split of a field into ``("", text)`` and ``(code, value)`` pairs."""
    return list(_SFP(value))


def our_subfields(value: str) -> list[tuple[str, str]]:
    text, subs = split_subfields(value)
    return [("", text), *subs]


def record(*fields: tuple[int, str], status: str = "0") -> IsisRecord:
    return IsisRecord(tuple(fields), status)
