"""This machine's address on the local network, and whether an address only reaches the machine itself.

Printed QR codes must carry an address that phones can reach: 127.0.0.1 or
localhost on a card would make every phone open itself.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def lan_address() -> str | None:
    """The IPv4 address other devices on the network reach this machine at, if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; this only picks the outgoing interface
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if is_loopback_host(address) else address


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname or "")
