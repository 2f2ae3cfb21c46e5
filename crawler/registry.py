"""Outlet registry files (TOML ``[[outlet]]`` tables) → validated ``Outlet`` values.

Two registries share the format: the real outlets (``crawler/outlets.toml``) and the demo's sample
outlets (``crawler/samples/outlets.toml``), whose URLs carry a ``{base}`` placeholder filled in at
run time with each sample outlet's server address. Config mistakes raise ``RegistryError`` with the
file, the outlet and the field, so a cron run fails loudly before fetching anything.
"""

from __future__ import annotations

import copy
import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.urls import CMS_FAMILIES

logger = logging.getLogger(__name__)

DEFAULT_REGISTRY = Path(__file__).with_name("outlets.toml")
CONFIDENCE = ("V", "P", "U")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
REQUIRED = ("id", "name", "region", "homepage", "cms")
OPTIONAL = {
    "city": "",
    "feeds": (),
    "sitemaps": (),
    "lists": (),
    "hosts": (),
    "interval_minutes": 60,
    "verified": False,
    "confidence": "U",
    "evidence": "",
    "overrides": {},
}
OVERRIDE_KEYS = ("download_delay", "concurrency", "selectors", "encoding")
SELECTOR_KEYS = ("title", "subtitle", "authors", "published", "modified", "section", "body", "images")

BaseUrls = str | Mapping[str, str] | Callable[[str], str] | None


class RegistryError(ValueError):
    """A registry file that cannot be used as it is (bad TOML, missing or wrong fields)."""


@dataclass(frozen=True)
class Outlet:
    """One news outlet and how to discover its articles."""

    id: str
    name: str
    region: str
    homepage: str
    cms: str
    city: str = ""
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()  # list/section URLs; `{page}` marks the page number
    hosts: tuple[str, ...] = ()  # further host names serving this outlet (besides the homepage's)
    interval_minutes: int = 60
    verified: bool = False
    confidence: str = "U"
    evidence: str = ""
    overrides: dict[str, Any] = field(default_factory=dict, hash=False)  # treat as read-only

    @property
    def host(self) -> str:
        return (urlsplit(self.homepage).hostname or "").lower()

    @property
    def all_hosts(self) -> tuple[str, ...]:
        return (self.host, *(h for h in self.hosts if h != self.host))

    @property
    def start_lists(self) -> tuple[str, ...]:
        """List pages to crawl: the configured ones (page 1), or the homepage when none is known."""
        if self.lists:
            return tuple(self.list_url(i) for i in range(len(self.lists)))
        return (self.homepage,)

    def list_url(self, index: int = 0, page: int = 1) -> str:
        """The ``index``-th list URL with its ``{page}`` placeholder filled."""
        return self.lists[index].replace("{page}", str(page))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (a registry entry) for ``store.upsert_outlets`` and JSON output."""
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "city": self.city,
            "homepage": self.homepage,
            "cms": self.cms,
            "feeds": list(self.feeds),
            "sitemaps": list(self.sitemaps),
            "lists": list(self.lists),
            "hosts": list(self.hosts),
            "interval_minutes": self.interval_minutes,
            "verified": self.verified,
            "confidence": self.confidence,
            "evidence": self.evidence,
            "overrides": copy.deepcopy(self.overrides),
        }


def load_registry(path: str | Path = DEFAULT_REGISTRY, *, base: BaseUrls = None) -> list[Outlet]:
    """Read and validate a registry file.

    ``base`` fills ``{base}`` placeholders: one URL for all outlets, a mapping of outlet id to URL,
    or a callable taking the outlet id (e.g. ``SampleServer.base_url``). Placeholders without a
    ``base`` are a ``RegistryError``.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read registry: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: not UTF-8: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: invalid TOML: {exc}") from exc
    return parse_registry(data, source=str(path), base=base)


