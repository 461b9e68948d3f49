"""An account's orders, trades and ledger entries: the records and where they are kept.

What an order *does* (rest, fill, trigger, hold funds) is decided elsewhere: the rules of
matching in :mod:`mocks.kraken.matching`, fills and their ledger entries in
:mod:`mocks.kraken.fills`, and the order entry that strings them together in
:mod:`mocks.kraken.trading`. An open order holds funds (``Order.hold_asset`` and
``hold_amount``, set when it is placed): ``Balance`` is unchanged by a hold, ``BalanceEx``
shows it as ``hold_trade``.
"""

from __future__ import annotations

import dataclasses
import secrets
import string
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from mocks.kraken.events import EventBus, ExecType, LedgerEvent, OrderEvent
from mocks.kraken.market import ASSETS, AssetPair, format_amount
from mocks.kraken_facts.errors import UNKNOWN_ORDER, KrakenError

__all__ = [
    "ORDER_TYPES",
    "LedgerEntry",
    "Order",
    "OrderBook",
    "OrderRequest",
    "OrderStatus",
    "OrderType",
    "Side",
    "Trade",
    "new_txid",
]

Side = Literal["buy", "sell"]
OrderType = Literal[
    "market", "limit", "stop-loss", "take-profit", "stop-loss-limit", "take-profit-limit"
]
ORDER_TYPES: tuple[OrderType, ...] = (
    "market", "limit", "stop-loss", "take-profit", "stop-loss-limit", "take-profit-limit"
)  # fmt: skip
OrderStatus = Literal["pending", "open", "closed", "canceled", "expired"]

_ID_ALPHABET = string.ascii_uppercase + string.digits
_DESCRIPTIONS = {
    "stop-loss": "stop loss",
    "take-profit": "take profit",
    "stop-loss-limit": "stop loss",
    "take-profit-limit": "take profit",
}


def new_txid(prefix: str) -> str:
    """A Kraken-style id such as ``OQCLML-BW3P3-BUCMWZ`` (6-5-6 characters)."""

    def chunk(n: int) -> str:
        return "".join(secrets.choice(_ID_ALPHABET) for _ in range(n))

    return f"{prefix}{chunk(5)}-{chunk(5)}-{chunk(6)}"


def _asset_decimals(asset: str) -> int:
    known = ASSETS.get(asset)
    return known.decimals if known else 10


@dataclass(frozen=True)
class OrderRequest:
    """A validated order. ``price`` is the limit price of a limit order and the trigger
    price of the other types; ``price2`` is the limit price of the ``-limit`` types."""

    pair: AssetPair
    side: Side
    ordertype: OrderType
    volume: Decimal
    price: Decimal | None
    userref: int | None = None
    cl_ord_id: str | None = None
    oflags: str = ""
    timeinforce: str = "GTC"
    price2: Decimal | None = None
    expiretm: float | None = None
    trigger: str = "last"

    @property
    def is_conditional(self) -> bool:
        return self.ordertype in _DESCRIPTIONS

    @property
    def post_only(self) -> bool:
        return "post" in self.oflags.split(",")

    def limit_price(self, *, triggered: bool = True) -> Decimal | None:
        """The price an order of this request may trade at, once triggered (None: market)."""
        if self.ordertype == "limit":
            return self.price
        if self.ordertype.endswith("-limit") and triggered:
            return self.price2
        return None

    def description(self) -> str:
        pair = self.pair

        def price(value: Decimal | None) -> str:
            return format_amount(value or Decimal(0), pair.pair_decimals)

        volume = format_amount(self.volume, pair.lot_decimals)
        head = f"{self.side} {volume} {pair.altname} @ "
        if self.ordertype == "limit":
            return head + f"limit {price(self.price)}"
        if self.ordertype == "market":
            return head + "market"
        text = head + f"{_DESCRIPTIONS[self.ordertype]} {price(self.price)}"
        if self.ordertype.endswith("-limit"):
            text += f" -> limit {price(self.price2)}"
        return text


