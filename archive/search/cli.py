"""``newsarchive search``: the Korean search from the command line (thin over :func:`search`)."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import sys
from pathlib import Path

import click

from archive.cli_options import data_option
from archive.lock import Locked, data_lock
from archive.search.index import reindex_all
from archive.search.results import COUNT_LIMIT, SORTS, search

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def _connect(data: Path) -> sqlite3.Connection:
    path = data / "archive.db"
    if not path.is_file():
        raise click.ClickException(f"no archive database at {path} (crawl or rebuild first)")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _terminal(snippet: str, color: bool) -> str:
    """Snippet HTML as terminal text: marks in bold (or [brackets] without colour), unescaped."""
    if color:
        text = _MARK.sub(lambda m: click.style(html.unescape(m.group(1)), bold=True, fg="yellow"), snippet)
    else:
        text = _MARK.sub(lambda m: "[" + m.group(1) + "]", snippet)
    return html.unescape(text)


@click.command("search")
@click.argument("query")
@data_option("Data directory holding archive.db.", name="data")
@click.option("--outlet", help="Only this outlet id.")
@click.option("--region", help="Only outlets of this region (e.g. 경북).")
@click.option("--since", help="Published on or after this KST date (YYYY-MM-DD).")
@click.option("--until", help="Published on or before this KST date (YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(SORTS), default="date", show_default=True,
              help="Newest first, or bm25 relevance among the newest matches.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit, one per line.")
def search_command(query: str, data: Path, outlet: str | None, region: str | None, since: str | None,
                   until: str | None, sort: str, limit: int, offset: int, as_json: bool) -> None:
    """Search archived articles: words match inside eojeol (포항 finds 포항시는).

    "quoted phrases" match as written; several terms must all occur; -term excludes.
    """
    conn = _connect(data)
    try:
        results = search(conn, query, outlet=outlet, region=region, since=since, until=until,
                         sort=sort, limit=limit, offset=offset)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    finally:
        conn.close()
    total = f"{results.total:,}{'+' if results.total_is_lower_bound else ''}"
    for warning in results.warnings:
        click.echo(f"note: {warning}", err=True)
    if as_json:
        for hit in results.hits:
            click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
        click.echo(f"{total} results", err=True)
        return
    click.echo(f"{total} results" + (f" (cap {COUNT_LIMIT:,})" if results.total_is_lower_bound else ""))
    color = sys.stdout.isatty()
    for hit in results.hits:
        click.echo("")
        click.echo(f"[{hit.id}] {hit.published or '(no date)'}  {hit.outlet_name or hit.outlet or ''}")
        click.echo(f"  {hit.title or '(untitled)'}")
        click.echo(f"  {hit.url}")
        if hit.snippet:
            click.echo("  " + _terminal(hit.snippet, color))


@click.command("reindex")
@data_option("Data directory holding archive.db.", name="data")
def reindex_command(data: Path) -> None:
    """Rebuild the Korean search index from the articles table.

    Needed only when an upgrade changed how text is indexed (search then says so); any crawl
    does the same on its way in. Waits for no one: exits 3 if a crawl or rebuild holds the lock.
    """
    path = data / "archive.db"
    if not path.is_file():
        raise click.ClickException(f"no archive database at {path} (crawl or rebuild first)")
    try:
        with data_lock(data):
            conn = sqlite3.connect(path)
            try:
                conn.execute("PRAGMA busy_timeout = 10000")
                total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                with click.progressbar(length=total, label="indexing", file=sys.stderr) as bar:
                    done = [0]

                    def progress(count: int) -> None:
                        bar.update(count - done[0])
                        done[0] = count

                    count = reindex_all(conn, progress=progress)
                    bar.update(count - done[0])
                conn.commit()
            finally:
                conn.close()
    except Locked as exc:
        click.echo(f"newsarchive reindex: {exc}", err=True)
        raise SystemExit(3) from None
    click.echo(f"indexed {count:,} articles")