def parse_registry(data: Mapping[str, Any], *, source: str = "<registry>", base: BaseUrls = None) -> list[Outlet]:
    """Validate an already-parsed registry document (``{"outlet": [ {...}, ... ]}``)."""
    unknown = set(data) - {"outlet"}
    if unknown:
        raise RegistryError(f"{source}: unknown top-level key(s) {sorted(unknown)}; expected [[outlet]] tables")
    entries = data.get("outlet", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RegistryError(f"{source}: 'outlet' must be an array of tables ([[outlet]])")
    outlets: list[Outlet] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(entries, 1):
        where = f"{source}: outlet #{n}" + (f" ({entry['id']!r})" if isinstance(entry.get("id"), str) else "")
        outlet = _outlet(entry, where, base)
        if outlet.id in seen:
            raise RegistryError(f"{where}: duplicate id {outlet.id!r} (first used by outlet #{seen[outlet.id]})")
        seen[outlet.id] = n
        outlets.append(outlet)
    return outlets


def select(outlets: Iterable[Outlet], ids: Iterable[str]) -> list[Outlet]:
    """The outlets with these ids, in the order given; unknown ids are a ``RegistryError``."""
    by_id = {o.id: o for o in outlets}
    wanted = list(ids)
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise RegistryError(f"unknown outlet id(s): {', '.join(missing)}")
    return [by_id[i] for i in wanted]


def _outlet(entry: Mapping[str, Any], where: str, base: BaseUrls) -> Outlet:
    unknown = set(entry) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {sorted(unknown)}")
    for key in REQUIRED:
        if key not in entry:
            raise RegistryError(f"{where}: missing required field {key!r}")
    values = {**OPTIONAL, **entry}
    oid = _str(values, "id", where)
    if not ID_RE.match(oid):
        raise RegistryError(f"{where}: id {oid!r} must be lowercase letters, digits, '-' or '_'")
    cms = _str(values, "cms", where)
    if cms not in CMS_FAMILIES:
        raise RegistryError(f"{where}: cms {cms!r} is not one of {', '.join(CMS_FAMILIES)}")
    confidence = _str(values, "confidence", where)
    if confidence not in CONFIDENCE:
        raise RegistryError(f"{where}: confidence {confidence!r} must be one of V, P, U")
    interval = values["interval_minutes"]
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
        raise RegistryError(f"{where}: interval_minutes must be a positive integer, got {interval!r}")
    if not isinstance(values["verified"], bool):
        raise RegistryError(f"{where}: verified must be true or false")
    fill = _filler(oid, base, where)
    homepage = _url(fill(_str(values, "homepage", where)), where, "homepage")
    hosts = tuple(h.lower() for h in _strs(values, "hosts", where))
    for host in hosts:
        if not HOST_RE.match(host):
            raise RegistryError(f"{where}: hosts entry {host!r} is not a host name (no scheme, path or port)")
    return Outlet(
        id=oid,
        name=_str(values, "name", where, required=True),
        region=_str(values, "region", where, required=True),
        city=_str(values, "city", where),
        homepage=homepage,
        cms=cms,
        feeds=tuple(_url(fill(u), where, "feeds") for u in _strs(values, "feeds", where)),
        sitemaps=tuple(_url(fill(u), where, "sitemaps") for u in _strs(values, "sitemaps", where)),
        lists=tuple(_url(fill(u), where, "lists") for u in _strs(values, "lists", where)),
        hosts=hosts,
        interval_minutes=interval,
        verified=values["verified"],
        confidence=confidence,
        evidence=_str(values, "evidence", where),
        overrides=_overrides(values["overrides"], where),
    )


def _str(values: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = values[key]
    if not isinstance(value, str):
        raise RegistryError(f"{where}: {key} must be a string, got {type(value).__name__}")
    if required and not value.strip():
        raise RegistryError(f"{where}: {key} must not be empty")
    return value.strip()


def _strs(values: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = values[key]
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{where}: {key} must be a list of strings")
    return [v.strip() for v in value]


def _filler(oid: str, base: BaseUrls, where: str) -> Callable[[str], str]:
    def fill(value: str) -> str:
        if "{base}" not in value:
            return value
        if base is None:
            raise RegistryError(f"{where}: {value!r} has a {{base}} placeholder but no base URL was given")
        if isinstance(base, str):
            root = base
        elif isinstance(base, Mapping):
            if oid not in base:
                raise RegistryError(f"{where}: no base URL for outlet {oid!r}")
            root = base[oid]
        else:
            root = base(oid)
        return value.replace("{base}", root.rstrip("/"))

    return fill


def _url(value: str, where: str, key: str) -> str:
    if "{page}" in value and key != "lists":
        raise RegistryError(f"{where}: {key} URL {value!r}: {{page}} belongs in list URLs only")
    check = value.replace("{page}", "1")
    try:
        parts = urlsplit(check)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise RegistryError(f"{where}: {key} URL {value!r} does not parse: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegistryError(f"{where}: {key} URL {value!r} must be an absolute http(s) URL")
    if "{" in check or "}" in check:
        raise RegistryError(f"{where}: {key} URL {value!r} has an unknown placeholder (only {{base}}, {{page}})")
    return value


def _overrides(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: overrides must be a table")
    unknown = set(value) - set(OVERRIDE_KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown override(s) {sorted(unknown)}; known: {', '.join(OVERRIDE_KEYS)}")
    out: dict[str, Any] = {}
    if "download_delay" in value:
        delay = value["download_delay"]
        if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
            raise RegistryError(f"{where}: overrides.download_delay must be a number >= 0")
        out["download_delay"] = float(delay)
    if "concurrency" in value:
        conc = value["concurrency"]
        if isinstance(conc, bool) or not isinstance(conc, int) or conc < 1:
            raise RegistryError(f"{where}: overrides.concurrency must be an integer >= 1")
        out["concurrency"] = conc
    if "encoding" in value:
        enc = value["encoding"]
        if not isinstance(enc, str) or not enc.strip():
            raise RegistryError(f"{where}: overrides.encoding must be a charset name")
        import codecs

        try:
            codecs.lookup(enc)
        except LookupError as exc:
            raise RegistryError(f"{where}: overrides.encoding {enc!r} is not a known charset") from exc
        out["encoding"] = enc
    if "selectors" in value:
        out["selectors"] = _selectors(value["selectors"], where)
    return out


def _selectors(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: overrides.selectors must be a table")
    unknown = set(value) - set(SELECTOR_KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown selector field(s) {sorted(unknown)}; known: {', '.join(SELECTOR_KEYS)}")
    from cssselect import GenericTranslator, SelectorError

    for key, css in value.items():
        if not isinstance(css, str) or not css.strip():
            raise RegistryError(f"{where}: overrides.selectors.{key} must be a CSS selector string")
        try:
            GenericTranslator().css_to_xpath(css)
        except SelectorError as exc:
            raise RegistryError(f"{where}: overrides.selectors.{key} {css!r} is not valid CSS: {exc}") from exc
    return dict(value)