@dataclass
class Order:
    txid: str
    request: OrderRequest
    opened: float
    status: OrderStatus = "open"
    closed: float | None = None
    reason: str | None = None
    vol_exec: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    fee: Decimal = Decimal(0)
    average_price: Decimal = Decimal(0)
    trade_ids: list[str] = field(default_factory=list)
    hold_asset: str = ""
    hold_amount: Decimal = Decimal(0)
    triggered: bool = False
    # When the order was placed or last amended: the trading counter's age-based parts.
    touched: float = 0.0
    amends: int = 0

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "pending")

    @property
    def last_touched(self) -> float:
        """When the order was placed or last amended."""
        return self.touched or self.opened

    def snapshot(self) -> Order:
        """A copy that later changes of this order leave alone (for events)."""
        return dataclasses.replace(self, trade_ids=list(self.trade_ids))

    def as_kraken(self, *, with_trades: bool = False) -> dict[str, Any]:
        r = self.request
        pair = r.pair
        price_decimals = pair.pair_decimals
        info: dict[str, Any] = {
            "refid": None,
            "userref": r.userref if r.userref is not None else 0,
            "status": self.status,
            "opentm": round(self.opened, 4),
            "starttm": 0,
            "expiretm": round(r.expiretm, 4) if r.expiretm else 0,
            "descr": {
                "pair": pair.altname,
                "type": r.side,
                "ordertype": r.ordertype,
                "price": format_amount(r.price or Decimal(0), price_decimals),
                "price2": format_amount(r.price2 or Decimal(0), price_decimals),
                "leverage": "none",
                "order": r.description(),
                "close": "",
            },
            "vol": format_amount(r.volume, pair.lot_decimals),
            "vol_exec": format_amount(self.vol_exec, pair.lot_decimals),
            "cost": format_amount(self.cost, pair.cost_decimals),
            "fee": format_amount(self.fee, pair.cost_decimals),
            "price": format_amount(self.average_price, pair.cost_decimals),
            "stopprice": format_amount(
                r.price if r.is_conditional and r.price else Decimal(0), pair.cost_decimals
            ),
            "limitprice": format_amount(r.limit_price() or Decimal(0), pair.cost_decimals),
            "misc": ",".join(filter(None, ["amended" if self.amends else ""])),
            "oflags": r.oflags or "fciq",
            "timeinforce": r.timeinforce,
        }
        if r.is_conditional:
            info["trigger"] = r.trigger
        if r.cl_ord_id is not None:
            info["cl_ord_id"] = r.cl_ord_id
        if self.amends:
            info["amended"] = True
        if self.closed is not None:
            info["closetm"] = round(self.closed, 4)
            info["reason"] = self.reason
        if with_trades and self.trade_ids:
            info["trades"] = list(self.trade_ids)
        return info


@dataclass(frozen=True)
class Trade:
    txid: str
    order_txid: str
    pair: AssetPair
    time: float
    side: Side
    ordertype: OrderType
    price: Decimal
    cost: Decimal
    fee: Decimal
    volume: Decimal
    trade_id: int
    ledger_ids: tuple[str, ...]
    maker: bool = False
    usd_value: Decimal = Decimal(0)  # the cost in USD when it traded: the fee tier's volume
    postxid: str = field(default_factory=lambda: new_txid("T"))

    def as_kraken(self) -> dict[str, Any]:
        pair = self.pair
        return {
            "ordertxid": self.order_txid,
            "postxid": self.postxid,
            "pair": pair.key,
            "time": round(self.time, 4),
            "type": self.side,
            "ordertype": self.ordertype,
            "price": format_amount(self.price, pair.cost_decimals),
            "cost": format_amount(self.cost, pair.cost_decimals),
            "fee": format_amount(self.fee, pair.cost_decimals),
            "vol": format_amount(self.volume, pair.lot_decimals),
            "margin": format_amount(Decimal(0), pair.cost_decimals),
            "leverage": "0",
            "misc": "",
            "ledgers": list(self.ledger_ids),
            "trade_id": self.trade_id,
            "maker": self.maker,
        }


