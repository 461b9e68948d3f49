"""Kraken's private methods this mock answers, by name."""

from __future__ import annotations

from mocks.kraken.rest import account, amend, fees, funds, history, trading
from mocks.kraken.rest.context import PrivateHandler

__all__ = ["PRIVATE_METHODS"]

PRIVATE_METHODS: dict[str, PrivateHandler] = {
    "Balance": funds.balance,
    "BalanceEx": funds.balance_ex,
    "TradeBalance": funds.trade_balance,
    "OpenOrders": history.open_orders,
    "ClosedOrders": history.closed_orders,
    "QueryOrders": history.query_orders,
    "TradesHistory": history.trades_history,
    "QueryTrades": history.query_trades,
    "Ledgers": history.ledgers,
    "QueryLedgers": history.query_ledgers,
    "TradeVolume": fees.trade_volume,
    "AddOrder": trading.add_order,
    "AddOrderBatch": trading.add_order_batch,
    "AmendOrder": amend.amend_order,
    "EditOrder": amend.edit_order,
    "CancelOrder": trading.cancel_order,
    "CancelOrderBatch": trading.cancel_order_batch,
    "CancelAll": trading.cancel_all,
    "CancelAllOrdersAfter": trading.cancel_all_orders_after,
    "GetWebSocketsToken": account.websockets_token,
    "GetApiKeyInfo": account.api_key_info,
}
