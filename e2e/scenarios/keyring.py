"""The keys a scenario holds: made on Kraken's pages (step 7) or through the control API.

Scenarios about what happens once an account is connected skip Kraken's pages and make
the keys the guide would have the user create by hand with :meth:`KeyRing.make`; every
key, however it was made, is kept here in order and its private key kept out of reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from e2e.guide import GUIDE_NONCE_WINDOW, GUIDE_PERMISSIONS
from e2e.pages.kraken.create_key import KeySettings, NewKey
from e2e.walk import GuideWalker
from fixtures.control import KeyPair, KrakenControl
from mocks.kraken_facts.permissions import PERMISSIONS

__all__ = [
    "GUIDE_PERMISSION_FIELDS",
    "KeyRing",
    "fields_of",
    "guide_key_settings",
    "split_whitelist",
]


def fields_of(labels: frozenset[str]) -> frozenset[str]:
    """Kraken's field names (``GetApiKeyInfo``, the control API) for create-key page labels."""
    by_label = {permission.label: permission.field for permission in PERMISSIONS}
    return frozenset(by_label[label] for label in labels)


# The guide's permissions by Kraken's field names.
GUIDE_PERMISSION_FIELDS = fields_of(GUIDE_PERMISSIONS)


def split_whitelist(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


def guide_key_settings(name: str, whitelist: str) -> KeySettings:
    """The key the guide tells the user to create in step 7."""
    return KeySettings(
        name=name,
        permissions=GUIDE_PERMISSIONS,
        ip_allowlist=whitelist,
        nonce_window=GUIDE_NONCE_WINDOW,
    )


class KeyRing:
    """Every key this scenario made, in order; ``whitelist`` is Altrady's, once step 2 showed it."""

    def __init__(
        self,
        *,
        guide: GuideWalker,
        kraken: KrakenControl,
        email: str,
        whitelist: Callable[[], str],
    ) -> None:
        self._guide = guide
        self._kraken = kraken
        self._email = email
        self._whitelist = whitelist
        self._keys: list[NewKey] = []

    def __iter__(self) -> Iterator[NewKey]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __getitem__(self, index: int) -> NewKey:
        return self._keys[index]

    def add(self, key: NewKey) -> NewKey:
        """Keep ``key`` (made on Kraken's pages); its private key never reaches a report."""
        self._guide.keep_secret(key.private_key)
        self._keys.append(key)
        return key

    def make(
        self,
        name: str,
        *,
        permissions: frozenset[str] = GUIDE_PERMISSION_FIELDS,
        ip_allowlist: list[str] | None = None,
        nonce_window: int = GUIDE_NONCE_WINDOW,
        valid_until: int = 0,
    ) -> NewKey:
        """A key as step 7 would make it (or with one setting changed), made directly."""
        allowlist = split_whitelist(self._whitelist()) if ip_allowlist is None else ip_allowlist
        pair: KeyPair = self._kraken.create_key(
            self._email,
            name,
            permissions=permissions,
            ip_allowlist=allowlist,
            nonce_window=nonce_window,
            valid_until=valid_until,
        )
        return self.add(NewKey(name=name, api_key=pair.key, private_key=pair.secret))