@dataclass(frozen=True)
class LedgerEntry:
    id: str
    refid: str
    time: float
    asset: str
    amount: Decimal
    fee: Decimal
    balance: Decimal
    type: str = "trade"
    subtype: str = ""

    def as_kraken(self) -> dict[str, Any]:
        decimals = _asset_decimals(self.asset)
        return {
            "refid": self.refid,
            "time": round(self.time, 4),
            "type": self.type,
            "subtype": self.subtype,
            "aclass": "currency",
            "asset": self.asset,
            "amount": format_amount(self.amount, decimals),
            "fee": format_amount(self.fee, decimals),
            "balance": format_amount(self.balance, decimals),
        }


@dataclass
class OrderBook:
    """One account's orders (by txid, oldest first), trades and ledger entries.

    Every change is published on ``events`` (when given) as the account ``email``'s.
    """

    email: str = ""
    events: EventBus | None = field(default=None, repr=False)
    orders: dict[str, Order] = field(default_factory=dict)
    trades: dict[str, Trade] = field(default_factory=dict)
    ledgers: dict[str, LedgerEntry] = field(default_factory=dict)
    next_trade_id: int = 1

    def publish(
        self, order: Order, exec_type: ExecType, now: float, trade: Trade | None = None
    ) -> None:
        if self.events is not None:
            self.events.publish(OrderEvent(self.email, order.snapshot(), exec_type, trade, now))

    def book_entry(self, entry: LedgerEntry, balances: dict[str, Decimal]) -> None:
        """Keep a ledger entry whose change ``balances`` already shows, and publish it."""
        self.ledgers[entry.id] = entry
        if self.events is not None:
            self.events.publish(LedgerEvent(self.email, entry, dict(balances)))

    def add(self, order: Order, now: float) -> None:
        self.orders[order.txid] = order
        self.publish(order, "new", now)

    def close(self, order: Order, status: OrderStatus, reason: str | None, now: float) -> None:
        """End an open order without a fill: canceled or expired (its hold is released)."""
        order.status = status
        order.closed = now
        order.reason = reason
        order.hold_amount = Decimal(0)
        self.publish(order, "canceled" if status == "canceled" else "expired", now)

    def open_orders(self, pair: AssetPair | None = None) -> list[Order]:
        return [
            order
            for order in self.orders.values()
            if order.is_open and (pair is None or order.request.pair.key == pair.key)
        ]

    def closed_orders(self) -> list[Order]:
        return [order for order in self.orders.values() if not order.is_open]

    def held(self) -> dict[str, Decimal]:
        """Per asset, what the open orders hold."""
        holds: dict[str, Decimal] = {}
        for order in self.open_orders():
            if order.hold_amount:
                asset = order.hold_asset
                holds[asset] = holds.get(asset, Decimal(0)) + order.hold_amount
        return holds

    def available(self, balances: dict[str, Decimal], asset: str) -> Decimal:
        return balances.get(asset, Decimal(0)) - self.held().get(asset, Decimal(0))

    def find(self, ref: str) -> list[Order]:
        """Open orders named by txid, by ``userref`` (an integer) or by ``cl_ord_id``."""
        ref = ref.strip()
        order = self.orders.get(ref)
        if order is not None:
            return [order] if order.is_open else []
        open_orders = self.open_orders()
        if ref.lstrip("-").isdigit():
            userref = int(ref)
            return [o for o in open_orders if o.request.userref == userref]
        return [o for o in open_orders if o.request.cl_ord_id == ref]

    def find_one(self, ref: str) -> Order:
        """The one open order named by txid or ``cl_ord_id``, else ``EOrder:Unknown order``."""
        ref = ref.strip()
        found = [o for o in self.find(ref) if ref in (o.txid, o.request.cl_ord_id)]
        if len(found) != 1:
            raise KrakenError(UNKNOWN_ORDER)
        return found[0]
