"""The laptop's own addresses, for the facilitator to choose which network the room server serves.

The server binds to one of these only: the hotspot's or the venue Wi-Fi's address, never every
network at once unless the facilitator chooses that explicitly.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import ifaddr


@dataclass(frozen=True)
class LaptopAddress:
    """One IPv4 address of one of the laptop's network interfaces."""

    name: str
    host: str

    @property
    def loopback(self) -> bool:
        """Whether only this laptop can reach the address (127.x.x.x)."""
        return ipaddress.IPv4Address(self.host).is_loopback


def laptop_addresses() -> tuple[LaptopAddress, ...]:
    """Every IPv4 address of the laptop's interfaces, the ones phones can reach first and loopback last."""
    found: list[LaptopAddress] = []
    for adapter in ifaddr.get_adapters():
        name = adapter.nice_name or adapter.name
        for address in adapter.ips:
            if address.is_IPv4 and isinstance(address.ip, str) and address.ip not in {a.host for a in found}:
                found.append(LaptopAddress(name=name, host=address.ip))
    # Link-local (169.254.x.x) addresses come after the usual ones: a phone rarely shares one.
    return tuple(sorted(found, key=lambda a: (a.loopback, ipaddress.IPv4Address(a.host).is_link_local)))
