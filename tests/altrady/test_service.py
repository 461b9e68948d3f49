from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

import pytest

from mocks.altrady.key_pool import TIER_LIMITS
from mocks.altrady.kraken_client import KrakenClient
from mocks.altrady.service import AltradyService, KeyInput, ServiceError
from mocks.altrady.settings import MAX_KEYS_MESSAGE, AltradySettings
from mocks.altrady.store import Store, User
from mocks.clock import Clock
from tests.altrady.conftest import T0
from tests.altrady.kraken_double import GOOD_PERMISSIONS, DoubleKey, KrakenDouble

pytestmark = pytest.mark.anyio


def _inputs(*keys: DoubleKey) -> list[KeyInput]:
    return [KeyInput(key.api_key, key.secret) for key in keys]


@pytest.fixture
def ann(service: AltradyService) -> User:
    return service.register("ann@example.test", "pw")


async def _refused(call: Awaitable[object]) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        await call
    return refused.value


async def test_connect_stores_the_account_its_keys_and_balances(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    first, second = kraken.add_key(name="Altrady 1"), kraken.add_key(name="Altrady 2")
    account, warnings = await service.connect(
        ann, exchange="kraken", name=None, keys=_inputs(first, second)
    )
    assert warnings == []
    assert account.name == "Kraken"
    assert [(k.position, k.name, k.status) for k in account.keys] == [
        (1, "Altrady 1", "ok"),
        (2, "Altrady 2", "ok"),
    ]
    assert dict(account.balances) == kraken.balances
    assert account.balances_updated_at == T0
    assert service.accounts(ann) == [account]


async def test_warnings_name_the_key(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    key = kraken.add_key(name="Quick", nonce_window=0)
    account, warnings = await service.connect(
        ann, exchange="kraken", name="Main", keys=_inputs(key)
    )
    (warning,) = warnings
    assert warning.startswith("Key 'Quick': ")
    assert "set Custom Nonce Window to 5000" in warning
    assert account.keys[0].warnings == (warning.removeprefix("Key 'Quick': "),)


async def test_refused_keys_are_named_by_index_and_nothing_is_stored(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    good = kraken.add_key()
    no_funds = kraken.add_key(permissions=tuple(p for p in GOOD_PERMISSIONS if p != "funds_query"))
    withdraws = kraken.add_key(permissions=(*GOOD_PERMISSIONS, "funds_withdraw"))
    error = await _refused(
        service.connect(ann, exchange="kraken", name=None, keys=_inputs(good, no_funds, withdraws))
    )
    assert error.status == 422
    assert error.message == "2 keys cannot be connected: see the message beside each key."
    assert [problem.index for problem in error.key_errors] == [1, 2]
    assert "Query Funds" in error.key_errors[0].message
    assert "withdraw" in error.key_errors[1].message
    assert service.accounts(ann) == []


async def test_one_refused_key_is_the_error_itself(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    key = kraken.add_key(ip_allowlist=())
    error = await _refused(service.connect(ann, exchange="kraken", name=None, keys=_inputs(key)))
    assert error.message.startswith("Key 1 cannot be connected: This key has no IP address")


async def test_a_key_already_connected_is_refused(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    key, other = kraken.add_key(), kraken.add_key()
    await service.connect(ann, exchange="kraken", name=None, keys=_inputs(key))
    error = await _refused(
        service.connect(ann, exchange="kraken", name="Second", keys=_inputs(other, key))
    )
    assert [(p.index, p.message) for p in error.key_errors] == [
        (1, "This API key is already connected to one of your exchange accounts.")
    ]
    twice = await _refused(
        service.connect(ann, exchange="kraken", name=None, keys=_inputs(other, other))
    )
    assert [p.index for p in twice.key_errors] == [1]
    assert "appears twice" in twice.key_errors[0].message


async def test_another_user_may_connect_the_same_key(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    key = kraken.add_key(nonce_window=5000)
    await service.connect(ann, exchange="kraken", name=None, keys=_inputs(key))
    bob = service.register("bob@example.test", "pw")
    account, _ = await service.connect(bob, exchange="kraken", name=None, keys=_inputs(key))
    assert len(account.keys) == 1


async def test_blank_keys_are_refused_per_key_without_asking_kraken(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    error = await _refused(
        service.connect(ann, exchange="kraken", name=None, keys=[KeyInput("", "")])
    )
    assert error.key_errors[0].message == "Paste the API key from Kraken's dialog."
    assert kraken.calls == []


@pytest.mark.parametrize(
    ("exchange", "name", "keys", "status", "words"),
    [
        ("nope", None, 1, 422, "Choose an exchange"),
        ("binance", None, 1, 422, "Kraken accounts only, not Binance"),
        ("kraken", "x" * 65, 1, 422, "at most 64 characters"),
        ("kraken", None, 0, 422, "Add at least one API key."),
        ("kraken", None, 11, 409, MAX_KEYS_MESSAGE),
    ],
)
async def test_requests_refused_before_asking_kraken(
    service: AltradyService,
    kraken: KrakenDouble,
    ann: User,
    *,
    exchange: str,
    name: str | None,
    keys: int,
    status: int,
    words: str,
) -> None:
    inputs = _inputs(*(kraken.add_key() for _ in range(keys)))
    error = await _refused(service.connect(ann, exchange=exchange, name=name, keys=inputs))
    assert (error.status, words in error.message) == (status, True)
    assert kraken.calls == []


async def test_the_eleventh_key_is_refused_and_nothing_is_lost(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    first_ten = [kraken.add_key() for _ in range(10)]
    account, _ = await service.connect(ann, exchange="kraken", name=None, keys=_inputs(*first_ten))
    calls_before = len(kraken.calls)
    error = await _refused(service.add_keys(ann, account.id, _inputs(kraken.add_key())))
    assert (error.status, error.message) == (409, MAX_KEYS_MESSAGE)
    assert len(kraken.calls) == calls_before  # refused before asking Kraken
    assert service.account(ann, account.id) == account


async def test_extra_keys_join_after_the_last(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    account, _ = await service.connect(
        ann, exchange="kraken", name=None, keys=_inputs(kraken.add_key())
    )
    added, warnings = await service.add_keys(
        ann, account.id, _inputs(kraken.add_key(name="Extra"), kraken.add_key(nonce_window=10))
    )
    assert [k.position for k in added.keys] == [1, 2, 3]
    assert added.keys[1].name == "Extra"
    assert len(warnings) == 1


async def test_a_refused_extra_key_adds_none_of_the_request(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    account, _ = await service.connect(
        ann, exchange="kraken", name=None, keys=_inputs(kraken.add_key())
    )
    error = await _refused(
        service.add_keys(
            ann, account.id, _inputs(kraken.add_key(), kraken.add_key(ip_allowlist=()))
        )
    )
    assert [p.index for p in error.key_errors] == [1]
    assert service.account(ann, account.id) == account


async def test_a_database_failure_mid_connect_stores_nothing(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    service.store._db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON api_keys WHEN NEW.position = 2 "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    error = await _refused(
        service.connect(
            ann, exchange="kraken", name=None, keys=_inputs(kraken.add_key(), kraken.add_key())
        )
    )
    assert error.status == 503
    assert "nothing was stored" in error.message
    assert "disk full" not in error.message
    assert service.accounts(ann) == []


async def test_kraken_down_during_connect_is_a_502(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    key = kraken.add_key()
    kraken.down = True
    error = await _refused(service.connect(ann, exchange="kraken", name=None, keys=_inputs(key)))
    assert error.status == 502
    assert error.message.startswith("Kraken did not answer")
    assert service.accounts(ann) == []


async def test_resync_shows_krakens_change(
    service: AltradyService, kraken: KrakenDouble, ann: User, clock: Clock
) -> None:
    account, _ = await service.connect(
        ann, exchange="kraken", name=None, keys=_inputs(kraken.add_key())
    )
    kraken.balances = {"ZUSD": "12.3400", "XETH": "0.0000000001"}
    clock.advance(60)
    fresh = await service.resync(ann, account.id)
    assert fresh.balances == (("ZUSD", "12.3400"), ("XETH", "0.0000000001"))
    assert fresh.balances_updated_at == T0 + 60


async def test_a_failed_resync_keeps_the_previous_balances(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    key = kraken.add_key()
    account, _ = await service.connect(ann, exchange="kraken", name=None, keys=_inputs(key))
    kraken.down = True
    error = await _refused(service.resync(ann, account.id))
    assert (error.status, error.message.startswith("Kraken did not answer")) == (502, True)
    assert service.account(ann, account.id).balances == account.balances

    kraken.down = False
    kraken.script(key, "Balance", "EService:Unavailable")
    error = await _refused(service.resync(ann, account.id))
    assert error.message.startswith("Kraken did not answer with balances: Kraken is busy")
    assert service.account(ann, account.id).balances == account.balances


async def test_when_kraken_refuses_every_key_the_account_shows_an_error(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    key = kraken.add_key()
    account, _ = await service.connect(ann, exchange="kraken", name=None, keys=_inputs(key))
    kraken.script(key, "Balance", "EAPI:Invalid key")
    error = await _refused(service.resync(ann, account.id))
    assert error.status == 502
    after = service.account(ann, account.id)
    assert after.status == "error"
    assert after.status_message is not None
    assert "does not recognise this API key" in after.status_message
    assert after.keys[0].status == "invalid"
    # Once Kraken accepts the key again, a resync clears the error.
    resynced = await service.resync(ann, account.id)
    assert (resynced.status, resynced.status_message, resynced.keys[0].status) == (
        "connected",
        None,
        "ok",
    )


async def test_refresh_due_waits_for_the_interval(
    service: AltradyService, kraken: KrakenDouble, ann: User, clock: Clock
) -> None:
    await service.connect(ann, exchange="kraken", name=None, keys=_inputs(kraken.add_key()))
    interval = 30.0
    service.settings = dataclasses.replace(service.settings, refresh_interval_s=interval)
    assert (await service.refresh_due(clock.now())).refreshed == 0
    clock.advance(interval)
    kraken.balances = {"ZUSD": "1.0000"}
    summary = await service.refresh_due(clock.now())
    assert (summary.refreshed, summary.failed) == (1, 0)
    assert service.accounts(ann)[0].balances == (("ZUSD", "1.0000"),)
    # A failed attempt also waits a full interval before the next one.
    clock.advance(interval)
    kraken.down = True
    assert (await service.refresh_due(clock.now())).failed == 1
    assert (await service.refresh_due(clock.now())).failed == 0


async def test_refresh_all_counts_what_failed(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    good, bad = kraken.add_key(), kraken.add_key()
    await service.connect(ann, exchange="kraken", name="A", keys=_inputs(good))
    await service.connect(ann, exchange="kraken", name="B", keys=_inputs(bad))
    kraken.script(bad, "Balance", "EAPI:Invalid signature")
    summary = await service.refresh_all()
    assert (summary.refreshed, summary.failed) == (1, 1)


async def test_removing_keys_and_accounts(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    account, _ = await service.connect(
        ann, exchange="kraken", name=None, keys=_inputs(kraken.add_key(), kraken.add_key())
    )
    first, second = account.keys
    after = service.remove_key(ann, account.id, first.id)
    assert [(k.id, k.position) for k in after.keys] == [(second.id, 1)]
    last = await _refused_sync(lambda: service.remove_key(ann, account.id, second.id))
    assert (last.status, "at least one API key" in last.message) == (409, True)
    unknown = await _refused_sync(lambda: service.remove_key(ann, account.id, "key_nope"))
    assert unknown.status == 404
    service.delete_account(ann, account.id)
    assert service.accounts(ann) == []


async def test_another_users_account_does_not_exist_for_you(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    account, _ = await service.connect(
        ann, exchange="kraken", name=None, keys=_inputs(kraken.add_key())
    )
    bob = service.register("bob@example.test", "pw")
    for attempt in (
        lambda: service.account(bob, account.id),
        lambda: service.delete_account(bob, account.id),
        lambda: service.remove_key(bob, account.id, account.keys[0].id),
    ):
        assert (await _refused_sync(attempt)).status == 404
    assert (await _refused(service.resync(bob, account.id))).status == 404
    assert (await _refused(service.add_keys(bob, account.id, []))).status == 404


async def test_the_grid_bot_checks_the_pair_first(
    service: AltradyService, kraken: KrakenDouble, ann: User
) -> None:
    account, _ = await service.connect(
        ann, exchange="kraken", name=None, keys=_inputs(kraken.add_key())
    )
    bad = await _refused(service.grid_bot(ann, account.id, pair="xbt/usd!", orders=3))
    assert (bad.status, bad.message) == (422, "Enter a Kraken pair such as XBTUSD.")
    unknown = await _refused(service.grid_bot(ann, account.id, pair="DOGEUSD", orders=3))
    assert (unknown.status, unknown.message) == (422, "Kraken does not list the pair DOGEUSD.")
    kraken.down = True
    down = await _refused(service.grid_bot(ann, account.id, pair="XBTUSD", orders=3))
    assert down.status == 502


async def test_users_register_once_and_log_in_with_their_password(
    service: AltradyService,
) -> None:
    user = service.register(" ann@example.test ", "pw")
    assert user.email == "ann@example.test"
    assert service.authenticate("ANN@example.test", "pw") == user
    assert service.authenticate("ann@example.test", "wrong") is None
    assert service.authenticate("nobody@example.test", "pw") is None
    duplicate = await _refused_sync(lambda: service.register("ann@example.test", "x"))
    assert duplicate.status == 409


async def _refused_sync(attempt: Callable[[], object]) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        attempt()
    return refused.value


async def test_the_pool_assumes_the_tier_the_settings_name(
    settings: AltradySettings, clock: Clock, store: Store, client: KrakenClient
) -> None:
    default = AltradyService(settings, clock, store, client)
    assert default.estimator.limits == TIER_LIMITS["Starter"]
    pro = AltradyService(
        dataclasses.replace(settings, assumed_kraken_tier="Pro"), clock, store, client
    )
    assert pro.estimator.limits == TIER_LIMITS["Pro"]
    with pytest.raises(ValueError, match="Starter, Intermediate, Pro"):
        AltradyService(
            dataclasses.replace(settings, assumed_kraken_tier="Gold"), clock, store, client
        )
