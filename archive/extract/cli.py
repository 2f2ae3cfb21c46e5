"""``newsarchive extract FILE|URL``: one page's raw bytes -> one JSON object (a stable contract).

The JSON has exactly the 14 keys of ``Article.to_dict()``. Reading a missing file or failing to
fetch a URL is an error (message on stderr, exit 1); a page that is not an article is a normal
result (``is_article: false`` with a warning, exit 0).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import click

from ..capture import Capture
from .article import Article
from .pipeline import extract as extract_article

MAX_FETCH_BYTES = 50_000_000
USER_AGENT = "newsarchive-extract/0.1 (+https://github.com/newsarchive)"


def fetch(url: str, timeout: float = 30.0) -> tuple[bytes, str | None, str]:
    """GET a URL with urllib (archive must not depend on Scrapy): ``(body, content_type, final_url)``."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - user-given URL
        data = response.read(MAX_FETCH_BYTES + 1)[:MAX_FETCH_BYTES]
        # Content-Encoding is undone the same way as for archived captures.
        capture = Capture(url=response.geturl(), status=response.status, headers=tuple(response.headers.items()),
                          body=data)
        return capture.decoded_body(), response.headers.get("Content-Type"), response.geturl()


def render_text(article: Article) -> str:
    lines = [article.title or "(no title)"]
    if article.subtitle:
        lines.append(article.subtitle)
    meta = [", ".join(article.authors), article.published or "", article.section or "", article.cms]
    lines.append(" | ".join(m for m in meta if m))
    if article.warnings:
        lines.extend(f"warning: {w}" for w in article.warnings)
    lines.extend(["", article.body])
    return "\n".join(lines)


@click.command("extract")
@click.argument("source")
@click.option("--url", "page_url", default=None, help="The page's URL (for a saved file: resolves links, picks URL rules).")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--content-type", default=None, help="HTTP Content-Type the page was served with (charset hint).")
def extract_command(source: str, page_url: str | None, fmt: str, content_type: str | None) -> None:
    """Extract the article from a saved page FILE (raw bytes) or a URL to fetch."""
    if source.startswith(("http://", "https://")):
        try:
            data, served_type, final_url = fetch(source)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise click.ClickException(f"cannot fetch {source}: {exc}") from exc
        content_type = content_type or served_type
        page_url = page_url or final_url
    else:
        path = Path(source)
        try:
            data = sys.stdin.buffer.read() if source == "-" else path.read_bytes()
        except OSError as exc:
            raise click.ClickException(f"cannot read {source}: {exc.strerror or exc}") from exc
    article = extract_article(data, page_url, content_type=content_type)
    # UTF-8 bytes whatever the terminal's locale (a scorer may run us under LANG=C / ascii stdio).
    if fmt == "json":
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8"))
    else:
        click.echo(render_text(article).encode("utf-8"))


__all__ = ["extract_command", "fetch", "render_text"]
