"""What a download from a source URL may do: how long it may take, how slowly it may
trickle, which hosts it may reach, what the store keeps of its URL.  `fetch`
(pipeline/sources.py) applies these rules, and stores only bytes that start like a PDF
(parsers/pdf_magic.py), checked on the first kilobyte as it arrives.

- The whole download has a time limit ($SHIRYO_DOWNLOAD_TIMEOUT, default 600 s), and a
  body that stops or trickles (less than $SHIRYO_DOWNLOAD_MIN_BYTES, default 16 KiB, within
  $SHIRYO_DOWNLOAD_STALL seconds, default 60) fails after that window: the per-read timeout
  of an HTTP client alone lets a server that sends one byte every few seconds hold a run
  for as long as it likes.  Checks run as bytes arrive, and a read waits at most the stall
  window, so a download ends within about the time limit plus one stall window.
- Plain http:// and hosts that resolve to loopback, private, link-local or reserved
  addresses (the machine itself, its LAN, cloud metadata services) need an explicit opt-in:
  `allow_insecure: true` on the source, `--allow-private-urls` or $SHIRYO_ALLOW_PRIVATE_URLS=1.
  Each redirect hop is checked again.
- Credentials in a URL (`https://user:pw@host/…`) never reach the disk: the store, the
  manifest and the editions index keep the URL without them.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import time
from dataclasses import dataclass
import httpx

from shiryo.parsers.env_settings import env_number
from shiryo.parsers.errors import ShiryoError

TIMEOUT_ENV = "SHIRYO_DOWNLOAD_TIMEOUT"
STALL_ENV = "SHIRYO_DOWNLOAD_STALL"
MIN_BYTES_ENV = "SHIRYO_DOWNLOAD_MIN_BYTES"
ALLOW_PRIVATE_ENV = "SHIRYO_ALLOW_PRIVATE_URLS"


class DownloadError(ShiryoError):
    """A download that failed for a reason retrying will not fix; `kind` names it
    (`timeout`, `stalled`, `insecure_url`, `not_pdf`)."""

    def __init__(self, url: str, kind: str, message: str):
        super().__init__(message)
        self.url, self.kind, self.message = url, kind, message


@dataclass(frozen=True)
class DownloadLimits:
    total: float  # seconds for the whole download
    stall: float  # seconds: the window in which at least `min_bytes` must arrive
    min_bytes: int

    @classmethod
    def from_env(cls, total: float | None = None) -> "DownloadLimits":
        min_bytes = int(env_number(MIN_BYTES_ENV, 16 * 1024, "a number of bytes"))
        return cls(total or env_number(TIMEOUT_ENV, 600.0), env_number(STALL_ENV, 60.0), min_bytes)

    def httpx_timeout(self) -> httpx.Timeout:
        # no single read may wait longer than the stall window
        return httpx.Timeout(min(self.stall, self.total), connect=min(30.0, self.total))


class StallGuard:
    """Counts the bytes of one download as they arrive and ends it when the whole
    download overruns its limit or a stall window passes with too few bytes."""

    def __init__(self, url: str, limits: DownloadLimits):
        self.url, self.limits = url, limits
        self.started = self.window_start = time.monotonic()
        self.size = self.window_size = 0

    def got(self, n: int) -> None:
        self.size += n
        now = time.monotonic()
        if now - self.started > self.limits.total:
            raise DownloadError(self.url, "timeout", f"{self.url}: download not finished within {self.limits.total:.0f} s ({self.size} bytes received); abandoned")
        if now - self.window_start >= self.limits.stall:
            if self.size - self.window_size < self.limits.min_bytes:
                raise DownloadError(
                    self.url,
                    "stalled",
                    f"{self.url}: download stalled ({self.size - self.window_size} bytes in the last {now - self.window_start:.0f} s, "
                    f"less than {self.limits.min_bytes}); abandoned",
                )
            self.window_start, self.window_size = now, self.size


def redact_url(url: str) -> str:
    """The URL without `user:password@`: what may be written down or shown."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return url
    if not parsed.userinfo:
        return url
    return str(parsed.copy_with(username=None, password=None))


def without_credentials(exc: httpx.HTTPError, url: str) -> httpx.HTTPError:
    """The same kind of error (retries still see a transient one), its message without the
    URL's `user:password@`."""
    userinfo = httpx.URL(url).userinfo.decode("ascii", "replace")
    message = str(exc).replace(userinfo + "@", "")
    if isinstance(exc, httpx.HTTPStatusError):
        return httpx.HTTPStatusError(message, request=exc.request, response=exc.response)
    try:
        return type(exc)(message, request=exc.request)
    except (TypeError, RuntimeError):
        return httpx.TransportError(message)


def private_urls_allowed() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified


def check_url_allowed(url: str, allow_insecure: bool = False) -> None:
    """Refuse plain http:// and hosts on loopback/private networks unless opted in."""
    if allow_insecure or private_urls_allowed():
        return
    shown = redact_url(url)
    parsed = httpx.URL(url)
    if parsed.scheme != "https":
        raise DownloadError(shown, "insecure_url", f"{shown}: plain {parsed.scheme}:// refused; use https, or opt in with `allow_insecure: true` on the source (or --allow-private-urls)")
    host = parsed.host
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, parsed.port or 443, proto=socket.IPPROTO_TCP)}
    except socket.gaierror:
        return  # the request itself then fails with the resolver's error
    private = sorted(a for a in addresses if _is_private(a))
    if private:
        raise DownloadError(
            shown, "insecure_url", f"{shown}: {host} resolves to a loopback/private address ({private[0]}); refused without `allow_insecure: true` (or --allow-private-urls)"
        )
