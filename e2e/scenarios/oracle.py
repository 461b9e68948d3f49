"""What the mocks hold, read around the pages: the truth a step's outcome is checked against.

Kraken is asked as any client would ask it (signed calls, from an address in Altrady's
whitelist) or through its control API (the keys it stored, its request journal); Altrady
through its control API (the accounts and keys it stored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from e2e.pages.kraken.create_key import KeySettings, NewKey
from e2e.scenarios.keyring import fields_of, split_whitelist
from e2e.scenarios.kraken_calls import source_address_in
from fixtures.control import AltradyControl, KrakenControl
from mocks.kraken_facts.client import KrakenRestClient

__all__ = ["ALTRADY_ASSET_NAMES", "Oracle"]

# How Altrady names Kraken's assets on its pages.
ALTRADY_ASSET_NAMES = {"XXBT": "BTC", "XETH": "ETH", "ZUSD": "USD", "ZEUR": "EUR", "USDT": "USDT"}


class Oracle:
    def __init__(
        self,
        *,
        kraken: KrakenControl,
        altrady: AltradyControl,
        kraken_url: str,
        email: str,
        whitelist: Callable[[], str],
    ) -> None:
        self._kraken = kraken
        self._altrady = altrady
        self._kraken_url = kraken_url
        self._email = email
        self._whitelist = whitelist

    # Kraken

    def kraken_client(self, key: NewKey) -> KrakenRestClient:
        """Signed calls with ``key``, from an address in Altrady's whitelist."""
        source = source_address_in(split_whitelist(self._whitelist()))
        return KrakenRestClient(
            self._kraken_url, key.api_key, key.private_key, local_address=source
        )

    def kraken_balances(self, key: NewKey) -> dict[str, str]:
        """Kraken's own ``Balance`` answer, asked with ``key`` (the assets Altrady shows)."""
        with self.kraken_client(key) as kraken:
            answer = kraken.private("Balance")
        assert answer["error"] == [], f"Kraken refused Balance: {answer['error']}"
        return {
            asset: amount
            for asset, amount in answer["result"].items()
            if asset in ALTRADY_ASSET_NAMES
        }

    def assert_kraken_holds(self, key: NewKey, settings: KeySettings) -> None:
        """Kraken stored ``key`` with exactly the settings the create-key form was given."""
        stored = {entry["name"]: entry for entry in self._kraken.keys(self._email)}
        assert settings.name in stored, f"Kraken has no key named {settings.name!r}"
        entry = stored[settings.name]
        assert entry["key"] == key.api_key, "the dialog's API key is not the key Kraken stored"
        expected: dict[str, object] = {
            "permissions": sorted(fields_of(settings.permissions)),
            "ip_allowlist": split_whitelist(settings.ip_allowlist or ""),
            "nonce_window": settings.nonce_window or 0,
            "valid_until": int(settings.expires_at.timestamp()) if settings.expires_at else 0,
            "query_from": int(settings.query_start.timestamp()) if settings.query_start else 0,
            "query_to": int(settings.query_end.timestamp()) if settings.query_end else 0,
        }
        actual = {
            "permissions": sorted(entry["permissions"]),
            "ip_allowlist": entry["ip_allowlist"],
            "nonce_window": entry["nonce_window"],
            "valid_until": entry["valid_until"],
            "query_from": entry["query_from"],
            "query_to": entry["query_to"],
        }
        assert actual == expected, f"Kraken stored {actual}, the form asked for {expected}"

    def assert_kraken_was_asked_about(self, names: Iterable[str]) -> None:
        """Altrady asked Kraken about each key (``GetApiKeyInfo``) from its whitelist."""
        whitelist = split_whitelist(self._whitelist())
        asked = {
            entry["key_name"] or ""
            for entry in self._kraken.requests()
            if entry["endpoint"] == "GetApiKeyInfo"
            and entry["outcome"] == "ok"
            and entry["source_ip"] in whitelist
        }
        missing = set(names) - asked
        assert not missing, f"Kraken was asked about {sorted(asked)}, never about {sorted(missing)}"

    # Altrady

    def altrady_accounts(self) -> list[dict[str, Any]]:
        return self._altrady.accounts(self._email)

    def altrady_account_id(self, name: str) -> str:
        for account in self.altrady_accounts():
            if account["name"] == name:
                return str(account["id"])
        raise AssertionError(f"Altrady has no account named {name!r}")

    def assert_altrady_stored(self, names: list[str]) -> None:
        """One of Altrady's accounts ends with keys ``names``, in order, each verified ("ok")."""
        accounts = self.altrady_accounts()
        for account in accounts:
            keys = account["keys"][-len(names) :] if names else []
            if [key["name"] for key in keys] == names:
                assert all(key["status"] == "ok" for key in keys), account["keys"]
                return
        raise AssertionError(f"no Altrady account holds the keys {names}: {accounts}")
