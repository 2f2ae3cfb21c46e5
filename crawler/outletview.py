"""The crawl's view of a registry outlet: just the fields the spider and politeness need.

The registry (`crawler.registry`) owns parsing and validation of registry files; this module turns
its `Outlet` objects (or plain registry-entry dicts, e.g. ``SampleServer.registry_entries()``) into
one small frozen shape, so the crawl does not depend on the registry's internals.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

DEFAULT_REGISTRY = Path(__file__).with_name("outlets.toml")


class ConfigError(ValueError):
    """The registry or the outlet selection is wrong: the run cannot start (exit code 2)."""


@dataclass(frozen=True)
class OutletView:
    id: str
    name: str = ""
    cms: str | None = None
    homepage: str = ""
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    interval_minutes: int = 60
    overrides: dict[str, Any] = field(default_factory=dict)
    entry: dict[str, Any] = field(default_factory=dict)  # the registry entry as given (run record, store)

    @property
    def host(self) -> str | None:
        return urlsplit(self.homepage).hostname if self.homepage else None

    @property
    def hosts(self) -> set[str]:
        """Every host this outlet's configured URLs live on."""
        urls = [self.homepage, *self.feeds, *self.sitemaps, *self.lists]
        found = {h for h in (urlsplit(u).hostname for u in urls if u) if h}
        return found | {h.lower() for h in self.extra_hosts}

    @property
    def download_delay(self) -> float | None:
        value = self.overrides.get("download_delay")
        return float(value) if value is not None else None

    @property
    def concurrency(self) -> int | None:
        value = self.overrides.get("concurrency")
        return int(value) if value is not None else None

    @classmethod
    def from_entry(cls, obj: Any) -> OutletView:
        entry = _as_dict(obj)
        if not entry.get("id"):
            raise ConfigError(f"registry entry without id: {entry!r}")
        overrides = entry.get("overrides") or {}
        return cls(
            id=str(entry["id"]),
            name=str(entry.get("name") or entry["id"]),
            cms=entry.get("cms") or None,
            homepage=str(entry.get("homepage") or ""),
            feeds=tuple(entry.get("feeds") or ()),
            sitemaps=tuple(entry.get("sitemaps") or ()),
            lists=tuple(entry.get("lists") or ()),
            extra_hosts=tuple(entry.get("hosts") or ()),
            interval_minutes=int(entry.get("interval_minutes") or 60),
            overrides=dict(overrides),
            entry=entry,
        )


def _as_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return dict(obj)
    if hasattr(obj, "to_dict"):
        return dict(obj.to_dict())
    if dataclasses.is_dataclass(obj):
        return _plain(dataclasses.asdict(obj))
    raise ConfigError(f"cannot read outlet {obj!r}")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def read_registry(path: str | Path | None) -> list[Any]:
    """Registry entries from a file, validated by `crawler.registry` when it offers a loader."""
    path = Path(path) if path else DEFAULT_REGISTRY
    if not path.exists():
        raise ConfigError(f"registry file not found: {path}")
    if path.suffix == ".json":
        # Entries already resolved (e.g. a running sample server's), as a JSON list.
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        if not isinstance(data, list):
            raise ConfigError(f"{path}: expected a JSON list of outlet entries")
        return validate_entries(data, source=str(path))
    try:
        from crawler import registry
    except ImportError:
        registry = None  # type: ignore[assignment]
    loader = getattr(registry, "load_registry", None) if registry else None
    if loader is not None:
        error_cls = getattr(registry, "RegistryError", ValueError)
        try:
            return list(loader(path))
        except error_cls as exc:
            raise ConfigError(str(exc)) from exc
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return list(data.get("outlet") or [])


def validate_entries(entries: list[Any], source: str = "<entries>") -> list[Any]:
    """Registry-entry dicts checked by the registry's validator (when it is there)."""
    if not entries or not isinstance(entries[0], dict):
        return list(entries)
    try:
        from crawler.registry import RegistryError, parse_registry
    except ImportError:
        return list(entries)
    try:
        return list(parse_registry({"outlet": list(entries)}, source=source))
    except RegistryError as exc:
        raise ConfigError(str(exc)) from exc


def load_outlets(
    path: str | Path | None = None, wanted: list[str] | None = None, entries: list[Any] | None = None
) -> dict[str, OutletView]:
    """Outlets by id, in registry order; ``wanted`` selects ids (unknown ids are a ConfigError)."""
    raw = validate_entries(entries) if entries is not None else read_registry(path)
    outlets: dict[str, OutletView] = {}
    for obj in raw:
        view = OutletView.from_entry(obj)
        if view.id in outlets:
            raise ConfigError(f"duplicate outlet id {view.id!r}")
        outlets[view.id] = view
    if wanted:
        unknown = [w for w in wanted if w not in outlets]
        if unknown:
            raise ConfigError(f"unknown outlet id(s): {', '.join(unknown)}")
        outlets = {w: outlets[w] for w in wanted}
    return outlets
