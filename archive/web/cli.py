"""``newsarchive serve``: run the archive browser with uvicorn (read-only, loopback by default)."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

import click

from archive.cli_options import data_option

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@data_option("Data directory (archive.db, warc/).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback exposes the archive to the network.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option("--pywb", "pywb_url", default=None, help="Base URL of a pywb collection, for replay links.")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(data_dir: Path, host: str, port: int, pywb_url: str | None, log_level: str) -> None:
    """Serve the archive browser (search, articles, captured pages, outlets, runs) read-only."""
    import uvicorn

    from archive.web.app import create_app

    if not is_loopback(host):
        click.echo(
            f"warning: binding {host}: the archive browser has no login; anyone who can reach "
            f"this address can read the whole archive.",
            err=True,
        )
    if not (data_dir / "archive.db").exists():
        click.echo(f"note: {data_dir / 'archive.db'} does not exist yet; pages will say so.", err=True)
    app = create_app(data_dir, pywb_url=pywb_url)
    click.echo(f"newsarchive: serving {data_dir} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=log_level in ("info", "debug"))
