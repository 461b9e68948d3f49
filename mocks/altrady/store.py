"""Altrady's memory: users, exchange accounts, their API keys and balances, in SQLite.

Connect and add-keys each run in one transaction, so a failure part-way leaves all or
none of a request's keys. Private keys are stored because Altrady signs with them, but
they leave this module only inside :class:`StoredKey`, whose repr hides them.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = [
    "DuplicateKeyError",
    "DuplicateUserError",
    "NewKey",
    "Store",
    "StoreError",
    "StoredAccount",
    "StoredKey",
    "TooManyKeysError",
    "User",
]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    exchange TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'connected',
    status_message TEXT,
    balances_updated_at REAL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    api_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok',
    warnings TEXT NOT NULL DEFAULT '[]',
    created_at REAL NOT NULL,
    UNIQUE (user_id, api_key)
);
CREATE TABLE IF NOT EXISTS balances (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    asset TEXT NOT NULL,
    amount TEXT NOT NULL,
    PRIMARY KEY (account_id, asset)
);
"""


class StoreError(RuntimeError):
    """The database refused a write; the transaction was rolled back."""


class DuplicateUserError(StoreError):
    pass


class DuplicateKeyError(StoreError):
    """The API key is already connected to one of the user's accounts."""


class TooManyKeysError(StoreError):
    pass


@dataclass(frozen=True)
class User:
    id: int
    email: str
    password_hash: str = field(repr=False)


@dataclass(frozen=True)
class NewKey:
    name: str
    api_key: str
    private_key: str = field(repr=False)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredKey:
    id: str
    position: int
    name: str
    api_key: str
    private_key: str = field(repr=False)
    status: str = "ok"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredAccount:
    id: str
    user_id: int
    exchange: str
    name: str
    status: str
    status_message: str | None
    keys: tuple[StoredKey, ...]
    balances: tuple[tuple[str, str], ...]  # (asset, amount) in Kraken's order
    balances_updated_at: float | None


