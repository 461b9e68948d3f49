"""The signed-in pages around the guide: overview, account settings, and the top-bar
destinations this mock does not simulate."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from mocks.kraken.state import Account
from mocks.kraken.web.guards import signed_in
from mocks.kraken.web.portfolio import balance_rows
from mocks.kraken.web.templating import render

__all__ = ["account_settings", "funding", "overview", "trade"]


@signed_in
async def overview(request: Request, account: Account) -> Response:
    context = {
        "account": account,
        "section": "overview",
        "balances": balance_rows(account.balances),
        "key_count": len(account.keys),
    }
    return render(request, "overview.html", context)


@signed_in
async def account_settings(request: Request, account: Account) -> Response:
    return render(request, "settings.html", {"account": account, "section": "settings"})


def _not_simulated(request: Request, account: Account, section: str, title: str) -> Response:
    context = {"account": account, "section": section, "title": title}
    return render(request, "not_simulated.html", context)


@signed_in
async def trade(request: Request, account: Account) -> Response:
    return _not_simulated(request, account, "trade", "Trade")


@signed_in
async def funding(request: Request, account: Account) -> Response:
    return _not_simulated(request, account, "funding", "Funding")
