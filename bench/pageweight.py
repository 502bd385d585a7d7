"""What a phone downloads: exact bytes on the wire for a page and everything it references.

Each resource is fetched over a raw socket with `Accept-Encoding: gzip`, so the count is the
status line, headers and compressed body exactly as the server sent them, not an estimate.
"""

from __future__ import annotations

import gzip
import re
import socket
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# <link rel=...> values a browser fetches while loading the page.
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload"}
FONT = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|$)")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


@dataclass(frozen=True)
class Fetched:
    path: str
    status: int
    headers: dict[str, str]
    header_bytes: int  # status line and headers, with the blank line
    body_bytes: int  # as sent: compressed when the server compressed it
    text: str  # decoded and decompressed, for finding what it references

    @property
    def wire_bytes(self) -> int:
        return self.header_bytes + self.body_bytes

    @property
    def kind(self) -> str:
        if FONT.search(self.path):
            return "font"
        content_type = self.headers.get("content-type", "")
        for kind in ("html", "css", "javascript", "svg", "image"):
            if kind in content_type:
                return {"javascript": "js", "svg": "icon", "image": "image"}.get(kind, kind)
        return content_type or "other"


def fetch(base: str, path: str, cookie: str = "") -> Fetched:
    """GET path as a phone would, over HTTP/1.1, and count every byte that comes back."""
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Accept-Encoding: gzip",
        "Accept-Language: en",
        "Connection: close",  # so the response ends where the socket does
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    raw = b""
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    payload = _dechunk(body) if "chunked" in headers.get("transfer-encoding", "") else body
    if headers.get("content-encoding") == "gzip":
        payload = gzip.decompress(payload)
    return Fetched(
        path=path,
        status=int(status_line.split()[1]),
        headers=headers,
        header_bytes=len(head) + 4,
        body_bytes=len(body),
        text=payload.decode("utf-8", errors="replace"),
    )


def _dechunk(body: bytes) -> bytes:
    out, rest = b"", body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2 :]
    return out


class _References(HTMLParser):
    """The URLs in a page that a browser downloads before the page is complete."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "link" and FETCHED_RELS & set(a.get("rel", "").lower().split()):
            self.urls.append(a.get("href", ""))
        elif tag in {"script", "img", "source", "input", "audio", "video", "iframe"}:
            self.urls.append(a.get("src", ""))
            # The first candidate of a srcset stands for the one a phone would pick.
            self.urls.append(a.get("srcset", "").split(",")[0].strip().split(" ")[0])


def references(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return [u for u in parser.urls if u and not u.startswith("data:")]


def css_references(css: str) -> list[str]:
    found = [a or b for a, b in CSS_URL.findall(css)]
    return [u for u in found if u and not u.startswith(("data:", "#"))]


def page_and_assets(base: str, path: str, cookie: str) -> tuple[list[Fetched], list[str]]:
    """The page, then every same-origin resource it pulls in (stylesheets' fonts and images
    too), each once. Also returns any third-party URLs, which the design forbids."""
    page = fetch(base, path, cookie)
    if page.status != 200:
        raise RuntimeError(f"{path} answered {page.status}")
    fetched, seen, external = [page], {path}, []
    queue = [(path, u) for u in references(page.text)]
    while queue:
        parent, url = queue.pop(0)
        absolute = urljoin(base + parent, url)
        if urlsplit(absolute).netloc != urlsplit(base).netloc:
            external.append(url)
            continue
        target = urlsplit(absolute).path
        if target in seen:
            continue
        seen.add(target)
        resource = fetch(base, target)  # the response cookie's path is /c/<code>: not sent
        if resource.status != 200:
            raise RuntimeError(f"{target}, referenced by {parent}, answered {resource.status}")
        fetched.append(resource)
        if resource.kind == "css":
            queue += [(target, u) for u in css_references(resource.text)]
    return fetched, external
