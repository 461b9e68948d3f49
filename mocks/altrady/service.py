"""What Altrady's backend does, independent of HTTP: users, Connect, keys, balances, bots.

The API routes (``api.py``) and the control routes (``control.py``) are thin layers over
one :class:`AltradyService`, kept on ``app.state.altrady``. Failures come out as
:class:`ServiceError` carrying the HTTP status and a sentence a trader understands.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from mocks.altrady.exchanges import exchange_by_id
from mocks.altrady.grid_bot import GridReport, UnknownPairError, market_info, run_burst
from mocks.altrady.key_pool import (
    DEFAULT_BACKOFF_S,
    TIER_LIMITS,
    KeyPool,
    KeyStatus,
    LoadEstimator,
    NoUsableKeyError,
    PoolKey,
    RateLimitedError,
    RateLimits,
    Sleeper,
)
from mocks.altrady.kraken_client import (
    Credentials,
    KrakenClient,
    KrakenError,
    KrakenUnavailableError,
)
from mocks.altrady.kraken_messages import trader_message, unavailable_message
from mocks.altrady.live import LiveUpdates
from mocks.altrady.live_stream import LiveStatus
from mocks.altrady.page_events import AccountFeed
from mocks.altrady.passwords import hash_password, password_matches
from mocks.altrady.settings import MAX_KEYS_MESSAGE, MAX_KEYS_PER_ACCOUNT, AltradySettings
from mocks.altrady.store import (
    DuplicateKeyError,
    DuplicateUserError,
    NewKey,
    Store,
    StoredAccount,
    StoreError,
    TooManyKeysError,
    User,
)
from mocks.altrady.verify import KeyRefusedError, VerifiedKey, parse_balances, verify_key
from mocks.altrady.views import account_view
from mocks.clock import Clock

__all__ = [
    "DEFAULT_ACCOUNT_NAME",
    "AltradyService",
    "KeyInput",
    "KeyProblem",
    "RefreshSummary",
    "ServiceError",
]

DEFAULT_ACCOUNT_NAME = "Kraken"
ACCOUNT_NAME_MAX_LENGTH = 64
_PAIR = re.compile(r"[A-Z0-9]{5,16}")


@dataclass(frozen=True)
class KeyInput:
    """One key as the wizard sends it."""

    api_key: str
    private_key: str = field(repr=False)


@dataclass(frozen=True)
class KeyProblem:
    index: int  # 0-based, in the request's keys
    message: str


class ServiceError(Exception):
    def __init__(self, status: int, message: str, key_errors: Sequence[KeyProblem] = ()) -> None:
        self.status = status
        self.message = message
        self.key_errors = tuple(key_errors)
        super().__init__(message)


@dataclass(frozen=True)
class RefreshSummary:
    refreshed: int
    failed: int


_NOT_FOUND = "No such exchange account."
_UNJUDGED_KEY = (
    "Kraken did not answer while this key was checked, so it was not saved: "
    "click Connect again in a moment."
)
_SAVE_FAILED = "Altrady could not save the change: nothing was stored, try again."


class AltradyService:
    def __init__(
        self,
        settings: AltradySettings,
        clock: Clock,
        store: Store,
        client: KrakenClient,
        *,
        sleeper: Sleeper = asyncio.sleep,
        backoff_s: Sequence[float] = DEFAULT_BACKOFF_S,
        estimator: LoadEstimator | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.store = store
        self.client = client
        self.estimator = estimator or LoadEstimator(_tier_limits(settings.assumed_kraken_tier))
        self._sleeper = sleeper
        self._backoff_s = tuple(backoff_s)
        self._last_attempt: dict[str, float] = {}
        # Pages hear about changed accounts here; ``live`` is set once the app's loop runs.
        self.feed = AccountFeed()
        self.live: LiveUpdates | None = None

    async def aclose(self) -> None:
        if self.live is not None:
            await self.live.aclose()
        await self.client.aclose()

    # live updates

    def start_live_updates(self) -> None:
        """Keep one WebSocket per account from now on (call on Altrady's running loop)."""
        self.live = LiveUpdates(
            self.settings.kraken_ws_auth_url,
            self.store,
            self.client,
            self.clock,
            on_change=self.feed.publish,
        )
        self.live.sync()

    def live_status(self, account_id: str) -> LiveStatus | None:
        return self.live.status(account_id) if self.live is not None else None

    def view(self, account: StoredAccount) -> dict[str, Any]:
        return account_view(account, live=self.live_status(account.id))

    def _accounts_changed(self) -> None:
        if self.live is not None:
            self.live.sync()

    # users

    def register(self, email: str, password: str) -> User:
        try:
            return self.store.create_user(email.strip(), hash_password(password))
        except DuplicateUserError:
            raise ServiceError(409, "A user with this email already exists.") from None

    def authenticate(self, email: str, password: str) -> User | None:
        user = self.store.user_by_email(email.strip())
        if user is None or not password_matches(password, user.password_hash):
            return None
        return user

    def user(self, email: str) -> User | None:
        return self.store.user_by_email(email)

    def reset(self) -> None:
        self.store.reset()
        self._last_attempt.clear()
        self._accounts_changed()

    # accounts

    def accounts(self, user: User) -> list[StoredAccount]:
        return self.store.accounts_of(user.id)

    def account(self, user: User, account_id: str) -> StoredAccount:
        account = self.store.account(account_id)
        if account is None or account.user_id != user.id:
            raise ServiceError(404, _NOT_FOUND)
        return account

    async def connect(
        self, user: User, *, exchange: str, name: str | None, keys: Sequence[KeyInput]
    ) -> tuple[StoredAccount, list[str]]:
        """The wizard's Connect: verify every key, then store the account with all of them."""
        known = exchange_by_id(exchange)
        if known is None:
            raise ServiceError(422, "Choose an exchange from the list.")
        if not known.supported:
            raise ServiceError(422, f"This mock connects Kraken accounts only, not {known.name}.")
        account_name = (name or "").strip() or DEFAULT_ACCOUNT_NAME
        if len(account_name) > ACCOUNT_NAME_MAX_LENGTH:
            raise ServiceError(
                422, f"The account name can be at most {ACCOUNT_NAME_MAX_LENGTH} characters."
            )
        self._check_key_count(0, keys)
        verified, warnings = await self._verify_all(user, keys)
        try:
            account = self.store.create_account(
                user.id,
                exchange=known.id,
                name=account_name,
                keys=[_new_key(key) for key in verified],
                max_keys=MAX_KEYS_PER_ACCOUNT,
                balances=verified[0].balances,
                now=self.clock.now(),
            )
        except StoreError as exc:
            raise _store_failure(exc) from None
        self._accounts_changed()
        return account, warnings

    async def add_keys(
        self, user: User, account_id: str, keys: Sequence[KeyInput]
    ) -> tuple[StoredAccount, list[str]]:
        """Edit, ++ Add Extra Key, Connect: the same checks, all or nothing, at most 10."""
        account = self.account(user, account_id)
        self._check_key_count(len(account.keys), keys)
        verified, warnings = await self._verify_all(user, keys)
        try:
            updated = self.store.add_keys(
                account.id,
                [_new_key(key) for key in verified],
                max_keys=MAX_KEYS_PER_ACCOUNT,
                balances=verified[-1].balances,
                now=self.clock.now(),
            )
        except StoreError as exc:
            raise _store_failure(exc) from None
        self._accounts_changed()
        return updated, warnings

    def remove_key(self, user: User, account_id: str, key_id: str) -> StoredAccount:
        account = self.account(user, account_id)
        if key_id not in {key.id for key in account.keys}:
            raise ServiceError(404, "No such key on this exchange account.")
        if len(account.keys) == 1:
            raise ServiceError(
                409, "An exchange account needs at least one API key: delete the account instead."
            )
        try:
            self.store.remove_key(account.id, key_id)
        except StoreError as exc:
            raise _store_failure(exc) from None
        self._accounts_changed()
        return self.account(user, account_id)

    def delete_account(self, user: User, account_id: str) -> None:
        account = self.account(user, account_id)
        try:
            self.store.delete_account(account.id)
        except StoreError as exc:
            raise _store_failure(exc) from None
        self._accounts_changed()

    # balances

    async def resync(self, user: User, account_id: str) -> StoredAccount:
        return await self.refresh_account(self.account(user, account_id).id)

    async def refresh_account(self, account_id: str) -> StoredAccount:
        """Fetch balances now; 502 with the previous balances kept when Kraken fails."""
        account = self.store.account(account_id)
        if account is None:
            raise ServiceError(404, _NOT_FOUND)
        self._last_attempt[account_id] = self.clock.now()
        pool = self._pool(account)
        try:
            balances = parse_balances((await pool.call("Balance")).result)
        except KrakenUnavailableError as exc:
            raise ServiceError(502, unavailable_message(exc)) from None
        except NoUsableKeyError as exc:
            message = trader_message(exc.error)
            self.store.set_account_status(account_id, "error", message)
            raise ServiceError(502, f"Kraken did not answer with balances: {message}") from None
        except (RateLimitedError, KrakenError) as exc:
            error = exc.error if isinstance(exc, RateLimitedError) else exc
            raise ServiceError(
                502, f"Kraken did not answer with balances: {trader_message(error)}"
            ) from None
        self.store.save_balances(account_id, balances, self.clock.now())
        self.store.set_account_status(account_id, "connected", None)
        self.feed.publish(account_id)
        refreshed = self.store.account(account_id)
        assert refreshed is not None
        return refreshed

    async def refresh_all(self) -> RefreshSummary:
        outcomes = await asyncio.gather(
            *(self.refresh_account(account_id) for account_id in self.store.all_account_ids()),
            return_exceptions=True,
        )
        failed = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        for outcome in failed:
            if not isinstance(outcome, ServiceError):
                raise outcome
        return RefreshSummary(refreshed=len(outcomes) - len(failed), failed=len(failed))

    async def refresh_due(self, now: float) -> RefreshSummary:
        """Refresh the accounts whose balances (or last attempt) are an interval old."""
        interval = self.settings.refresh_interval_s
        due = []
        for account_id in self.store.all_account_ids():
            account = self.store.account(account_id)
            if account is None:
                continue
            last = max(account.balances_updated_at or 0.0, self._last_attempt.get(account_id, 0.0))
            if now - last >= interval:
                due.append(account_id)
        refreshed = failed = 0
        for account_id in due:
            try:
                await self.refresh_account(account_id)
                refreshed += 1
            except ServiceError:
                failed += 1
        return RefreshSummary(refreshed=refreshed, failed=failed)

    # trading

    async def grid_bot(self, user: User, account_id: str, *, pair: str, orders: int) -> GridReport:
        account = self.account(user, account_id)
        pair = pair.strip().upper()
        if not _PAIR.fullmatch(pair):
            raise ServiceError(422, "Enter a Kraken pair such as XBTUSD.")
        try:
            market = await market_info(self.client, pair)
        except UnknownPairError:
            raise ServiceError(422, f"Kraken does not list the pair {pair}.") from None
        except KrakenUnavailableError as exc:
            raise ServiceError(502, unavailable_message(exc)) from None
        except KrakenError as exc:
            raise ServiceError(
                502, f"Kraken did not answer with market data: {trader_message(exc)}"
            ) from None
        return await run_burst(self._pool(account), market, self.clock, orders=orders)

    # internals

    def _check_key_count(self, existing: int, keys: Sequence[KeyInput]) -> None:
        if not keys:
            raise ServiceError(422, "Add at least one API key.")
        if existing + len(keys) > MAX_KEYS_PER_ACCOUNT:
            raise ServiceError(409, MAX_KEYS_MESSAGE)

    async def _verify_all(
        self, user: User, keys: Sequence[KeyInput]
    ) -> tuple[list[VerifiedKey], list[str]]:
        """Verify every key; 422 with one message per refused key, or 502 if Kraken fails."""
        problems: dict[int, str] = {}
        connected = self.store.api_keys_of_user(user.id)
        seen: set[str] = set()
        to_verify: dict[int, Credentials] = {}
        for index, key in enumerate(keys):
            credentials = Credentials(key.api_key.strip(), key.private_key.strip())
            if credentials.api_key and credentials.api_key in connected:
                problems[index] = (
                    "This API key is already connected to one of your exchange accounts."
                )
            elif credentials.api_key and credentials.api_key in seen:
                problems[index] = "This API key appears twice: create a separate key for each."
            else:
                to_verify[index] = credentials
            seen.add(credentials.api_key)

        now = self.clock.now()
        outcomes = await asyncio.gather(
            *(
                verify_key(
                    self._verification_call,
                    credentials,
                    whitelist=self.settings.egress_addresses,
                    now=now,
                )
                for credentials in to_verify.values()
            ),
            return_exceptions=True,
        )
        verified: dict[int, VerifiedKey] = {}
        unavailable: KrakenUnavailableError | None = None
        for index, outcome in zip(to_verify, outcomes, strict=True):
            if isinstance(outcome, VerifiedKey):
                verified[index] = outcome
            elif isinstance(outcome, KeyRefusedError):
                problems[index] = outcome.message
            elif isinstance(outcome, KrakenUnavailableError):
                unavailable = outcome
            else:
                raise outcome
        if unavailable is not None:
            # Every key Kraken was asked about stays unjudged: say so beside each of them.
            unjudged = {index: _UNJUDGED_KEY for index in to_verify if index not in problems}
            raise ServiceError(
                502, unavailable_message(unavailable), _key_problems({**problems, **unjudged})
            )
        if problems:
            raise ServiceError(422, _refusal_summary(problems), _key_problems(problems))
        ordered = [verified[index] for index in sorted(verified)]
        warnings = [f"Key '{key.name}': {warning}" for key in ordered for warning in key.warnings]
        return ordered, warnings

    async def _verification_call(self, credentials: Credentials, method: str) -> Any:
        self.estimator.record(credentials.api_key, self.clock.now(), method)
        return await self.client.call(credentials, method)

    def _pool(self, account: StoredAccount) -> KeyPool:
        if not account.keys:
            raise ServiceError(409, "This exchange account has no API keys: add one first.")
        return KeyPool(
            [
                PoolKey(key.id, Credentials(key.api_key, key.private_key), _status(key.status))
                for key in account.keys
            ],
            self.client,
            self.estimator,
            self.clock,
            account=account.id,
            sleeper=self._sleeper,
            backoff_s=self._backoff_s,
            on_status=self.store.set_key_status,
        )


def _tier_limits(tier: str) -> RateLimits:
    try:
        return TIER_LIMITS[tier]
    except KeyError:
        known = ", ".join(TIER_LIMITS)
        raise ValueError(f"assumed_kraken_tier must be one of {known}, not {tier!r}") from None


def _status(value: str) -> KeyStatus:
    return cast(KeyStatus, value) if value in ("ok", "rate_limited", "invalid") else "ok"


def _new_key(key: VerifiedKey) -> NewKey:
    return NewKey(
        name=key.name,
        api_key=key.credentials.api_key,
        private_key=key.credentials.private_key,
        warnings=key.warnings,
    )


def _store_failure(exc: StoreError) -> ServiceError:
    if isinstance(exc, TooManyKeysError):
        return ServiceError(409, MAX_KEYS_MESSAGE)
    if isinstance(exc, DuplicateKeyError):
        return ServiceError(
            409, "One of these API keys is already connected to one of your exchange accounts."
        )
    return ServiceError(503, _SAVE_FAILED)


def _refusal_summary(problems: dict[int, str]) -> str:
    if len(problems) == 1:
        index, message = next(iter(problems.items()))
        return f"Key {index + 1} cannot be connected: {message}"
    return f"{len(problems)} keys cannot be connected: see the message beside each key."


def _key_problems(problems: dict[int, str]) -> list[KeyProblem]:
    return [KeyProblem(index, problems[index]) for index in sorted(problems)]
