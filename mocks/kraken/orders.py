"""An account's orders, trades and ledger entries, and what placing or cancelling does.

There is no matching engine. A **limit** order rests until cancelled and holds funds while
it is open: a buy holds ``volume * price`` plus the taker fee in the quote asset, a sell
holds ``volume`` of the base asset. ``Balance`` is unchanged by a hold; ``BalanceEx`` shows
it as ``hold_trade``. A **market** order fills at once at the ticker's ask (buy) or bid
(sell), pays the taker fee in the quote asset, changes the balances, and adds one trade and
two ledger entries (base and quote).
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
from mocks.kraken_facts.errors import INSUFFICIENT_FUNDS, UNKNOWN_ORDER, KrakenError

__all__ = [
    "LedgerEntry",
    "Order",
    "OrderBook",
    "OrderRequest",
    "Side",
    "Trade",
    "new_txid",
]

Side = Literal["buy", "sell"]
OrderType = Literal["market", "limit"]

_ID_ALPHABET = string.ascii_uppercase + string.digits


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
    """A validated AddOrder."""

    pair: AssetPair
    side: Side
    ordertype: OrderType
    volume: Decimal
    price: Decimal | None
    userref: int | None = None
    cl_ord_id: str | None = None
    oflags: str = ""
    timeinforce: str = "GTC"

    def description(self) -> str:
        volume = format_amount(self.volume, self.pair.lot_decimals)
        head = f"{self.side} {volume} {self.pair.altname} @ "
        if self.ordertype == "limit" and self.price is not None:
            return head + f"limit {format_amount(self.price, self.pair.pair_decimals)}"
        return head + "market"

    def hold(self) -> tuple[str, Decimal]:
        """The asset and amount a resting order of this request holds."""
        if self.side == "sell":
            return self.pair.base, self.volume
        price = self.price if self.price is not None else self.pair.market.ask
        cost = self.volume * price
        return self.pair.quote, cost + cost * self.pair.taker_fee_percent / 100


@dataclass
class Order:
    txid: str
    request: OrderRequest
    opened: float
    status: Literal["open", "closed", "canceled"] = "open"
    closed: float | None = None
    reason: str | None = None
    vol_exec: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    fee: Decimal = Decimal(0)
    average_price: Decimal = Decimal(0)
    trade_ids: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def snapshot(self) -> Order:
        """A copy that later changes of this order leave alone (for events)."""
        return dataclasses.replace(self, trade_ids=list(self.trade_ids))

    def as_kraken(self, *, with_trades: bool = False) -> dict[str, Any]:
        r = self.request
        pair = r.pair
        info: dict[str, Any] = {
            "refid": None,
            "userref": r.userref if r.userref is not None else 0,
            "status": self.status,
            "opentm": round(self.opened, 4),
            "starttm": 0,
            "expiretm": 0,
            "descr": {
                "pair": pair.altname,
                "type": r.side,
                "ordertype": r.ordertype,
                "price": format_amount(r.price or Decimal(0), pair.pair_decimals),
                "price2": "0",
                "leverage": "none",
                "order": r.description(),
                "close": "",
            },
            "vol": format_amount(r.volume, pair.lot_decimals),
            "vol_exec": format_amount(self.vol_exec, pair.lot_decimals),
            "cost": format_amount(self.cost, pair.cost_decimals),
            "fee": format_amount(self.fee, pair.cost_decimals),
            "price": format_amount(self.average_price, pair.cost_decimals),
            "stopprice": format_amount(Decimal(0), pair.cost_decimals),
            "limitprice": format_amount(Decimal(0), pair.cost_decimals),
            "misc": "",
            "oflags": r.oflags or "fciq",
            "timeinforce": r.timeinforce,
        }
        if r.cl_ord_id is not None:
            info["cl_ord_id"] = r.cl_ord_id
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
            "maker": False,
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

    def as_kraken(self) -> dict[str, Any]:
        decimals = _asset_decimals(self.asset)
        return {
            "refid": self.refid,
            "time": round(self.time, 4),
            "type": self.type,
            "subtype": "",
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
    _next_trade_id: int = 1

    def _order_event(
        self, order: Order, exec_type: ExecType, now: float, trade: Trade | None = None
    ) -> None:
        if self.events is not None:
            self.events.publish(OrderEvent(self.email, order.snapshot(), exec_type, trade, now))

    def _ledger_event(self, entry: LedgerEntry, balances: dict[str, Decimal]) -> None:
        if self.events is not None:
            self.events.publish(LedgerEvent(self.email, entry, dict(balances)))

    def book_entry(self, entry: LedgerEntry, balances: dict[str, Decimal]) -> None:
        """Keep a ledger entry whose change ``balances`` already shows, and publish it."""
        self.ledgers[entry.id] = entry
        self._ledger_event(entry, balances)

    def open_orders(self) -> list[Order]:
        return [order for order in self.orders.values() if order.is_open]

    def closed_orders(self) -> list[Order]:
        return [order for order in self.orders.values() if not order.is_open]

    def held(self) -> dict[str, Decimal]:
        """Per asset, what the open orders hold."""
        holds: dict[str, Decimal] = {}
        for order in self.open_orders():
            asset, amount = order.request.hold()
            holds[asset] = holds.get(asset, Decimal(0)) + amount
        return holds

    def available(self, balances: dict[str, Decimal], asset: str) -> Decimal:
        return balances.get(asset, Decimal(0)) - self.held().get(asset, Decimal(0))

    def place(self, request: OrderRequest, balances: dict[str, Decimal], now: float) -> Order:
        """Rest a limit order or fill a market order; raise on insufficient funds."""
        if request.ordertype == "limit":
            asset, amount = request.hold()
            if amount > self.available(balances, asset):
                raise KrakenError(INSUFFICIENT_FUNDS)
            order = Order(txid=new_txid("O"), request=request, opened=now)
            self.orders[order.txid] = order
            self._order_event(order, "new", now)
            return order
        return self._fill_market(request, balances, now)

    def _fill_market(
        self, request: OrderRequest, balances: dict[str, Decimal], now: float
    ) -> Order:
        pair = request.pair
        price = pair.market.ask if request.side == "buy" else pair.market.bid
        cost = request.volume * price
        fee = cost * pair.taker_fee_percent / 100
        if request.side == "buy":
            base_change, quote_change = request.volume, -(cost + fee)
            if cost + fee > self.available(balances, pair.quote):
                raise KrakenError(INSUFFICIENT_FUNDS)
        else:
            base_change, quote_change = -request.volume, cost - fee
            if request.volume > self.available(balances, pair.base):
                raise KrakenError(INSUFFICIENT_FUNDS)

        order = Order(txid=new_txid("O"), request=request, opened=now)
        trade_txid = new_txid("T")
        base_balance = balances.get(pair.base, Decimal(0)) + base_change
        quote_balance = balances.get(pair.quote, Decimal(0)) + quote_change
        balances[pair.base] = base_balance
        balances[pair.quote] = quote_balance
        base_entry = LedgerEntry(
            new_txid("L"), trade_txid, now, pair.base, base_change, Decimal(0), base_balance
        )
        quote_entry = LedgerEntry(
            new_txid("L"),
            trade_txid,
            now,
            pair.quote,
            quote_change + fee,  # Kraken lists the fee beside the amount, not inside it
            fee,
            quote_balance,
        )
        trade = Trade(
            txid=trade_txid,
            order_txid=order.txid,
            pair=pair,
            time=now,
            side=request.side,
            ordertype=request.ordertype,
            price=price,
            cost=cost,
            fee=fee,
            volume=request.volume,
            trade_id=self._next_trade_id,
            ledger_ids=(base_entry.id, quote_entry.id),
        )
        self._next_trade_id += 1
        self.trades[trade.txid] = trade
        self.orders[order.txid] = order
        self._order_event(order, "new", now)
        order.status = "closed"
        order.closed = now
        order.vol_exec = request.volume
        order.cost = cost
        order.fee = fee
        order.average_price = price
        order.trade_ids.append(trade.txid)
        self._order_event(order, "filled", now, trade)
        self.book_entry(base_entry, balances)
        self.book_entry(quote_entry, balances)
        return order

    def find_cancellable(self, ref: str) -> list[Order]:
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

    def cancel(self, orders: list[Order], now: float) -> int:
        if not orders:
            raise KrakenError(UNKNOWN_ORDER)
        for order in orders:
            order.status = "canceled"
            order.closed = now
            order.reason = "User requested"
            self._order_event(order, "canceled", now)
        return len(orders)
