"""What the hardening tests throw at the mocks, and what every answer must look like.

The routes come from the apps' own route tables (:func:`route_shapes`), so a route added
later is fuzzed without anyone listing it here. Requests go out over real HTTP as raw
bytes (:func:`send`), so a body need not be valid anything.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_from_bytes

import httpx
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.routing import Mount, Route

__all__ = [
    "FUZZ_T0",
    "HTTP_METHODS",
    "TRACEBACK_MARKERS",
    "FuzzRequest",
    "RouteShape",
    "assert_json_error",
    "assert_no_traceback",
    "assert_page",
    "bodies",
    "content_types",
    "fuzz_requests",
    "header_lists",
    "json_bytes",
    "json_documents",
    "odd_text",
    "query_strings",
    "route_shapes",
    "send",
]

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND")
TRACEBACK_MARKERS = ("Traceback", 'File "')
FUZZ_T0 = 1_800_000_000.0  # where the mocks' shared clock stands during a fuzz test
_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


@dataclass(frozen=True)
class RouteShape:
    """One route as the app declares it: a path template and the methods it answers."""

    template: str
    methods: tuple[str, ...]  # empty: a plain ASGI app that takes every method

    def path(self, fill: str) -> str:
        """The template with every ``{param}`` replaced by ``fill`` (already URL-quoted)."""
        return _PARAM.sub(fill, self.template)


def route_shapes(app: Starlette) -> list[RouteShape]:
    """Every route of ``app``; a mount becomes ``<mount>/{path}``."""
    shapes: list[RouteShape] = []
    for route in app.routes:
        if isinstance(route, Route):
            shapes.append(RouteShape(route.path, tuple(sorted(route.methods or ()))))
        elif isinstance(route, Mount):
            shapes.append(RouteShape(route.path + "/{path}", ("GET", "HEAD")))
    return shapes


# Text a person could type, and text nobody should: NUL, controls, bidi marks, combining
# marks, astral emoji, a BOM, look-alike letters, and very long runs.
_ODD_CHARACTERS = "\x00\x01\x1f\x7f\u00a0\u200b\u200e\u202e\u0301\ufeff\ufffd😀𝔘İı\u2028\\\"'<>&%"
odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(_ODD_CHARACTERS), max_size=40),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["a", "é", "😀", "\x00"]),
        st.sampled_from([1_000, 70_000]),
    ),
)

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**40, -(10**40), 2**64, 2**63 - 1, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    odd_text,
)
json_documents = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)
    ),
    max_leaves=12,
)


def json_bytes(document: Any) -> bytes:
    return json.dumps(document, allow_nan=True).encode("utf-8", "surrogatepass")


def _truncated(document: Any) -> bytes:
    raw = json_bytes(document)
    return raw[: max(len(raw) - 1, 0)]


def _deeply_nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


bodies = st.one_of(
    st.just(b""),
    st.binary(max_size=200),
    st.sampled_from([b"\xff\xfe\x00", b"\xc3\x28", b'{"a": "\xed\xa0\x80"}', b"nonce=\xff"]),
    json_documents.map(json_bytes),
    json_documents.map(_truncated),
    st.sampled_from([1_000, 100_000]).map(_deeply_nested),
    st.dictionaries(odd_text, json_documents, max_size=5).map(json_bytes),
    st.lists(st.tuples(odd_text, odd_text), max_size=5).map(
        lambda pairs: "&".join(
            f"{quote_from_bytes(k.encode('utf-8', 'surrogatepass'))}="
            f"{quote_from_bytes(v.encode('utf-8', 'surrogatepass'))}"
            for k, v in pairs
        ).encode()
    ),
    st.sampled_from([b"a=1&a=2&&=&%zz=%", b"=" * 1000, b"x" * 200_000]),
)

content_types = st.sampled_from(
    [
        None,
        "",
        "application/json",
        "application/json; charset=latin-1",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-16",
        "multipart/form-data",
        "multipart/form-data; boundary=zz",
        "text/plain",
        "application/vnd.api+json",
        "\u00e9/\u00e9",
        ";;;",
    ]
)

# Header values travel as bytes. h11 will not send controls or edge whitespace (they are
# not HTTP), so those never leave the client; everything else does, Latin-1 included.
_header_value = st.one_of(
    st.binary(max_size=80).map(
        lambda raw: bytes(b for b in raw if b >= 0x20 and b != 0x7F).strip(b" ")
    ),
    st.sampled_from([b"", b"\xc3\xa9", b"\xff\xfe", b"A" * 8_000, b"a, b, ,"]),
)
_header_names = st.sampled_from(
    ["API-Key", "API-Sign", "Content-Type", "Cookie", "Content-Length", "X-Forwarded-For", "Accept"]
)
header_lists = st.lists(st.tuples(_header_names, _header_value), max_size=6)

query_strings = st.one_of(
    st.just(b""),
    st.binary(max_size=60).map(lambda raw: quote_from_bytes(raw, safe="=&;").encode()),
    st.sampled_from([b"next=//evil.example", b"email=&email=a", b"&&==&%", b"a=" + b"%00" * 500]),
)


@dataclass(frozen=True)
class FuzzRequest:
    method: str
    path: str
    query: bytes
    headers: list[tuple[str, bytes]]
    body: bytes


def _path_fill() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["x", "0", "-1", "99999999999999999999", "%00", "%ff", "%2e%2e", "a%2fb"]),
        odd_text.filter(lambda t: 0 < len(t) < 200).map(
            lambda t: quote_from_bytes(t.encode("utf-8", "surrogatepass"), safe="")
        ),
    )


def fuzz_requests(
    shapes: list[RouteShape], fills: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[FuzzRequest]:
    """Requests at ``shapes``: any method, odd path parameters (or ``fills``), headers,
    queries and bodies."""
    path_fills = _path_fill() if fills is None else st.one_of(fills, _path_fill())

    @st.composite
    def build(draw: st.DrawFn) -> FuzzRequest:
        shape = draw(st.sampled_from(shapes))
        methods = list(shape.methods) or list(HTTP_METHODS)
        method = draw(st.one_of(st.sampled_from(methods), st.sampled_from(HTTP_METHODS)))
        headers = draw(header_lists)
        content_type = draw(content_types)
        if content_type is not None:
            headers.append(("Content-Type", content_type.encode()))
        return FuzzRequest(
            method=method,
            path=shape.path(draw(path_fills)),
            query=draw(query_strings),
            headers=headers,
            body=draw(bodies),
        )

    return build()


def send(client: httpx.Client, request: FuzzRequest) -> httpx.Response:
    """Send ``request`` as given: headers may repeat, the body is raw bytes."""
    url = client.base_url.copy_with(raw_path=request.path.encode())
    if request.query:
        url = url.copy_with(query=request.query)
    built = client.build_request(
        request.method,
        url,
        headers=[(name.encode(), value) for name, value in request.headers],
        content=request.body,
    )
    # A declared Content-Length that disagrees with the body would make h11 refuse to send
    # it; the server's own handling of that is tested by the size limits instead.
    if any(name.lower() == "content-length" for name, _ in request.headers):
        del built.headers["Content-Length"]
        built.headers["Content-Length"] = str(len(request.body))
    return client.send(built)


def assert_no_traceback(response: httpx.Response) -> None:
    text = response.content.decode("utf-8", "replace")
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, f"{response.request.method} {response.url}: {text[:500]}"


def assert_page(response: httpx.Response) -> None:
    """A page's answer: never a 5xx, never a traceback."""
    assert response.status_code < 500, _describe(response)
    assert_no_traceback(response)


def assert_json_error(response: httpx.Response) -> None:
    """A refused API call: 4xx and ``{"error": "<a readable message>"}`` (HEAD: no body)."""
    assert 400 <= response.status_code < 500, _describe(response)
    assert_no_traceback(response)
    if response.request.method == "HEAD":
        return
    document = response.json()
    assert isinstance(document, dict), _describe(response)
    assert isinstance(document.get("error"), str), _describe(response)
    assert document["error"].strip(), _describe(response)


def _describe(response: httpx.Response) -> str:
    return (
        f"{response.request.method} {response.url} -> {response.status_code}: "
        f"{response.content[:300]!r}"
    )
