"""`newsarchive rebuild | show | export | stats`: thin Click wrappers over the store library."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from archive.cli_options import data_option as shared_data_option
from archive.store import open_store
from archive.store import queries as q

logger = logging.getLogger(__name__)

data_option = shared_data_option("Data directory (warc/, archive.db, ...).")


def _open_readonly(data_dir: Path):
    db_path = data_dir / "archive.db"
    if not db_path.exists():
        raise click.ClickException(f"no archive at {db_path} (crawl first, or `newsarchive rebuild`)")
    return open_store(db_path, readonly=True)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


@click.command()
@data_option
@click.option("--reextract", is_flag=True, help="Run the current extractor on every capture again.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def rebuild(data_dir: Path, reextract: bool, quiet: bool) -> None:
    """Rebuild archive.db from the WARC files alone, then swap it in atomically.

    Without --reextract, extraction results of the old database are reused (so the result equals
    the live-built database); --reextract applies the current extractor to every old capture.
    """
    from tqdm import tqdm

    from archive.rebuild import RebuildLocked
    from archive.rebuild import rebuild as do_rebuild

    if not (data_dir / "warc").is_dir():
        raise click.ClickException(f"no WARC directory at {data_dir / 'warc'}")
    bar = tqdm(total=0, unit="B", unit_scale=True, disable=quiet or not sys.stderr.isatty(), desc="rebuild")

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        stats = do_rebuild(data_dir, reextract=reextract, progress=progress)
    except RebuildLocked as exc:
        raise click.ClickException(f"{exc}; try again when it has finished") from exc
    finally:
        bar.close()
    click.echo(_dumps(stats.to_dict()))


@click.command()
@click.argument("ref")
@data_option
@click.option("--versions", "show_versions", is_flag=True, help="Show every version with its diff.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def show(ref: str, data_dir: Path, show_versions: bool, as_json: bool) -> None:
    """Show an article by id or URL: its text, versions (with diffs) and story cluster."""
    with _open_readonly(data_dir) as store:
        article = q.article_detail(store, ref, diffs=True)
    if article is None:
        raise click.ClickException(f"no article {ref!r}")
    if not show_versions:
        article["versions"] = [
            {k: v.get(k) for k in ("seq", "first_seen", "last_seen", "title", "capture_id")}
            for v in article["versions"]
        ]
    if as_json:
        click.echo(_dumps(article))
        return
    click.echo(_render(article, show_versions))


def _render(article: dict[str, Any], show_versions: bool) -> str:
    lines = [
        f"#{article['id']} {article.get('title') or ''}",
        f"  outlet:    {article.get('outlet')} ({article.get('outlet_name') or ''})",
        f"  url:       {article.get('url')}",
        f"  published: {article.get('published') or '-'}   modified: {article.get('modified') or '-'}",
        f"  authors:   {', '.join(article.get('authors') or []) or '-'}",
        f"  seen:      {article.get('first_seen')} .. {article.get('last_seen')}",
        f"  versions:  {article.get('version_count')}   captures: {len(article.get('captures') or [])}",
    ]
    if article.get("subtitle"):
        lines.append(f"  subtitle:  {article['subtitle']}")
    lines += ["", article.get("body") or "", ""]
    cluster = article.get("cluster") or []
    if cluster:
        lines.append(f"Also published by {len(cluster)} other article(s) (cluster {article['cluster_id']}):")
        for member in cluster:
            lines.append(
                f"  #{member['id']} {member.get('outlet')} {member.get('published') or member.get('first_seen')}"
                f"  {member.get('title') or ''}  [{member.get('url')}]"
            )
        lines.append("")
    lines.append("Versions:")
    for version in article["versions"]:
        lines.append(
            f"  v{version['seq']} first seen {version['first_seen']}, last seen {version['last_seen']}"
        )
        if show_versions and version.get("diff"):
            lines.extend("    " + line for line in version["diff"].splitlines())
    return "\n".join(lines)


@click.command()
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "wacz"]), default="jsonl", show_default=True
)
@click.option("--since", help="Published on or after this KST date (YYYY-MM-DD) or ISO 8601 time.")
@click.option("--until", help="Published on or before this KST date (YYYY-MM-DD) or ISO 8601 time.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(data_dir: Path, fmt: str, since: str | None, until: str | None, out: Path) -> None:
    """Export articles (jsonl/csv, one line per article) or their WARCs as a WACZ package."""
    from archive.export import export as do_export

    with _open_readonly(data_dir) as store:
        try:
            count = do_export(store, fmt, out, since=since, until=until, warc_dir=data_dir / "warc")
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"exported {count} articles to {out}", err=True)


@click.command()
@data_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per outlet.")
def stats(data_dir: Path, as_json: bool) -> None:
    """Per outlet: captures, articles, versions, clusters, extraction failures, last good run."""
    with _open_readonly(data_dir) as store:
        rows = q.outlet_stats(store)
        total = q.totals(store)
    if as_json:
        for row in rows:
            click.echo(_dumps(row))
        return
    cols = (
        "outlet",
        "captures",
        "articles",
        "versions",
        "clusters",
        "extraction_failures",
        "last_successful_run",
    )
    heads = ("outlet", "captures", "articles", "versions", "clusters", "failures", "last successful run")
    table = [heads] + [tuple("-" if row[c] is None else str(row[c]) for c in cols) for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(cols))]
    for r in table:
        click.echo(
            "  ".join(
                v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    click.echo(
        f"total: {total['articles']} articles, {total['versions']} versions, {total['clusters']} clusters, "
        f"{total['captures']} captures, {total['errors']} extraction failures, {total['runs']} runs"
    )


COMMANDS = (rebuild, show, export, stats)
