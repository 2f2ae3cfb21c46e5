"""RSS 2.0 feeds, sitemaps (index, monthly, optionally gzip files) and Google News sitemaps."""

from __future__ import annotations

import gzip
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING

from crawler.samples.render.base import Page, esc, summary

if TYPE_CHECKING:
    from crawler.samples.render.base import Family
    from crawler.samples.world import SampleArticle, SampleWorld

XML = "application/xml; charset=utf-8"


def _last(arts: list[SampleArticle], world: SampleWorld) -> datetime:
    return max((a.modified or a.published for a in arts), default=world.now)


def rss(world: SampleWorld, fam: Family, arts: list[SampleArticle], base: str, path: str, *, broken: bool = False) -> Page:
    """An NDSoft-style RSS 2.0 feed; ``broken`` adds one malformed item (no link, bad date, &nbsp;)."""
    o = fam.o
    items = []
    for a in arts:
        items.append(
            f"<item>\n<title>{esc(a.title)}</title>\n<link>{base}{esc(a.path)}</link>\n"
            f"<description>{esc(summary(a, 200))}</description>\n<category>{esc(fam.section_of(a)[1])}</category>\n"
            f"<author>{esc(a.authors[0].name)}</author>\n<pubDate>{format_datetime(a.published)}</pubDate>\n</item>\n"
        )
    if broken and items:
        items.insert(min(2, len(items)),
                     "<item>\n<title>[속보]&nbsp;제목 없음 & 확인 중</title>\n<link></link>\n"
                     "<description><p>본문 준비 중</description>\n<pubDate>2026-13-45 25:61</pubDate>\n</item>\n")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>{esc(o.name)}</title>\n<link>{base}/</link>\n<description>{esc(o.name)} 전체기사</description>\n"
        f"<language>ko</language>\n<lastBuildDate>{format_datetime(_last(arts, world))}</lastBuildDate>\n"
        + "".join(items) + "</channel>\n</rss>\n"
    )
    return Page("feed", body, content_type=XML, last_modified=_last(arts, world))


def sitemap_index(world: SampleWorld, fam: Family, base: str, months: list[str], current: str) -> Page:
    """Older months as gzip files (``.xml.gz``), the current month as plain XML."""
    entries = []
    for m in months:
        loc = f"{base}/sitemaps/{m}.xml" + ("" if m == current else ".gz")
        entries.append(f"<sitemap><loc>{loc}</loc></sitemap>")
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries) + "\n</sitemapindex>\n")
    return Page("sitemap", body, content_type=XML, last_modified=world.last_change[fam.o.id])


def sitemap_urls(world: SampleWorld, arts: list[SampleArticle], base: str, *, gz: bool) -> Page:
    rows = "".join(
        f"<url><loc>{base}{esc(a.path)}</loc><lastmod>{(a.modified or a.published).isoformat()}</lastmod></url>\n"
        for a in arts
    )
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + rows + "</urlset>\n")
    if gz:
        return Page("sitemap", gzip.compress(body.encode(), mtime=0), content_type="application/x-gzip",
                    last_modified=_last(arts, world))
    return Page("sitemap", body, content_type=XML, last_modified=_last(arts, world))


def news_sitemap(world: SampleWorld, fam: Family, base: str) -> Page:
    """Google News sitemap: the last two days' articles."""
    since = world.now - timedelta(days=2)
    arts = [a for a in world.articles(fam.o.id) if a.published >= since]
    rows = "".join(
        f"<url><loc>{base}{esc(a.path)}</loc><news:news><news:publication><news:name>{esc(fam.o.name)}</news:name>"
        f"<news:language>ko</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{esc(a.title)}</news:title></news:news></url>\n"
        for a in arts
    )
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + rows + "</urlset>\n")
    return Page("sitemap", body, content_type=XML, last_modified=_last(arts, world))
