"""A small Kraken behind respx for Altrady's fast tests.

It checks every private call the way Kraken does (known key, HMAC signature over the raw
body, nonce above the key's last minus its window) and answers from per-key settings.
Tests script refusals per key and method. One trading counter per pair for the whole
account, shared by every key (AddOrder +1, CancelOrder +8, refused past 125, no decay),
stands in for Kraken's trading limiter, as Kraken's "Spot Trading Limits" page describes it.
"""

from __future__ import annotations

import base64
import itertools
import json
import secrets
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
import respx

from mocks.altrady.kraken_client import Credentials
from mocks.kraken_facts.limits import rest_cost
from mocks.kraken_facts.signing import verify

KRAKEN_URL = "http://kraken.test"
WHITELIST = ("127.0.0.11", "127.0.0.12", "127.0.0.13")
GOOD_PERMISSIONS = (
    "funds_query",
    "trades_query_open",
    "trades_query_closed",
    "trades_modify",
    "trades_close",
    "ledger_query",
    "websocket",
)
TRADE_THRESHOLD = 125
TRADE_COSTS = {"AddOrder": 1, "CancelOrder": 8}


@dataclass
class DoubleKey:
    api_key: str
    secret: str = field(repr=False)
    name: str
    permissions: tuple[str, ...] = GOOD_PERMISSIONS
    ip_allowlist: tuple[str, ...] = WHITELIST
    nonce_window: int = 5000
    valid_until: int = 0
    highest_nonce: int = 0
    scripted: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))

    @property
    def credentials(self) -> Credentials:
        return Credentials(self.api_key, self.secret)


@dataclass(frozen=True)
class SeenCall:
    api_key: str
    method: str
    nonce: int
    params: dict[str, str]
    error: str | None


