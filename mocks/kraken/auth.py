"""Who may make a private call: the checks in front of every ``/0/private/<Method>``.

The order is the mock's documented choice, following Kraken's (key, then signature, then
nonce, then permission), and the first failing check gives the answer:

0. the caller's address is in a temporary lockout -> ``EGeneral:Temporary lockout``
1. ``API-Key`` missing, unknown, revoked or expired -> ``EAPI:Invalid key``
2. the key is in a temporary lockout -> ``EGeneral:Temporary lockout``
3. the body is too large, not form or JSON, or malformed -> ``EGeneral:Invalid arguments``
4. ``nonce`` missing or not an unsigned 64-bit integer -> ``EAPI:Invalid nonce``
5. ``API-Sign`` missing, not base64, or wrong -> ``EAPI:Invalid signature``
6. nonce too low for the key's window, or replayed -> ``EAPI:Invalid nonce``
   (from here on the nonce is used up, whatever follows)
7. source address outside the key's IP allowlist -> ``EGeneral:Permission denied``
8. the key lacks the method's permission -> ``EGeneral:Permission denied``
9. the key's REST counter would pass its maximum -> ``EAPI:Rate limit exceeded``

Failures at 4, 5 and 6 count toward the key's lockout. Failures at 1 count toward the
*address's* lockout (Kraken's error page: "too many sequential ``EAPI:Invalid key``
errors"); a call that passes the signature check clears the address's count, so only
sequential invalid keys lock it. Both use the same ``KrakenSettings`` numbers. The method
itself then checks its arguments (including the key's query window) and, for orders, the
trading counter.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from mocks.kraken.allowlist import is_allowed
from mocks.kraken.lockout import Lockout
from mocks.kraken.nonces import parse_nonce
from mocks.kraken.params import Params, parse_body
from mocks.kraken.settings import KrakenSettings
from mocks.kraken.state import Account, ApiKey, KrakenState
from mocks.kraken_facts.errors import (
    INVALID_KEY,
    INVALID_NONCE,
    INVALID_SIGNATURE,
    PERMISSION_DENIED,
    REST_RATE_LIMIT,
    TEMPORARY_LOCKOUT,
    KrakenError,
)
from mocks.kraken_facts.limits import rest_cost
from mocks.kraken_facts.permissions import permits
from mocks.kraken_facts.signing import signature_matches

__all__ = ["Authorized", "CallTrace", "PrivateRequest", "authorize", "source_address"]


@dataclass
class CallTrace:
    """What the journal may say about a call, filled in as the checks learn it."""

    key_name: str | None = None
    nonce: int | None = None


@dataclass(frozen=True)
class PrivateRequest:
    method: str
    urlpath: bytes  # the path as sent, plus ``?query`` when there was one
    body: bytes | None  # None: larger than the settings allow
    content_type: str
    api_key: str | None
    api_sign: str | None
    source_ip: str


@dataclass(frozen=True)
class Authorized:
    key: ApiKey
    account: Account
    params: Params


def _is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def source_address(peer: str, forwarded_for: str | None, settings: KrakenSettings) -> str:
    """The address the allowlist checks: the TCP peer, or (only when the settings trust it
    and the peer is loopback) the first address of ``X-Forwarded-For``."""
    if forwarded_for and settings.trust_forwarded_for_from_loopback and _is_loopback(peer):
        first = forwarded_for.split(",", 1)[0].strip()
        if first:
            return first
    return peer


def authorize(
    state: KrakenState,
    settings: KrakenSettings,
    request: PrivateRequest,
    now: float,
    trace: CallTrace,
) -> Authorized:
    """Run the checks above; raise :class:`KrakenError` with the first failure's answer.

    Call with ``state.lock`` held: the nonce and the counters change here.
    """
    address = state.address_lockout(request.source_ip)
    if address.is_locked(now):
        raise KrakenError(TEMPORARY_LOCKOUT)
    key = state.keys.get((request.api_key or "").strip())
    if key is None or key.is_expired(now):
        _record(address, settings, now)
        raise KrakenError(INVALID_KEY)
    trace.key_name = key.name
    if key.lockout.is_locked(now):
        raise KrakenError(TEMPORARY_LOCKOUT)

    if request.body is None:
        raise KrakenError("EGeneral:Invalid arguments")
    params = parse_body(request.content_type, request.body)

    raw_nonce = params.get("nonce", "").strip()
    nonce = parse_nonce(raw_nonce)
    if nonce is None:
        raise _counted_failure(key, settings, now, INVALID_NONCE)
    trace.nonce = nonce

    if not request.api_sign or not signature_matches(
        key.secret_bytes, request.urlpath, raw_nonce.encode(), request.body, request.api_sign
    ):
        raise _counted_failure(key, settings, now, INVALID_SIGNATURE)

    address.clear()  # a right signature ends a run of invalid keys from this address
    if not key.nonces.accept(nonce, key.spec.nonce_window):
        raise _counted_failure(key, settings, now, INVALID_NONCE)
    key.highest_nonce = key.nonces.highest
    key.last_used = now

    if not is_allowed(request.source_ip, key.spec.ip_allowlist):
        raise KrakenError(PERMISSION_DENIED)
    if not permits(request.method, key.spec.permissions):
        raise KrakenError(PERMISSION_DENIED)

    account = state.account_of(key)
    tier = account.tier
    if not key.call_counter.try_add(
        rest_cost(request.method),
        now=now,
        maximum=tier.max_counter,
        decay_per_second=tier.decay_per_second,
    ):
        raise KrakenError(REST_RATE_LIMIT)
    return Authorized(key=key, account=account, params=params)


def _record(lockout: Lockout, settings: KrakenSettings, now: float) -> None:
    lockout.record_failure(
        now,
        threshold=settings.lockout_threshold,
        window_s=settings.lockout_window_s,
        duration_s=settings.lockout_duration_s,
    )


def _counted_failure(key: ApiKey, settings: KrakenSettings, now: float, error: str) -> KrakenError:
    _record(key.lockout, settings, now)
    return KrakenError(error)
