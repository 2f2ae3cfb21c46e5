"""robots.txt: the ``Sitemap:`` lines and the crawl delay that applies to us."""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

from crawler.discovery._xml import resolve

MAX_ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB


@dataclass
class RobotsInfo:
    sitemaps: list[str] = field(default_factory=list)
    crawl_delay: float | None = None
    errors: list[str] = field(default_factory=list)


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data[:MAX_ROBOTS_BYTES]
    data = data[:MAX_ROBOTS_BYTES]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp949", errors="replace")


def sitemaps_from_robots(data: bytes | str, base_url: str) -> list[str]:
    """Absolute sitemap URLs from ``Sitemap:`` lines (any case, anywhere in the file), in order."""
    found: list[str] = []
    for line in _text(data).splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "sitemap":
            url = resolve(value.split("#", 1)[0].strip(), base_url)
            if url and url not in found:
                found.append(url)
    return found


def parse_robots(data: bytes | str, base_url: str, user_agent: str = "newsarchive") -> RobotsInfo:
    """Sitemaps and our crawl delay. Scrapy's RobotsTxtMiddleware does the allow/deny part."""
    info = RobotsInfo(sitemaps=sitemaps_from_robots(data, base_url))
    try:
        rp = Protego.parse(_text(data))
        delay = rp.crawl_delay(user_agent)
        info.crawl_delay = float(delay) if delay is not None else None
    except Exception as exc:  # noqa: BLE001 - a garbled robots.txt must not stop discovery
        info.errors.append(f"robots.txt unreadable: {exc}")
    return info
