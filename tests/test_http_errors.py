"""Routing errors answer JSON under an API's prefixes and plain text elsewhere."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from mocks.http_errors import json_under


async def _ok(_: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def _client() -> TestClient:
    app = Starlette(
        routes=[Route("/api/thing", _ok, methods=["POST"]), Route("/page", _ok)],
        exception_handlers={HTTPException: json_under("/api/")},
    )
    return TestClient(app)


def test_a_wrong_method_on_an_api_path_is_a_json_405_naming_the_allowed_ones() -> None:
    answer = _client().get("/api/thing")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
    assert answer.json() == {"error": "GET /api/thing is not allowed here; this path takes POST."}


def test_an_unknown_api_path_is_a_json_404() -> None:
    answer = _client().get("/api/nothing")
    assert (answer.status_code, answer.json()) == (
        404,
        {"error": "No such route: GET /api/nothing."},
    )


def test_other_paths_keep_starlettes_plain_text() -> None:
    answer = _client().post("/page")
    assert answer.status_code == 405
    assert answer.headers["content-type"].startswith("text/plain")
    assert _client().get("/nowhere").text == "Not Found"
