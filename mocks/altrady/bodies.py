"""Request bodies of the Altrady API, and one readable error for a body that will not do."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request

from mocks.json_input import NotJSONError, parse_json

__all__ = [
    "AddKeysBody",
    "BadBodyError",
    "ConnectBody",
    "GridBotBody",
    "KeyBody",
    "SessionBody",
    "UserBody",
    "read_body",
]

MAX_BODY_BYTES = 64 * 1024
MAX_GRID_ORDERS = 100

Body = TypeVar("Body", bound=BaseModel)


class BadBodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


class _Body(BaseModel):
    # Extra fields are ignored: the pages may send more than the backend reads. Strings are
    # kept as sent (a password may end in a space); the service trims keys, emails, names.
    model_config = ConfigDict(extra="ignore")


class SessionBody(_Body):
    email: str
    password: str


class UserBody(_Body):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    password: str = Field(min_length=1, max_length=200)


class KeyBody(_Body):
    # Blank values are allowed here and refused per key, with the key's index.
    api_key: str = Field("", max_length=512)
    private_key: str = Field("", max_length=512)


class ConnectBody(_Body):
    exchange: str
    name: str | None = None
    keys: list[KeyBody]


class AddKeysBody(_Body):
    keys: list[KeyBody]


class GridBotBody(_Body):
    pair: str = "XBTUSD"
    orders: int = Field(30, ge=1, le=MAX_GRID_ORDERS)


async def read_body(request: Request, model: type[Body]) -> Body:
    """Parse a JSON object into ``model``; :class:`BadBodyError` (400/422) says what is wrong.

    Messages name the field and the rule, never the value sent: a value may be a key.
    """
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise BadBodyError(413, "The request is too large.")
    try:
        data = parse_json(raw) if raw else None
    except NotJSONError:
        raise BadBodyError(400, "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadBodyError(400, "The request body must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadBodyError(422, _describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    first = exc.errors(include_input=False, include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    if first["type"] == "missing":
        return f"The field '{where}' is required."
    return f"The field '{where}' is not valid: {first['msg']}."
