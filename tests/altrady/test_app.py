"""The app's lifespan: the balance refresh task, and the health check."""

from __future__ import annotations

import dataclasses

import anyio
import httpx
import pytest

from mocks.altrady.app import create_app
from mocks.altrady.service import AltradyService, KeyInput
from mocks.altrady.settings import AltradySettings
from mocks.clock import Clock
from tests.altrady.kraken_double import KrakenDouble

pytestmark = pytest.mark.anyio


async def test_health(settings: AltradySettings) -> None:
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://altrady.test") as http:
        answer = await http.get("/_mock/health")
    assert answer.json() == {"status": "ok", "service": "altrady"}


async def test_no_refresh_task_when_the_interval_is_zero(settings: AltradySettings) -> None:
    app = create_app(dataclasses.replace(settings, refresh_interval_s=0))
    async with app.router.lifespan_context(app):
        assert app.state.balance_refresher is None


async def test_balances_refresh_by_themselves_once_the_interval_passes(
    settings: AltradySettings, clock: Clock, kraken: KrakenDouble
) -> None:
    app = create_app(
        dataclasses.replace(settings, refresh_interval_s=30, refresh_tick_s=0.001), clock=clock
    )
    service: AltradyService = app.state.altrady
    async with app.router.lifespan_context(app):
        refresher = app.state.balance_refresher
        user = service.register("ann@example.test", "pw")
        key = kraken.add_key()
        await service.connect(
            user, exchange="kraken", name=None, keys=[KeyInput(key.api_key, key.secret)]
        )
        kraken.balances = {"ZUSD": "42.0000"}
        with anyio.fail_after(5):
            await refresher.wait_for_rounds(refresher.rounds + 2)
        assert service.accounts(user)[0].balances != (("ZUSD", "42.0000"),)  # not due yet
        clock.advance(30)
        with anyio.fail_after(5):
            await refresher.wait_for_rounds(refresher.rounds + 2)
        assert service.accounts(user)[0].balances == (("ZUSD", "42.0000"),)
    assert refresher.rounds > 0


async def test_unexpected_failures_answer_json_without_details(
    settings: AltradySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(settings)

    def broken(email: str) -> None:
        raise RuntimeError("private detail")

    monkeypatch.setattr(app.state.altrady, "user", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://altrady.test") as http:
        answer = await http.get("/_mock/accounts", params={"email": "a@b.c"})
    assert answer.status_code == 500
    assert answer.json()["error"].startswith("Altrady failed unexpectedly")
    assert "private detail" not in answer.text
