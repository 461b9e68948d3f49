from __future__ import annotations

from pathlib import Path

import pytest

from mocks.altrady.store import (
    DuplicateKeyError,
    DuplicateUserError,
    NewKey,
    Store,
    StoreError,
    TooManyKeysError,
)

NOW = 1_795_000_000.0
SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQ="


def _keys(count: int, start: int = 1) -> list[NewKey]:
    return [
        NewKey(name=f"Altrady {n}", api_key=f"KEY{n:04d}", private_key=SECRET)
        for n in range(start, start + count)
    ]


def _account(store: Store, keys: list[NewKey], balances: dict[str, str] | None = None) -> str:
    user = store.user_by_email("ann@example.test") or store.create_user("ann@example.test", "h")
    return store.create_account(
        user.id,
        exchange="kraken",
        name="Kraken",
        keys=keys,
        max_keys=10,
        balances=balances or {},
        now=NOW,
    ).id


def _fail_insert_of_position(store: Store, position: int) -> None:
    """Make the database refuse the key stored at ``position``, as a full disk would."""
    store._db.execute(
        f"CREATE TRIGGER refuse BEFORE INSERT ON api_keys WHEN NEW.position = {position} "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )


def test_users_are_unique_by_email_whatever_the_case(store: Store) -> None:
    user = store.create_user("Ann@Example.test", "hash")
    assert store.user_by_email("ann@example.test") == user
    with pytest.raises(DuplicateUserError):
        store.create_user("ANN@example.test", "other")
    assert "hash" not in repr(user)


def test_an_account_is_stored_with_its_keys_and_balances_in_order(store: Store) -> None:
    account_id = _account(store, _keys(2), {"ZUSD": "10.0000", "XXBT": "0.1000000000"})
    account = store.account(account_id)
    assert account is not None
    assert [(k.position, k.name, k.api_key) for k in account.keys] == [
        (1, "Altrady 1", "KEY0001"),
        (2, "Altrady 2", "KEY0002"),
    ]
    assert account.balances == (("ZUSD", "10.0000"), ("XXBT", "0.1000000000"))
    assert account.balances_updated_at == NOW
    assert (account.status, account.status_message) == ("connected", None)
    assert SECRET not in repr(account)


def test_a_failure_at_the_second_key_stores_nothing_of_the_request(store: Store) -> None:
    _fail_insert_of_position(store, 2)
    with pytest.raises(StoreError, match="disk full"):
        _account(store, _keys(3), {"ZUSD": "1.0000"})
    user = store.user_by_email("ann@example.test")
    assert user is not None
    assert store.accounts_of(user.id) == []
    assert store.api_keys_of_user(user.id) == set()
    assert store._db.execute("SELECT COUNT(*) FROM balances").fetchone() == (0,)


def test_a_failure_while_adding_keys_keeps_the_account_as_it_was(store: Store) -> None:
    account_id = _account(store, _keys(2), {"ZUSD": "1.0000"})
    before = store.account(account_id)
    _fail_insert_of_position(store, 4)
    with pytest.raises(StoreError):
        store.add_keys(account_id, _keys(2, start=3), max_keys=10, balances={"ZUSD": "2"}, now=NOW)
    assert store.account(account_id) == before


def test_keys_are_added_after_the_last_one(store: Store) -> None:
    account_id = _account(store, _keys(2))
    account = store.add_keys(account_id, _keys(1, start=3), max_keys=10, balances=None, now=NOW)
    assert [k.position for k in account.keys] == [1, 2, 3]


def test_no_account_holds_more_than_the_limit(store: Store) -> None:
    with pytest.raises(TooManyKeysError):
        _account(store, _keys(11))
    account_id = _account(store, _keys(9))
    with pytest.raises(TooManyKeysError):
        store.add_keys(account_id, _keys(2, start=10), max_keys=10, balances=None, now=NOW)
    account = store.add_keys(account_id, _keys(1, start=10), max_keys=10, balances=None, now=NOW)
    assert len(account.keys) == 10


def test_an_api_key_is_connected_once_per_user(store: Store) -> None:
    account_id = _account(store, _keys(1))
    with pytest.raises(DuplicateKeyError):
        _account(store, _keys(1))
    with pytest.raises(DuplicateKeyError):
        store.add_keys(account_id, _keys(1), max_keys=10, balances=None, now=NOW)
    other = store.create_user("bob@example.test", "h")
    store.create_account(
        other.id, exchange="kraken", name="K", keys=_keys(1), max_keys=10, balances={}, now=NOW
    )


def test_removing_a_key_closes_the_gap(store: Store) -> None:
    account_id = _account(store, _keys(3))
    account = store.account(account_id)
    assert account is not None
    assert store.remove_key(account_id, account.keys[0].id)
    assert not store.remove_key(account_id, "key_unknown")
    after = store.account(account_id)
    assert after is not None
    assert [(k.position, k.name) for k in after.keys] == [(1, "Altrady 2"), (2, "Altrady 3")]


def test_deleting_an_account_deletes_its_keys_and_balances(store: Store) -> None:
    account_id = _account(store, _keys(2), {"ZUSD": "1.0000"})
    assert store.delete_account(account_id)
    assert store.account(account_id) is None
    assert store._db.execute("SELECT COUNT(*) FROM api_keys").fetchone() == (0,)
    assert store._db.execute("SELECT COUNT(*) FROM balances").fetchone() == (0,)
    assert not store.delete_account(account_id)


def test_balances_statuses_and_reset(store: Store) -> None:
    account_id = _account(store, _keys(1), {"ZUSD": "1.0000"})
    store.save_balances(account_id, {"XETH": "2.0000000000"}, NOW + 30)
    store.set_account_status(account_id, "error", "Kraken refused")
    account = store.account(account_id)
    assert account is not None
    store.set_key_status(account.keys[0].id, "invalid")
    account = store.account(account_id)
    assert account is not None
    assert account.balances == (("XETH", "2.0000000000"),)
    assert account.balances_updated_at == NOW + 30
    assert (account.status, account.status_message) == ("error", "Kraken refused")
    assert account.keys[0].status == "invalid"
    store.reset()
    assert store.all_account_ids() == []
    assert store.user_by_email("ann@example.test") is None


def test_adding_keys_to_an_unknown_account_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no account"):
        store.add_keys("acc_nope", _keys(1), max_keys=10, balances=None, now=NOW)


def test_a_database_file_keeps_accounts_across_restarts(tmp_path: Path) -> None:
    path = str(tmp_path / "altrady.sqlite3")
    first = Store(path)
    account_id = _account(first, _keys(2), {"ZUSD": "5.0000"})
    first.close()
    second = Store(path)
    account = second.account(account_id)
    second.close()
    assert account is not None
    assert len(account.keys) == 2
    assert account.balances == (("ZUSD", "5.0000"),)
