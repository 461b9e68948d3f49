"""Everything the Kraken mock remembers: users, their balances, orders, trading counters
and API keys, each key's nonces, call counter and lockout, the market, the request journal
and the injected faults.

One :class:`KrakenState` per server. The REST API, the key pages and the control API all
go through it; a lock keeps it consistent when they run at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import secrets
import threading
from dataclasses import dataclass, field
from decimal import Decimal

from mocks.clock import Clock
from mocks.decay import DecayingCounter
from mocks.kraken.events import EventBus
from mocks.kraken.faults import FaultRegistry
from mocks.kraken.journal import RequestJournal
from mocks.kraken.keys import KeySpec, validate_key_spec
from mocks.kraken.lockout import Lockout
from mocks.kraken.market_state import MarketState
from mocks.kraken.nonces import NonceMemory
from mocks.kraken.orders import LedgerEntry, OrderBook, new_txid
from mocks.kraken.trading import TradingService
from mocks.kraken_facts.limits import TIERS, Tier
from mocks.kraken_facts.signing import decode_secret

__all__ = [
    "Account",
    "ApiKey",
    "KrakenState",
    "UnknownUserError",
    "UserExistsError",
]


class UserExistsError(ValueError):
    pass


class UnknownUserError(LookupError):
    pass


@dataclass
class ApiKey:
    """A key's settings plus what Kraken tracks about it (nonce, last use, REST counter)."""

    public: str
    secret: str  # base64, as Kraken shows it once; never logged or journaled
    spec: KeySpec
    account_id: str
    created: float
    modified: float
    highest_nonce: int = 0
    last_used: float | None = None
    # What the REST API tracks per key (never shown to anyone but the key's own calls).
    nonces: NonceMemory = field(default_factory=NonceMemory, repr=False)
    call_counter: DecayingCounter = field(default_factory=DecayingCounter, repr=False)
    lockout: Lockout = field(default_factory=Lockout, repr=False)
    _secret_bytes: bytes | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def secret_bytes(self) -> bytes:
        """The decoded secret, decoded once: the signed path runs on every private call."""
        if self._secret_bytes is None:
            self._secret_bytes = decode_secret(self.secret)
        return self._secret_bytes

    def is_expired(self, now: float) -> bool:
        return bool(self.spec.valid_until) and now >= self.spec.valid_until


@dataclass
class Account:
    id: str
    email: str
    password_digest: bytes = field(repr=False)
    tier: Tier
    balances: dict[str, Decimal] = field(default_factory=dict)
    keys: dict[str, ApiKey] = field(default_factory=dict)  # by key name
    book: OrderBook = field(default_factory=OrderBook, repr=False)
    # The trading counters: one per pair for the whole account, whichever key or protocol
    # trades (Kraken's "Spot Trading Limits").
    trade_counters: dict[str, DecayingCounter] = field(default_factory=dict, repr=False)
    cancel_all_at: float | None = None  # CancelAllOrdersAfter's deadline

    def trade_counter(self, pair: str) -> DecayingCounter:
        return self.trade_counters.setdefault(pair, DecayingCounter())

    def check_password(self, password: str) -> bool:
        return hmac.compare_digest(self.password_digest, _digest(password))


def _digest(password: str) -> bytes:
    return hashlib.sha256(password.encode()).digest()


def new_key_pair() -> tuple[str, str]:
    """A public key (56 base64 characters) and a 64-byte secret, like Kraken's."""
    public = base64.b64encode(secrets.token_bytes(42)).decode()
    secret = base64.b64encode(secrets.token_bytes(64)).decode()
    return public, secret


class KrakenState:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self.accounts: dict[str, Account] = {}  # by email, lower-cased
        self.keys: dict[str, ApiKey] = {}  # by public key
        # Every secret issued since the last reset, revoked keys' too: test tooling redacts
        # them from traces and reports. Never served over HTTP.
        self.issued_secrets: list[str] = []
        self.journal = RequestJournal()
        self.faults = FaultRegistry()
        # Lockouts of caller addresses after sequential invalid keys (mocks.kraken.auth).
        self.address_lockouts: dict[str, Lockout] = {}
        # Subscribers outlive a reset: a WebSocket server subscribes once per process.
        self.events = EventBus()
        self.market = MarketState(self.events)
        self.trading = TradingService(self.market, self.accounts.values)

    def reset(self) -> None:
        """Forget users, keys, orders, lockouts, the journal and the faults."""
        with self.lock:
            self._ids = itertools.count(1)
            self.accounts.clear()
            self.keys.clear()
            self.issued_secrets.clear()
            self.market.reset()
            self.address_lockouts.clear()
        self.journal.clear()
        self.faults.clear()

    def address_lockout(self, address: str) -> Lockout:
        return self.address_lockouts.setdefault(address, Lockout())

    # users

    def create_user(
        self,
        email: str,
        password: str,
        *,
        tier: str = "Intermediate",
        balances: dict[str, Decimal] | None = None,
    ) -> Account:
        with self.lock:
            key = email.strip().lower()
            if key in self.accounts:
                raise UserExistsError(email)
            account = Account(
                id=f"AA{next(self._ids):02d}N{secrets.token_hex(3).upper()}",
                email=email.strip(),
                password_digest=_digest(password),
                tier=TIERS[tier],
                balances=dict(balances or {}),
                book=OrderBook(email=email.strip(), events=self.events),
            )
            self.accounts[key] = account
            return account

    def account(self, email: str) -> Account:
        try:
            return self.accounts[email.strip().lower()]
        except KeyError:
            raise UnknownUserError(email) from None

    def authenticate(self, email: str, password: str) -> Account | None:
        account = self.accounts.get(email.strip().lower())
        if account is None or not account.check_password(password):
            return None
        return account

    def set_balances(self, email: str, balances: dict[str, Decimal]) -> None:
        """Replace the account's balances; each changed asset books an ``adjustment``."""
        with self.lock:
            account = self.account(email)
            now = self.clock.now()
            before = account.balances
            account.balances = dict(balances)
            for asset in dict.fromkeys([*before, *balances]):
                old = before.get(asset, Decimal(0))
                new = balances.get(asset, Decimal(0))
                if new == old:
                    continue
                refid = new_txid("A")
                entry = LedgerEntry(
                    new_txid("L"), refid, now, asset, new - old, Decimal(0), new, "adjustment"
                )
                account.book.book_entry(entry, account.balances)

    # keys

    def create_key(self, email: str, spec: KeySpec) -> ApiKey:
        """Validate and store a new key; raises ``KeySpecError`` for refused settings."""
        with self.lock:
            account = self.account(email)
            now = self.clock.now()
            valid = validate_key_spec(spec, existing_names=set(account.keys), now=now)
            public, secret = new_key_pair()
            key = ApiKey(
                public=public,
                secret=secret,
                spec=valid,
                account_id=account.id,
                created=now,
                modified=now,
            )
            account.keys[valid.name] = key
            self.keys[public] = key
            self.issued_secrets.append(secret)
            return key

    def revoke_key(self, email: str, name: str) -> None:
        with self.lock:
            account = self.account(email)
            key = account.keys.pop(name, None)
            if key is not None:
                self.keys.pop(key.public, None)

    def account_of(self, key: ApiKey) -> Account:
        for account in self.accounts.values():
            if account.id == key.account_id:
                return account
        raise UnknownUserError(key.account_id)
