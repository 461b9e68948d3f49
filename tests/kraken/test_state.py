from __future__ import annotations

from decimal import Decimal

import pytest

from mocks.clock import Clock
from mocks.kraken.keys import KeySpec
from mocks.kraken.state import KrakenState, UnknownUserError, UserExistsError


def test_users_keys_and_reset() -> None:
    state = KrakenState(Clock.frozen_at(100))
    account = state.create_user("Ann@Example.test", "pw", balances={"ZUSD": Decimal(5)})
    assert state.account("ann@example.test") is account
    assert state.authenticate("ann@example.test", "pw") is account
    assert state.authenticate("ann@example.test", "nope") is None
    with pytest.raises(UserExistsError):
        state.create_user("ANN@example.test", "x")
    key = state.create_key("ann@example.test", KeySpec(name="k"))
    assert state.keys[key.public] is key
    assert state.account_of(key) is account
    assert key.created == 100
    assert len(key.secret_bytes) == 64
    state.faults.add("Time", "error")  # the faults and the journal live with the state
    state.reset()
    assert (state.accounts, state.keys, state.faults.faults()) == ({}, {}, [])
    assert state.journal.entries() == []
    with pytest.raises(UnknownUserError):
        state.account("ann@example.test")


def test_revoking_a_key_forgets_it_everywhere() -> None:
    state = KrakenState(Clock.frozen_at(100))
    state.create_user("a@example.test", "pw")
    key = state.create_key("a@example.test", KeySpec(name="k"))
    state.revoke_key("a@example.test", "k")
    assert key.public not in state.keys
    assert state.account("a@example.test").keys == {}


def test_each_key_keeps_its_own_nonces_and_call_counter_but_the_account_one_trade_counter() -> None:
    state = KrakenState(Clock.frozen_at(100))
    account = state.create_user("a@example.test", "pw")
    one = state.create_key("a@example.test", KeySpec(name="one"))
    two = state.create_key("a@example.test", KeySpec(name="two"))
    assert one.nonces is not two.nonces
    assert one.call_counter is not two.call_counter
    assert not hasattr(one, "trade_counter")
    account.trade_counter("XXBTZUSD").value = 5
    assert account.trade_counter("XXBTZUSD").value == 5
    assert state.create_user("b@example.test", "pw").trade_counter("XXBTZUSD").value == 0
