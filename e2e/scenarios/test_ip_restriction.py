"""Guide scenario: step 7's IP address restriction is enforced by Kraken itself.

The guide has the user paste Altrady's IP whitelist into the key's IP address restriction.
What that buys is on Kraken's side: a call signed with the key's own secret, from an address
outside the whitelist, is refused with Kraken's ``EGeneral:Permission denied``, while the
same call from an address inside it is answered. A leaked key is no use to anyone
calling from elsewhere.
"""

from __future__ import annotations

import ipaddress

import pytest

from e2e.pages.kraken.create_key import NewKey
from e2e.scenarios.flows import GuideWalk, guide_key_settings, split_whitelist
from e2e.scenarios.kraken_calls import source_address_in
from fixtures.factories import key_name
from mocks.kraken_facts.client import KrakenRestClient
from mocks.kraken_facts.errors import PERMISSION_DENIED

pytestmark = [pytest.mark.guide, pytest.mark.browser]

EXPECTED = (
    "Kraken answers a call signed with the key from an address in Altrady's whitelist, and "
    f"refuses the same call from any other address with {PERMISSION_DENIED}."
)


def outside_address(whitelist: list[str]) -> str:
    """A loopback address (Linux binds all of 127/8) that no whitelist entry holds."""
    networks = [ipaddress.ip_network(entry, strict=False) for entry in whitelist]
    for last in range(200, 255):
        candidate = ipaddress.ip_address(f"127.0.0.{last}")
        if not any(candidate in network for network in networks):
            return str(candidate)
    raise AssertionError(f"every 127.0.0.200-254 address is in the whitelist {whitelist}")


def _balance_from(walk: GuideWalk, key: NewKey, source: str) -> list[str]:
    with KrakenRestClient(
        walk.mocks.kraken_url, key.api_key, key.private_key, local_address=source
    ) as kraken:
        errors: list[str] = kraken.private("Balance")["error"]
    return errors


def test_a_call_from_outside_the_whitelist_is_refused_by_kraken(walk: GuideWalk) -> None:
    """A signed call from outside the key's IP whitelist: EGeneral:Permission denied."""
    wizard = walk.in_altrady.open_connect_wizard()
    walk.in_altrady.choose_kraken(wizard)
    whitelist = walk.in_altrady.copy_whitelist(wizard)
    account = walk.in_kraken.log_in()
    security = walk.in_kraken.open_security(account)
    form = walk.in_kraken.start_new_key(security)
    key = walk.in_kraken.generate_key(form, guide_key_settings(key_name(1), whitelist))

    allowed = split_whitelist(whitelist)
    inside, outside = source_address_in(allowed), outside_address(allowed)
    with walk.guide.step(7, part="IP restriction", expected=EXPECTED):
        assert _balance_from(walk, key, inside) == [], f"Kraken refused {inside}, in the whitelist"
        refused = _balance_from(walk, key, outside)
        assert refused == [PERMISSION_DENIED], (
            f"a signed call from {outside}, outside the whitelist {allowed}, got {refused}"
        )
        journal = [e for e in walk.kraken.requests() if e["key_name"] == key.name]
        sources = {entry["source_ip"]: entry["error"] for entry in journal}
        assert sources.get(outside) == PERMISSION_DENIED, journal
