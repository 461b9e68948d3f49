"""Request bodies: one readable error for whatever a client may send."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from mocks.altrady.bodies import (
    MAX_BODY_BYTES,
    BadBodyError,
    ConnectBody,
    GridBotBody,
    SessionBody,
    read_body,
)

pytestmark = pytest.mark.anyio


def _request(body: bytes) -> Request:
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request({"type": "http", "method": "POST", "headers": []}, receive)


async def _error(body: bytes, model: type[ConnectBody | GridBotBody | SessionBody]) -> BadBodyError:
    with pytest.raises(BadBodyError) as bad:
        await read_body(_request(body), model)
    return bad.value


async def test_a_good_body_parses() -> None:
    body = await read_body(
        _request(b'{"exchange": "kraken", "keys": [{"api_key": " K "}], "extra": 1}'), ConnectBody
    )
    assert body.exchange == "kraken"
    assert body.keys[0].api_key == " K "  # trimmed by the service, not here
    assert body.keys[0].private_key == ""
    assert body.name is None


async def test_passwords_keep_their_spaces() -> None:
    body = await read_body(_request(b'{"email": "a@b.c", "password": " pw "}'), SessionBody)
    assert body.password == " pw "


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"\xff\xfe", 400, "The request body is not valid JSON."),
        (b"[" * 5000 + b"]" * 5000, 400, "The request body is not valid JSON."),
        (b"null", 400, "The request body must be a JSON object."),
        (b" " * (MAX_BODY_BYTES + 1), 413, "The request is too large."),
        (b'{"orders": 0}', 422, "The field 'orders' is not valid"),
    ],
)
async def test_bad_bodies(body: bytes, status: int, message: str) -> None:
    error = await _error(body, GridBotBody)
    assert error.status == status
    assert error.message.startswith(message)


async def test_grid_bot_defaults_are_the_guides_burst() -> None:
    body = await read_body(_request(b"{}"), GridBotBody)
    assert (body.pair, body.orders) == ("XBTUSD", 30)
