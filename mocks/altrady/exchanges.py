"""The exchanges Altrady's connect wizard lists; this mock can connect Kraken only."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXCHANGES", "Exchange", "exchange_by_id"]


@dataclass(frozen=True)
class Exchange:
    id: str
    name: str
    supported: bool = False


EXCHANGES: tuple[Exchange, ...] = tuple(
    sorted(
        (
            Exchange("binance", "Binance"),
            Exchange("bitfinex", "Bitfinex"),
            Exchange("bitget", "Bitget"),
            Exchange("bitvavo", "Bitvavo"),
            Exchange("bybit", "Bybit"),
            Exchange("coinbase", "Coinbase Advanced"),
            Exchange("gateio", "Gate.io"),
            Exchange("htx", "HTX"),
            Exchange("kraken", "Kraken", supported=True),
            Exchange("kucoin", "KuCoin"),
            Exchange("okx", "OKX"),
        ),
        key=lambda exchange: exchange.name.lower(),
    )
)

_BY_ID = {exchange.id: exchange for exchange in EXCHANGES}


def exchange_by_id(exchange_id: str) -> Exchange | None:
    return _BY_ID.get(exchange_id.strip().lower())