class Store:
    def __init__(self, path: str | None = None) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            path or ":memory:", isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def reset(self) -> None:
        with self._transaction() as db:
            for table in ("balances", "api_keys", "accounts", "users"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    # users

    def create_user(self, email: str, password_hash: str) -> User:
        try:
            with self._transaction() as db:
                cursor = db.execute(
                    "INSERT INTO users (email, password_hash) VALUES (?, ?)",
                    (email, password_hash),
                )
        except sqlite3.IntegrityError:
            raise DuplicateUserError(email) from None
        except sqlite3.Error as exc:
            raise StoreError(f"the database refused the change ({exc})") from None
        return User(id=int(cursor.lastrowid or 0), email=email, password_hash=password_hash)

    def user_by_email(self, email: str) -> User | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, email, password_hash FROM users WHERE email = ?", (email,)
            ).fetchone()
        return User(int(row[0]), row[1], row[2]) if row else None

    # accounts

    def accounts_of(self, user_id: int) -> list[StoredAccount]:
        with self._lock:
            ids = [
                row[0]
                for row in self._db.execute(
                    "SELECT id FROM accounts WHERE user_id = ? ORDER BY created_at, rowid",
                    (user_id,),
                )
            ]
            return [self._read_account(account_id) for account_id in ids]

    def account(self, account_id: str) -> StoredAccount | None:
        with self._lock:
            exists = self._db.execute(
                "SELECT 1 FROM accounts WHERE id = ?", (account_id,)
            ).fetchone()
            return self._read_account(account_id) if exists else None

    def all_account_ids(self) -> list[str]:
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT id FROM accounts ORDER BY rowid")]

    def api_keys_of_user(self, user_id: int) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT api_key FROM api_keys WHERE user_id = ?", (user_id,))
            return {row[0] for row in rows}

    def create_account(
        self,
        user_id: int,
        *,
        exchange: str,
        name: str,
        keys: Sequence[NewKey],
        max_keys: int,
        balances: Mapping[str, str],
        now: float,
    ) -> StoredAccount:
        """Store the account, all its keys and its balances, or nothing at all."""
        if len(keys) > max_keys:
            raise TooManyKeysError(f"{len(keys)} keys")
        account_id = "acc_" + secrets.token_hex(6)
        with self._writing() as db:
            db.execute(
                "INSERT INTO accounts (id, user_id, exchange, name, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (account_id, user_id, exchange, name, now),
            )
            self._insert_keys(db, account_id, user_id, keys, first_position=1, now=now)
            self._write_balances(db, account_id, balances, now)
        account = self.account(account_id)
        assert account is not None
        return account

    def add_keys(
        self,
        account_id: str,
        keys: Sequence[NewKey],
        *,
        max_keys: int,
        balances: Mapping[str, str] | None,
        now: float,
    ) -> StoredAccount:
        """Append keys after the account's last one, all or none; refuses past ``max_keys``."""
        with self._writing() as db:
            row = db.execute(
                "SELECT a.user_id, COUNT(k.id) FROM accounts a "
                "LEFT JOIN api_keys k ON k.account_id = a.id WHERE a.id = ? GROUP BY a.id",
                (account_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"no account {account_id}")
            user_id, count = row
            if count + len(keys) > max_keys:
                raise TooManyKeysError(f"{count} + {len(keys)} keys")
            self._insert_keys(db, account_id, user_id, keys, first_position=count + 1, now=now)
            if balances is not None:
                self._write_balances(db, account_id, balances, now)
        account = self.account(account_id)
        assert account is not None
        return account

    def remove_key(self, account_id: str, key_id: str) -> bool:
        """Delete a key and close the gap in positions; False when there was no such key."""
        with self._writing() as db:
            deleted = db.execute(
                "DELETE FROM api_keys WHERE id = ? AND account_id = ?", (key_id, account_id)
            ).rowcount
            remaining = db.execute(
                "SELECT id FROM api_keys WHERE account_id = ? ORDER BY position", (account_id,)
            ).fetchall()
            for position, (remaining_id,) in enumerate(remaining, start=1):
                db.execute(
                    "UPDATE api_keys SET position = ? WHERE id = ?", (position, remaining_id)
                )
        return bool(deleted)

    def delete_account(self, account_id: str) -> bool:
        with self._writing() as db:
            return bool(db.execute("DELETE FROM accounts WHERE id = ?", (account_id,)).rowcount)

    def save_balances(self, account_id: str, balances: Mapping[str, str], now: float) -> None:
        with self._writing() as db:
            self._write_balances(db, account_id, balances, now)

    def set_account_status(self, account_id: str, status: str, message: str | None) -> None:
        with self._writing() as db:
            db.execute(
                "UPDATE accounts SET status = ?, status_message = ? WHERE id = ?",
                (status, message, account_id),
            )

    def set_key_status(self, key_id: str, status: str) -> None:
        with self._writing() as db:
            db.execute("UPDATE api_keys SET status = ? WHERE id = ?", (status, key_id))

    # internals

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A transaction whose database errors come out as :class:`StoreError`."""
        try:
            with self._transaction() as db:
                yield db
        except sqlite3.IntegrityError as exc:
            if "api_keys.user_id, api_keys.api_key" in str(exc):
                raise DuplicateKeyError("API key already connected") from None
            raise StoreError(f"the database refused the change ({exc})") from None
        except sqlite3.Error as exc:
            raise StoreError(f"the database refused the change ({exc})") from None

    @staticmethod
    def _insert_keys(
        db: sqlite3.Connection,
        account_id: str,
        user_id: int,
        keys: Sequence[NewKey],
        *,
        first_position: int,
        now: float,
    ) -> None:
        for position, key in enumerate(keys, start=first_position):
            db.execute(
                "INSERT INTO api_keys (id, account_id, user_id, position, name, api_key, "
                "private_key, warnings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    "key_" + secrets.token_hex(6),
                    account_id,
                    user_id,
                    position,
                    key.name,
                    key.api_key,
                    key.private_key,
                    json.dumps(list(key.warnings)),
                    now,
                ),
            )

    @staticmethod
    def _write_balances(
        db: sqlite3.Connection, account_id: str, balances: Mapping[str, str], now: float
    ) -> None:
        db.execute("DELETE FROM balances WHERE account_id = ?", (account_id,))
        db.executemany(
            "INSERT INTO balances (account_id, ordinal, asset, amount) VALUES (?, ?, ?, ?)",
            [
                (account_id, ordinal, asset, amount)
                for ordinal, (asset, amount) in enumerate(balances.items())
            ],
        )
        db.execute("UPDATE accounts SET balances_updated_at = ? WHERE id = ?", (now, account_id))

    def _read_account(self, account_id: str) -> StoredAccount:
        db = self._db
        row = db.execute(
            "SELECT id, user_id, exchange, name, status, status_message, balances_updated_at "
            "FROM accounts WHERE id = ?",
            (account_id,),
        ).fetchone()
        keys = tuple(
            StoredKey(
                id=key_row[0],
                position=int(key_row[1]),
                name=key_row[2],
                api_key=key_row[3],
                private_key=key_row[4],
                status=key_row[5],
                warnings=tuple(json.loads(key_row[6])),
            )
            for key_row in db.execute(
                "SELECT id, position, name, api_key, private_key, status, warnings "
                "FROM api_keys WHERE account_id = ? ORDER BY position",
                (account_id,),
            )
        )
        balances = tuple(
            (asset, amount)
            for asset, amount in db.execute(
                "SELECT asset, amount FROM balances WHERE account_id = ? ORDER BY ordinal",
                (account_id,),
            )
        )
        return StoredAccount(
            id=row[0],
            user_id=int(row[1]),
            exchange=row[2],
            name=row[3],
            status=row[4],
            status_message=row[5],
            keys=keys,
            balances=balances,
            balances_updated_at=row[6],
        )
