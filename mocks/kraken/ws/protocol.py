"""Frames in, messages out: parsing a client's frame and the shapes of Kraken's answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mocks.json_input import NotJSONError, parse_json
from mocks.kraken_facts.websocket import MALFORMED_REQUEST

__all__ = [
    "MAX_DEPTH",
    "MAX_FRAME_BYTES",
    "FrameError",
    "ack",
    "parse_frame",
    "rfc3339",
]

# A request is a few hundred bytes; a batch of 15 orders a few kilobytes.
MAX_FRAME_BYTES = 64 * 1024
MAX_DEPTH = 16


class FrameError(ValueError):
    """The frame is not a request Kraken can read; ``message`` is what Kraken answers."""

    def __init__(self, message: str = MALFORMED_REQUEST) -> None:
        super().__init__(message)
        self.message = message


def rfc3339(unix_seconds: float) -> str:
    """``2023-09-25T07:49:37.708706Z``: microseconds and a Z, as v2 writes times."""
    moment = datetime.fromtimestamp(unix_seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _depth(value: object, level: int = 1) -> int:
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def parse_frame(text: str) -> dict[str, Any]:
    """The request object in a text frame; :class:`FrameError` for anything else."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES:
        raise FrameError()
    try:
        value = parse_json(text)
    except NotJSONError:
        raise FrameError() from None
    if not isinstance(value, dict) or _depth(value) > MAX_DEPTH:
        raise FrameError()
    return value


def ack(
    method: str,
    *,
    time_in: float,
    time_out: float,
    req_id: object = None,
    result: object = None,
    error: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A method's answer: ``success`` and ``result``, or ``success: false`` and ``error``."""
    message: dict[str, Any] = {"method": method}
    if error is None:
        if result is not None:
            message["result"] = result
        message["success"] = True
    else:
        message["error"] = error
        message["success"] = False
    if extra:
        message.update(extra)
    message["time_in"] = rfc3339(time_in)
    message["time_out"] = rfc3339(time_out)
    if req_id is not None:
        message["req_id"] = req_id
    return message
