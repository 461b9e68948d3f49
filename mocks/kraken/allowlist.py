"""IP allowlists: parsing what a user pastes, and checking a request's source address."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

__all__ = ["AllowlistError", "is_allowed", "parse_allowlist", "split_allowlist_text"]

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_SEPARATORS = re.compile(r"[\s,;]+")


class AllowlistError(ValueError):
    """An entry that is neither an IPv4/IPv6 address nor a CIDR range."""

    def __init__(self, entry: str) -> None:
        super().__init__(f"'{entry}' is not an IP address or CIDR range")
        self.entry = entry


def split_allowlist_text(text: str) -> list[str]:
    """Split a pasted list on commas, semicolons, spaces or new lines."""
    return [part for part in _SEPARATORS.split(text.strip()) if part]


def parse_allowlist(entries: Iterable[str]) -> tuple[str, ...]:
    """Normalise entries to canonical networks (``1.2.3.4/32`` stays ``1.2.3.4``).

    Duplicates are dropped, order is kept. Host bits in a CIDR are cleared, as Kraken's
    page does (``10.0.0.7/24`` becomes ``10.0.0.0/24``).
    """
    seen: dict[str, None] = {}
    for raw in entries:
        entry = raw.strip()
        if not entry:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise AllowlistError(entry) from None
        seen.setdefault(_canonical(network), None)
    return tuple(seen)


def _canonical(network: IPNetwork) -> str:
    if network.prefixlen == network.max_prefixlen:
        return str(network.network_address)
    return str(network)


def is_allowed(address: str, allowlist: Iterable[str]) -> bool:
    """True when ``allowlist`` is empty or one of its networks holds ``address``."""
    networks = [ipaddress.ip_network(entry, strict=False) for entry in allowlist]
    if not networks:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in networks)
