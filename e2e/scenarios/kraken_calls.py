"""Where a scenario's own signed Kraken calls leave from.

Scenarios ask Kraken what it holds (step 11's balances) and send nonces out of order (the
nonce-window warning) with ``mocks.kraken_facts.client.KrakenRestClient``, from one of Altrady's
whitelisted source addresses so the key's IP restriction lets the call through.
"""

from __future__ import annotations

import ipaddress

__all__ = ["source_address_in"]


def source_address_in(whitelist: list[str]) -> str:
    """A local address inside the whitelist to send from (Linux binds any of 127/8)."""
    for entry in whitelist:
        network = ipaddress.ip_network(entry, strict=False)
        if network.is_loopback:
            hosts = [network.network_address] if network.num_addresses == 1 else network.hosts()
            return str(next(iter(hosts)))
    raise AssertionError(f"no loopback address to send from in the whitelist {whitelist}")
