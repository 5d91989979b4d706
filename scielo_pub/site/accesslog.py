"""A WSGI application and a file path in, the same application writing one Apache combined-format
line per response out, so a collection served by ``scielo-pub serve --access-log FILE`` produces the
logs ``scielo-pub usage import`` reads.

Fields are escaped as Apache's ``mod_log_config`` does (``"`` and ``\\`` with a backslash, other
control and non-ASCII bytes as ``\\xhh``), so a hostile user agent cannot forge a second line or field.
The line is written when the response body is closed, with the bytes actually sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path


def _escape(text: str) -> str:
    out = []
    for byte in text.encode("utf-8", "surrogateescape"):
        if byte in (0x22, 0x5C):
            out.append("\\" + chr(byte))
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)


def _now() -> str:
    t = time.localtime()
    offset = t.tm_gmtoff // 60
    sign = "+" if offset >= 0 else "-"
    stamp = time.strftime("%d/%b/%Y:%H:%M:%S", t)
    # Month names in English whatever the locale (the format's own convention).
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    stamp = f"{t.tm_mday:02d}/{months[t.tm_mon - 1]}/{t.tm_year}" + stamp[stamp.index(":") :]
    return f"{stamp} {sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"


class AccessLog:
    """WSGI middleware appending combined-format lines to ``path`` (thread-safe)."""

    def __init__(self, app: Callable, path: str | Path) -> None:
        self.app = app
        self.path = Path(path)
        self._lock = threading.Lock()
        self._fh = self.path.open("a", encoding="ascii", buffering=1)

    def close(self) -> None:
        with self._lock:
            self._fh.close()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        state = {"status": "500"}

        def capture(status: str, headers, exc_info=None):
            state["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        body = self.app(environ, capture)
        return _Logged(body, self, environ, state)

    def write(self, environ: dict, status: str, size: int) -> None:
        target = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        if not target:
            target = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                target += "?" + environ["QUERY_STRING"]
        request = f"{environ.get('REQUEST_METHOD', '-')} {target} {environ.get('SERVER_PROTOCOL', 'HTTP/1.1')}"
        line = (
            f'{_escape(environ.get("REMOTE_ADDR") or "-")} - - [{_now()}] "{_escape(request)}" '
            f'{status} {size if size else "-"} "{_escape(environ.get("HTTP_REFERER", "-"))}" '
            f'"{_escape(environ.get("HTTP_USER_AGENT", "-"))}"\n'
        )
        with self._lock:
            self._fh.write(line)


class _Logged:
    """The response body, counted as it is sent; the line is written on ``close``."""

    def __init__(self, body: Iterable[bytes], log: AccessLog, environ: dict, state: dict) -> None:
        self.body, self.log, self.environ, self.state, self.size = body, log, environ, state, 0

    def __iter__(self):
        for chunk in self.body:
            self.size += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.log.write(self.environ, self.state["status"], self.size)
