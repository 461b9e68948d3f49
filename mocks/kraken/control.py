"""The Kraken mock's control API (``/_mock/...``): JSON in, JSON out, for tests and QA.

Bad input answers 400 (not JSON) or 422 (JSON of the wrong shape, refused key settings)
with ``{"error": "readable message"}``; an unknown email answers 404, a second user with
the same email 409.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from mocks.clock import Clock
from mocks.json_input import NotJSONError, parse_json
from mocks.kraken.keys import KeySpec, KeySpecError
from mocks.kraken.market import find_asset, find_pair, format_amount
from mocks.kraken.rest import PRIVATE_METHODS, PUBLIC_METHODS
from mocks.kraken.state import ApiKey, KrakenState, UnknownUserError, UserExistsError
from mocks.kraken.tokens import seed_tokens, tokens_seed

__all__ = ["ControlInputError", "routes"]

Model = TypeVar("Model", bound=BaseModel)
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
KRAKEN_ERROR_PATTERN = r"^[EW][A-Za-z]+:\S.*$"
MAX_DELAY_S = 600.0


class ControlInputError(Exception):
    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields


def _error(status: int, message: str, fields: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if fields:
        body["fields"] = fields
    return JSONResponse(body, status_code=status)


def _balances(raw: dict[str, Decimal]) -> dict[str, Decimal]:
    balances: dict[str, Decimal] = {}
    for name, amount in raw.items():
        asset = find_asset(name)
        if asset is None:
            raise ValueError(f"unknown asset {name!r}")
        if not amount.is_finite() or amount < 0:
            raise ValueError(f"balance of {name} must be a non-negative number")
        balances[asset.key] = amount
    return balances


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewUser(_Strict):
    email: NonEmpty
    password: NonEmpty
    tier: Literal["Starter", "Intermediate", "Pro"] = "Intermediate"
    balances: dict[str, Decimal] = Field(default_factory=dict)

    @field_validator("balances")
    @classmethod
    def _known_assets(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        return _balances(value)


class NewKey(_Strict):
    email: NonEmpty
    name: str
    permissions: list[str] = Field(default_factory=list)
    ip_allowlist: list[str] = Field(default_factory=list)
    nonce_window: int = 0
    valid_until: int = 0
    query_from: int = 0
    query_to: int = 0


class NewBalances(_Strict):
    email: NonEmpty
    balances: dict[str, Decimal]

    @field_validator("balances")
    @classmethod
    def _known_assets(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        return _balances(value)


class NewFault(_Strict):
    endpoint: NonEmpty
    action: Literal["error", "delay", "drop"]
    error: Annotated[str, Field(pattern=KRAKEN_ERROR_PATTERN)] = "EService:Unavailable"
    delay_s: Annotated[float, Field(gt=0, le=MAX_DELAY_S)] = 3.0
    times: Annotated[int, Field(ge=0)] = 1

    @field_validator("endpoint")
    @classmethod
    def _known_endpoint(cls, value: str) -> str:
        if value != "*" and value not in PUBLIC_METHODS and value not in PRIVATE_METHODS:
            raise ValueError(f"unknown endpoint {value!r} (a REST method name, or '*')")
        return value


class MarketMove(_Strict):
    pair: NonEmpty
    price: Decimal

    @model_validator(mode="after")
    def _a_price_of_the_pair(self) -> MarketMove:
        pair = find_pair(self.pair)
        if pair is None:
            raise ValueError(f"unknown pair {self.pair!r} (an altname or Kraken's pair key)")
        if not self.price.is_finite() or self.price <= 0:
            raise ValueError("price must be a positive number")
        if -self.price.normalize().as_tuple().exponent > pair.pair_decimals:  # type: ignore[operator]
            raise ValueError(f"{pair.altname} prices have at most {pair.pair_decimals} decimals")
        return self


class ClockChange(_Strict):
    advance: Annotated[float, Field(ge=0)] | None = None
    freeze: Literal[True] | None = None
    resume: Literal[True] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ClockChange:
        chosen = [v for v in (self.advance, self.freeze, self.resume) if v is not None]
        if len(chosen) != 1:
            raise ValueError("give exactly one of 'advance', 'freeze' or 'resume'")
        return self


class TokenSeed(_Strict):
    seed: Annotated[StrictInt, Field(ge=0, lt=2**63)] | None


def _readable(exc: ValidationError) -> str:
    parts = []
    for problem in exc.errors():
        where = ".".join(str(p) for p in problem["loc"]) or "body"
        message = problem["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


async def _parse(request: Request, model: type[Model]) -> Model:
    raw = await request.body()
    try:
        document = parse_json(raw) if raw.strip() else {}
    except NotJSONError:
        raise ControlInputError(400, "The body is not valid JSON.") from None
    if not isinstance(document, dict):
        raise ControlInputError(400, "The body must be a JSON object.")
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        raise ControlInputError(422, _readable(exc)) from None


def _state(request: Request) -> KrakenState:
    state: KrakenState = request.app.state.kraken
    return state


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def _unknown_user(email: str) -> ControlInputError:
    return ControlInputError(404, f"No Kraken user with email {email}.")


def _key_json(key: ApiKey) -> dict[str, Any]:
    spec = key.spec
    return {
        "name": spec.name,
        "key": key.public,
        "permissions": sorted(spec.permissions),
        "ip_allowlist": list(spec.ip_allowlist),
        "nonce_window": spec.nonce_window,
        "valid_until": spec.valid_until,
        "query_from": spec.query_from,
        "query_to": spec.query_to,
        "created": key.created,
        "modified": key.modified,
        "nonce": key.highest_nonce,
        "last_used": key.last_used,
    }


Handler = Callable[[Request], Awaitable[Response]]


def _handles_input_errors(handler: Handler) -> Handler:
    """Answer a :class:`ControlInputError` with its status and readable message."""

    async def endpoint(request: Request) -> Response:
        try:
            response: Response = await handler(request)
        except ControlInputError as exc:
            return _error(exc.status, exc.message, exc.fields)
        return response

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


@_handles_input_errors
async def reset(request: Request) -> Response:
    """Empty state: users, keys, orders, lockouts, journal, faults; clock back to system time;
    tokens random again."""
    _state(request).reset()
    _clock(request).reset()
    seed_tokens(None)
    return JSONResponse({"status": "reset"})


@_handles_input_errors
async def create_user(request: Request) -> Response:
    new = await _parse(request, NewUser)
    try:
        account = _state(request).create_user(
            new.email, new.password, tier=new.tier, balances=new.balances
        )
    except UserExistsError:
        raise ControlInputError(409, f"A Kraken user with email {new.email} exists.") from None
    return JSONResponse({"id": account.id, "email": account.email}, status_code=201)


@_handles_input_errors
async def create_key(request: Request) -> Response:
    new = await _parse(request, NewKey)
    spec = KeySpec(
        name=new.name,
        permissions=frozenset(new.permissions),
        ip_allowlist=tuple(new.ip_allowlist),
        nonce_window=new.nonce_window,
        valid_until=new.valid_until,
        query_from=new.query_from,
        query_to=new.query_to,
    )
    try:
        key = _state(request).create_key(new.email, spec)
    except UnknownUserError:
        raise _unknown_user(new.email) from None
    except KeySpecError as exc:
        raise ControlInputError(422, str(exc), dict(exc.errors)) from None
    return JSONResponse({"key": key.public, "secret": key.secret}, status_code=201)


@_handles_input_errors
async def list_keys(request: Request) -> Response:
    email = request.query_params.get("email", "").strip()
    if not email:
        raise ControlInputError(400, "Give the account's email: /_mock/keys?email=...")
    state = _state(request)
    with state.lock:
        try:
            account = state.account(email)
        except UnknownUserError:
            raise _unknown_user(email) from None
        keys = [_key_json(key) for key in account.keys.values()]
    return JSONResponse({"keys": keys})


@_handles_input_errors
async def set_balances(request: Request) -> Response:
    new = await _parse(request, NewBalances)
    try:
        _state(request).set_balances(new.email, new.balances)
    except UnknownUserError:
        raise _unknown_user(new.email) from None
    return JSONResponse(
        {"email": new.email, "balances": {a: str(v) for a, v in new.balances.items()}}
    )


@_handles_input_errors
async def journal(request: Request) -> Response:
    state = _state(request)
    if request.method == "DELETE":
        state.journal.clear()
        return JSONResponse({"requests": []})
    return JSONResponse({"requests": [entry.as_json() for entry in state.journal.entries()]})


@_handles_input_errors
async def faults(request: Request) -> Response:
    registry = _state(request).faults
    if request.method == "DELETE":
        registry.clear()
        return JSONResponse({"faults": []})
    if request.method == "GET":
        return JSONResponse({"faults": [fault.as_json() for fault in registry.faults()]})
    new = await _parse(request, NewFault)
    fault = registry.add(
        new.endpoint, new.action, error=new.error, delay_s=new.delay_s, times=new.times
    )
    return JSONResponse(fault.as_json(), status_code=201)


@_handles_input_errors
async def clock(request: Request) -> Response:
    current = _clock(request)
    if request.method == "POST":
        change = await _parse(request, ClockChange)
        if change.advance is not None:
            current.advance(change.advance)
        elif change.freeze:
            current.freeze()
        else:
            current.resume()
    return JSONResponse({"now": current.now(), "frozen": current.is_frozen})


@_handles_input_errors
async def market(request: Request) -> Response:
    """Move a pair's price: it trades there, and the resting orders it reaches fill."""
    move = await _parse(request, MarketMove)
    pair = find_pair(move.pair)
    assert pair is not None  # checked by MarketMove
    state = _state(request)
    with state.lock:
        quote = state.trading.move_market(pair, move.price, _clock(request))

    def price(value: Decimal) -> str:
        return format_amount(value, pair.pair_decimals)

    return JSONResponse(
        {
            "pair": pair.key,
            "altname": pair.altname,
            "last": price(quote.last),
            "bid": price(quote.bid),
            "ask": price(quote.ask),
        }
    )


@_handles_input_errors
async def tokens(request: Request) -> Response:
    """Seeded tokens (account IDs, API keys) for pictures that repeat; ``null``: random."""
    if request.method == "PUT":
        seed_tokens((await _parse(request, TokenSeed)).seed)
    return JSONResponse({"seed": tokens_seed()})


routes: list[BaseRoute] = [
    Route("/_mock/reset", reset, methods=["POST"]),
    Route("/_mock/users", create_user, methods=["POST"]),
    Route("/_mock/keys", create_key, methods=["POST"]),
    Route("/_mock/keys", list_keys, methods=["GET"]),
    Route("/_mock/balances", set_balances, methods=["PUT"]),
    Route("/_mock/requests", journal, methods=["GET", "DELETE"]),
    Route("/_mock/faults", faults, methods=["GET", "POST", "DELETE"]),
    Route("/_mock/clock", clock, methods=["GET", "POST"]),
    Route("/_mock/market", market, methods=["PUT"]),
    Route("/_mock/tokens", tokens, methods=["GET", "PUT"]),
]