class KrakenDouble:
    def __init__(self) -> None:
        self.keys: dict[str, DoubleKey] = {}
        self.balances: dict[str, str] = {"ZUSD": "1000.0000", "XXBT": "0.5000000000"}
        self.calls: list[SeenCall] = []
        self.down = False
        self._names = itertools.count(1)
        self._orders: dict[str, str] = {}  # open order id -> its pair
        self.placed_by: dict[str, str] = {}  # order id -> API key that placed it
        self.trade_levels: dict[str, int] = {}  # pair -> the account's trading counter
        # A REST call counter per key (Kraken's costs, no decay), when a test sets a maximum.
        self.rest_max: int | None = None
        self.rest_levels: dict[str, int] = {}  # API key -> its REST counter

    def add_key(self, **settings: Any) -> DoubleKey:
        name = settings.pop("name", f"Altrady {next(self._names)}")
        key = DoubleKey(
            api_key=base64.b64encode(secrets.token_bytes(42)).decode(),
            secret=base64.b64encode(secrets.token_bytes(64)).decode(),
            name=name,
            **settings,
        )
        self.keys[key.api_key] = key
        return key

    def script(self, key: DoubleKey, method: str, *errors: str) -> None:
        """The key's next calls of ``method`` answer these errors, in order."""
        key.scripted[method].extend(errors)

    def calls_of(self, method: str) -> list[SeenCall]:
        return [call for call in self.calls if call.method == method]

    def install(self, router: respx.MockRouter) -> None:
        router.post(url__regex=r"/0/private/\w+").mock(side_effect=self._private)
        router.get(url__regex=r"/0/public/\w+").mock(side_effect=self._public)

    # the two halves of the API

    def _public(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        method = request.url.path.rsplit("/", 1)[-1]
        pair = request.url.params.get("pair", "")
        if pair not in ("XBTUSD", "XXBTZUSD"):
            return _answer(error="EQuery:Unknown asset pair")
        if method == "AssetPairs":
            rules = {"pair_decimals": 1, "lot_decimals": 8, "ordermin": "0.00005", "costmin": "0.5"}
            return _answer({"XXBTZUSD": {"altname": "XBTUSD", **rules}})
        if method == "Ticker":
            return _answer({"XXBTZUSD": {"c": ["68250.0", "0.01"]}})
        return _answer(error="EGeneral:Unknown method")

    def _private(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        method = request.url.path.rsplit("/", 1)[-1]
        params = dict(parse_qsl(request.content.decode()))
        key = self.keys.get(request.headers.get("API-Key", ""))
        nonce = int(params.get("nonce", "0"))
        error, result = self._judge(key, request, method, params)
        self.calls.append(SeenCall(key.api_key if key else "", method, nonce, params, error))
        return _answer(result, error=error)

    def _judge(
        self, key: DoubleKey | None, request: httpx.Request, method: str, params: dict[str, str]
    ) -> tuple[str | None, Any]:
        if key is None:
            return "EAPI:Invalid key", None
        nonce = int(params.get("nonce", "0"))
        api_sign = request.headers.get("API-Sign", "")
        if not verify(key.secret, request.url.path, str(nonce), request.content, api_sign):
            return "EAPI:Invalid signature", None
        if nonce <= key.highest_nonce - key.nonce_window or (
            key.nonce_window == 0 and nonce <= key.highest_nonce
        ):
            return "EAPI:Invalid nonce", None
        key.highest_nonce = max(key.highest_nonce, nonce)
        if key.scripted[method]:
            return key.scripted[method].popleft(), None
        limited = self._count(key, method, params)
        if limited:
            return limited, None
        return None, self._result(key, method, params)

    def _count(self, key: DoubleKey, method: str, params: dict[str, str]) -> str | None:
        """Charge the key's REST counter and the account's pair counter, or say which is full."""
        if self.rest_max is not None:
            level = self.rest_levels.get(key.api_key, 0) + rest_cost(method)
            if level > self.rest_max:
                return "EAPI:Rate limit exceeded"
            self.rest_levels[key.api_key] = level
        cost = TRADE_COSTS.get(method, 0)
        pair = self._pair_of(method, params)
        if cost and self.trade_levels.get(pair, 0) + cost > TRADE_THRESHOLD:
            return "EOrder:Rate limit exceeded"
        if cost:
            self.trade_levels[pair] = self.trade_levels.get(pair, 0) + cost
        return None

    def _pair_of(self, method: str, params: dict[str, str]) -> str:
        if method == "CancelOrder":
            return self._orders.get(params.get("txid", ""), "")
        return params.get("pair", "")

    def _result(self, key: DoubleKey, method: str, params: dict[str, str]) -> Any:  # noqa: PLR0911
        if method == "GetApiKeyInfo":
            return {
                "apiKeyName": key.name,
                "apiKey": key.api_key,
                "nonce": str(key.highest_nonce),
                "nonceWindow": key.nonce_window,
                "permissions": list(key.permissions),
                "validUntil": str(key.valid_until),
                "ipAllowlist": list(key.ip_allowlist),
            }
        if method == "Balance":
            return dict(self.balances)
        if method == "AddOrder":
            txid = f"O{secrets.token_hex(3).upper()}-{secrets.token_hex(3).upper()}"
            self._orders[txid] = params.get("pair", "")
            self.placed_by[txid] = key.api_key
            return {"descr": {"order": "buy"}, "txid": [txid]}
        if method == "CancelOrder":
            self._orders.pop(params["txid"], None)
            return {"count": 1}
        if method == "QueryOrders":
            txid = params.get("txid", "")
            return {txid: {"status": "open" if txid in self._orders else "canceled"}}
        if method == "OpenOrders":
            return {"open": {txid: {} for txid in self._orders}}
        return {}


def _answer(result: Any = None, *, error: str | None = None) -> httpx.Response:
    envelope: dict[str, Any] = {"error": [error]} if error else {"error": [], "result": result}
    return httpx.Response(200, content=json.dumps(envelope).encode())
