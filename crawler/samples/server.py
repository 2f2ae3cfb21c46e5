"""SampleServer: every outlet of a world on its own loopback address, one asyncio loop in a thread.

The server writes raw HTTP/1.1 bytes itself (keep-alive, chunking, truncation, hangs, 30 MB
streams), so it runs beside Scrapy's Twisted reactor in the same process, or alone via
``newsarchive samples serve``. Control endpoints on every host: ``/__samples__/advance?days=N``,
``/__samples__/truth`` and ``/__samples__/registry`` (JSON).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import socket
import threading
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl

from crawler.samples.site import Response, Site, http_date, huge_stream
from crawler.samples.world import SampleWorld

log = logging.getLogger(__name__)

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 400: "Bad Request",
           404: "Not Found", 410: "Gone", 500: "Internal Server Error"}


@dataclass(frozen=True)
class RequestRecord:
    time: float
    outlet: str
    method: str
    target: str  # path + query as requested
    status: int
    kind: str  # home | list | feed | sitemap | article | robots | image | static | missing | control
    headers: dict[str, str]  # request headers, lower-cased names


def load_registry_template() -> list[dict[str, Any]]:
    """The sample registry (crawler/samples/outlets.toml) with ``{base}`` placeholders left in."""
    text = resources.files("crawler.samples").joinpath("outlets.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["outlet"]


def _fill(value: Any, base: str) -> Any:
    if isinstance(value, str):
        return value.replace("{base}", base)
    if isinstance(value, list):
        return [_fill(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, base) for k, v in value.items()}
    return value


class SampleServer:
    """Serve a :class:`SampleWorld` over real sockets (see the package docstring)."""

    def __init__(self, world: SampleWorld, *, host_prefix: str = "127.0.0.", first_host: int = 11, port: int = 0,
                 latency: float = 0.0, faults: bool = True) -> None:
        self.world = world
        self.host_prefix = host_prefix
        self.first_host = first_host
        self.port = port
        self.latency = latency
        self.faults = faults
        self.requests_log: list[RequestRecord] = []
        self._log_lock = threading.Lock()
        self._sites: dict[str, Site] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.base_events.Server] = []
        self._conns: set[asyncio.Task[None]] = set()
        self._stopping: asyncio.Event | None = None

    # ------------------------------------------------------------------ public API
    def host(self, outlet_id: str) -> str:
        return f"{self.host_prefix}{self.first_host + self.world.outlet_by_id[outlet_id].host}"

    def base_url(self, outlet_id: str) -> str:
        return f"http://{self.host(outlet_id)}:{self.port}"

    def registry_entries(self) -> list[dict[str, Any]]:
        """The sample registry with ``{base}`` filled for this server (``{page}`` stays)."""
        return [_fill(e, self.base_url(e["id"])) for e in load_registry_template() if e["id"] in self.world.outlet_by_id]

    def advance(self, days: int = 1) -> Any:
        return self.world.advance(days)

    def counts(self, *, kind: str | None = None, outlet: str | None = None, status: int | None = None) -> Counter[str]:
        """How many requests per kind (filtered by kind/outlet/status)."""
        with self._log_lock:
            recs = list(self.requests_log)
        return Counter(r.kind for r in recs if (kind is None or r.kind == kind) and (outlet is None or r.outlet == outlet)
                       and (status is None or r.status == status))

    def fetched(self, *, kind: str | None = None, outlet: str | None = None) -> list[str]:
        """Requested targets (path+query), in order, optionally by kind/outlet."""
        with self._log_lock:
            return [r.target for r in self.requests_log
                    if (kind is None or r.kind == kind) and (outlet is None or r.outlet == outlet)]

    def clear_log(self) -> None:
        with self._log_lock:
            self.requests_log.clear()

    def __enter__(self) -> SampleServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        socks = self._bind()
        for o in self.world.outlets:
            self._sites[self.host(o.id)] = Site(self.world, o, self.base_url(o.id), faults=self.faults)
        ready = threading.Event()
        errors: list[BaseException] = []

        # The loop is passed around, never looked up: Scrapy (or anyone) may replace the asyncio
        # policy while we run, and a thread-local "current loop" lookup at shutdown then fails.
        loop = asyncio.new_event_loop()
        self._loop = loop

        def run() -> None:
            try:
                loop.run_until_complete(self._serve(socks, ready, errors))
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="sample-server", daemon=True)
        self._thread.start()
        ready.wait()
        if errors:
            self._thread.join(10)
            self._loop = self._thread = None
            raise errors[0]
        log.info("sample outlets on port %d: %s", self.port, ", ".join(self.base_url(o.id) for o in self.world.outlets))

    async def _serve(self, socks: list[socket.socket], ready: threading.Event, errors: list[BaseException]) -> None:
        """Listen until stop(), then close listeners and connections, all inside the running loop."""
        self._stopping = asyncio.Event()
        try:
            for s in socks:
                self._servers.append(await asyncio.start_server(self._conn, sock=s, limit=65536))
        except BaseException as e:  # noqa: BLE001 - reported to the starting thread
            errors.append(e)
        ready.set()
        if not errors:
            await self._stopping.wait()
        for srv in self._servers:
            srv.close()
        conns = list(self._conns)
        for t in conns:
            t.cancel()
        await asyncio.gather(*conns, return_exceptions=True)
        for srv in self._servers:
            await srv.wait_closed()

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop and thread:
            stopping = self._stopping
            if stopping is not None:
                with contextlib.suppress(RuntimeError):  # the loop already closed (the thread ended)
                    loop.call_soon_threadsafe(stopping.set)
            thread.join(10)
        self._loop = self._thread = None
        self._servers.clear()

    # ------------------------------------------------------------------ sockets
    def _bind(self) -> list[socket.socket]:
        """One listening socket per outlet address, all on the same port (a free one if port=0)."""
        hosts = [self.host(o.id) for o in self.world.outlets]
        for _attempt in range(50):
            socks: list[socket.socket] = []
            port = self.port
            try:
                for h in hosts:
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    socks.append(s)
                    s.bind((h, port))
                    port = s.getsockname()[1]
                    s.listen(512)
                    s.setblocking(False)
                self.port = port
                return socks
            except OSError as e:
                for s in socks:
                    s.close()
                if e.errno != errno.EADDRINUSE or self.port:
                    raise
        raise OSError("no free port shared by all sample hosts")

    # ------------------------------------------------------------------ HTTP
    async def _conn(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._conns.add(task)
        site = self._sites.get(writer.get_extra_info("sockname")[0])
        try:
            while site is not None:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    break
                lines = head.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                if len(parts) != 3:
                    await self._send(writer, Response(400, body=b"bad request"), "GET", False)
                    break
                method, target, version = parts
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                if headers.get("content-length", "0").isdigit() and int(headers.get("content-length", "0")):
                    await reader.readexactly(int(headers["content-length"]))
                resp = self._control(target) if target.startswith("/__samples__/") else site.handle(method, target, headers)
                with self._log_lock:
                    if len(self.requests_log) >= 2_000_000:  # a long `samples serve`: keep the recent half
                        del self.requests_log[:1_000_000]
                    self.requests_log.append(RequestRecord(time.time(), site.o.id, method, target, resp.status, resp.kind, headers))
                keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
                resp.delay += self.latency + site.prof.latency
                if not await self._send(writer, resp, method, keep) or not keep:
                    break
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._conns.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    def _control(self, target: str) -> Response:
        path, _, qs = target.partition("?")
        q = dict(parse_qsl(qs))
        if path == "/__samples__/advance":
            data: Any = self.world.advance(int(q.get("days", "1"))).to_dict()
        elif path == "/__samples__/truth":
            data = self.world.live_articles()
        elif path == "/__samples__/registry":
            data = self.registry_entries()
        else:
            return Response(404, [("Content-Type", "text/plain")], b"unknown control endpoint", kind="control")
        body = json.dumps(data, ensure_ascii=False).encode()
        return Response(200, [("Content-Type", "application/json; charset=utf-8")], body, kind="control")

    async def _send(self, writer: asyncio.StreamWriter, resp: Response, method: str, keep: bool) -> bool:
        """Write one response; False when the connection must close."""
        if resp.delay:
            await asyncio.sleep(resp.delay)
        mode = resp.mode
        with_body = method != "HEAD" and resp.status not in (304,) and not 100 <= resp.status < 200
        hdrs = [("Date", http_date(self.world.now)), ("Server", "Apache")] + resp.headers
        if mode == "chunked" and resp.status != 304:
            hdrs.append(("Transfer-Encoding", "chunked"))
        elif mode == "truncated":
            hdrs.append(("Content-Length", str(len(resp.body) * 2 + 1000)))
        elif mode == "huge":
            hdrs.append(("Content-Length", str(resp.huge_size)))
        elif mode == "slow" or resp.status != 304:
            hdrs.append(("Content-Length", str(len(resp.body))))
        keep = keep and mode != "truncated"
        hdrs.append(("Connection", "keep-alive" if keep else "close"))
        head = f"HTTP/1.1 {resp.status} {REASONS.get(resp.status, 'OK')}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in hdrs) + "\r\n"
        writer.write(head.encode("latin-1"))
        if with_body:
            if mode == "chunked":
                body = resp.body
                step = 4096
                for i in range(0, len(body), step):
                    piece = body[i:i + step]
                    writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                writer.write(b"0\r\n\r\n")
            elif mode == "truncated":
                writer.write(resp.body[: len(resp.body) // 2])
            elif mode == "huge":
                for piece in huge_stream(resp.body, resp.huge_size):
                    writer.write(piece)
                    await writer.drain()
            elif mode == "slow":  # eight pieces spread over huge_size milliseconds
                step = -(-len(resp.body) // 8)
                for i in range(0, len(resp.body), step):
                    writer.write(resp.body[i:i + step])
                    await writer.drain()
                    await asyncio.sleep(resp.huge_size / 8000)
            else:
                writer.write(resp.body)
        await writer.drain()
        return keep
