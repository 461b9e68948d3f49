"""Reading a REST call's parameters from its body (form-encoded or JSON) or query string.

Values come out as strings whatever the encoding (JSON ``true`` becomes ``"true"``, ``5``
becomes ``"5"``, a list becomes a comma-separated string, a list of objects stays JSON
text), so the handlers read one shape.
Anything that cannot be read answers ``EGeneral:Invalid arguments``.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl

from mocks.json_input import NotJSONError, parse_json
from mocks.kraken_facts.errors import INVALID_ARGUMENTS, KrakenError, invalid_argument

__all__ = [
    "Params",
    "json_params",
    "optional_bool",
    "optional_decimal",
    "optional_int",
    "parse_body",
    "parse_query",
]

Params = dict[str, str]

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def parse_query(query: bytes) -> Params:
    try:
        text = query.decode("utf-8")
    except UnicodeDecodeError:
        raise KrakenError(INVALID_ARGUMENTS) from None
    return dict(parse_qsl(text, keep_blank_values=True))


def parse_body(content_type: str, body: bytes) -> Params:
    """The parameters of a form or JSON body; an empty body has none."""
    if not body.strip():
        return {}
    media_type = _media_type(content_type)
    if media_type == FORM:
        return parse_query(body)
    if media_type == JSON or media_type.endswith("+json"):
        return _parse_json(body)
    raise KrakenError(INVALID_ARGUMENTS)


def _parse_json(body: bytes) -> Params:
    try:
        document = parse_json(body)
    except NotJSONError:
        raise KrakenError(INVALID_ARGUMENTS) from None
    if not isinstance(document, dict):
        raise KrakenError(INVALID_ARGUMENTS)
    return {str(name): _json_value(str(name), value) for name, value in document.items()}


def _json_value(name: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return ",".join(str(v) for v in value)
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return json.dumps(value)  # AddOrderBatch's orders: the method reads them itself
    raise invalid_argument(name)


def json_params(name: str, document: dict[str, object]) -> Params:
    """One JSON object's members as strings, as :func:`parse_body` makes them."""
    return {str(key): _json_value(f"{name}", value) for key, value in document.items()}


_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


def optional_bool(params: Params, name: str, default: bool = False) -> bool:
    raw = params.get(name)
    if raw is None:
        return default
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise invalid_argument(name)


def optional_int(params: Params, name: str) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise invalid_argument(name) from None


def optional_decimal(params: Params, name: str) -> Decimal | None:
    """A finite decimal, or None when absent; anything else is ``Invalid arguments:name``."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise invalid_argument(name) from None
    if not value.is_finite():
        raise invalid_argument(name)
    return value
