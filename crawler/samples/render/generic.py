"""An outlet of no known family: JSON-LD ``NewsArticle``, ``og:`` meta, a sitemap index (older months
as ``.xml.gz`` files), a Google News sitemap, both announced in robots.txt, and an inline related box
in the middle of the story text.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from crawler.samples.render import feeds
from crawler.samples.render.base import Family, Page, esc, section_page, summary

if TYPE_CHECKING:
    from crawler.samples.world import SampleArticle, SampleWorld


class Generic(Family):
    cms = "generic"

    def article_path(self, art: SampleArticle, moved_at: datetime | None = None) -> str:
        return f"/articles/{art.published:%Y/%m/%d}/{art.num:06d}"

    def image_path(self, art: SampleArticle, k: int) -> str:
        return f"/media/{art.published:%Y%m}/{art.num:06d}-{k}.jpg"

    def disallowed_path(self, art: SampleArticle) -> str:
        return f"/articles/draft/{art.num:06d}"

    def robots_disallow(self) -> list[str]:
        return [*super().robots_disallow(), "/articles/draft/", "/api/"]

    def sitemaps(self) -> list[str]:
        return ["/sitemap.xml", "/news-sitemap.xml"]

    def registry_lists(self) -> list[str]:
        return ["/latest?page={page}"] + [f"/category/{c}?page={{page}}" for c, _ in self.o.sections.values()]

    def months(self, world: SampleWorld) -> list[str]:
        return sorted({f"{a.published:%Y-%m}" for a in world.articles(self.o.id)})

    def resolve(self, world: SampleWorld, path: str, query: dict[str, str], base: str) -> Page | None:
        arts = world.articles(self.o.id)
        if path == "/":
            return Page("home", self.frame(world, None, f'<ul class="cards">{self.items(arts[:20])}</ul>', self.o.name),
                        last_modified=world.last_change[self.o.id])
        if path == "/sitemap.xml":
            return feeds.sitemap_index(world, self, base, self.months(world), f"{world.now:%Y-%m}")
        if path == "/news-sitemap.xml":
            return feeds.news_sitemap(world, self, base)
        if path.startswith("/sitemaps/"):
            name = path.rsplit("/", 1)[1]
            month, gz = name.removesuffix(".gz").removesuffix(".xml"), name.endswith(".gz")
            sel = [a for a in arts if f"{a.published:%Y-%m}" == month]
            if not sel or gz == (month == f"{world.now:%Y-%m}"):
                return None
            return feeds.sitemap_urls(world, sel, base, gz=gz)
        if path == "/latest" or path.startswith("/category/"):
            code = None if path == "/latest" else path.rsplit("/", 1)[1]
            listed = section_page(self.o.sections, arts, code, query, "최신기사")
            if listed is None:
                return None
            label, shown, page, pages = listed
            more = f'<a class="more" rel="next" href="{path}?page={page + 1}">더 보기</a>' if page < pages else ""
            main = f'<h1 class="page-title">{esc(label)}</h1><ul class="cards">{self.items(shown)}</ul>{more}'
            last = max((a.modified or a.published for a in shown), default=world.now)
            return Page("list", self.frame(world, None, main, f"{label} | {self.o.name}"), last_modified=last)
        return None

    def items(self, arts: list[SampleArticle]) -> str:
        return "".join(
            f'<li class="card"><a href="{a.path}"><h2>{esc(a.title)}</h2><p>{esc(summary(a))}</p></a>'
            f'<time datetime="{a.published.isoformat()}">{a.published:%m.%d %H:%M}</time></li>' for a in arts
        )

    def frame(self, world: SampleWorld, art: SampleArticle | None, main: str, title: str, extra: str = "",
              charset: str = "utf-8") -> str:
        nav = "".join(f'<a href="/category/{c}">{esc(n)}</a>' for c, n in self.o.sections.values())
        return (
            f'<!doctype html>\n<html lang="ko">\n<head>\n<meta charset="{charset}">\n<title>{esc(title)}</title>\n{extra}'
            '<meta name="viewport" content="width=device-width">\n</head>\n<body class="site">\n'
            f'<div class="top-bar"><a href="/" class="brand">{esc(self.o.name)}</a><nav class="sections">{nav}'
            '<a href="/latest">최신</a></nav><form action="/search/"><input name="q" placeholder="검색"></form></div>\n'
            f'<main id="main">{main}</main>\n<aside class="rail">{self.popular_box(world, art, "rank", "지금 많이 읽는 기사")}'
            '<div class="newsletter"><h3>뉴스레터 구독</h3><p>매일 아침 구미의 소식을 전해 드립니다. 이메일을 입력하세요.</p></div></aside>\n'
            f'<footer class="site-footer"><p>{esc(self.o.name)} | 경북 구미시 송정대로 1 | 제보 desk@{self.o.domain}</p>'
            "<p>이 사이트의 모든 콘텐츠는 저작권법의 보호를 받습니다.</p></footer>\n</body>\n</html>\n"
        )

    def render_article(self, world: SampleWorld, art: SampleArticle, base: str, *, meta_charset: str | None = None) -> str:
        sec = self.section_of(art)[1]
        ld: dict[str, object] = {
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": art.title,
            "mainEntityOfPage": {"@type": "WebPage", "@id": base + art.path},
            "datePublished": art.published.isoformat(), "articleSection": sec,
            "author": [{"@type": "Person", "name": r.name} for r in art.authors],
            "publisher": {"@type": "Organization", "name": self.o.name, "logo": {"@type": "ImageObject", "url": base + "/logo.png"}},
            "image": [base + i["url"] for i in art.images], "inLanguage": "ko-KR",
        }
        if art.subtitle:
            ld["alternativeHeadline"] = art.subtitle
        if art.modified:
            ld["dateModified"] = art.modified.isoformat()
        blocks = [f"<p>{esc(p)}</p>" for p in art.paragraphs]
        rel = self.before(world, art, 2, same_section=True)
        if rel:
            box = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in rel)
            blocks.insert(min(4, len(blocks)), f'<aside class="inline-related"><strong>함께 읽으면 좋은 기사</strong><ul>{box}</ul></aside>')
        for k, img in enumerate(art.images):
            blocks.insert(1 + 2 * k, f'<figure><img src="{img["url"]}" loading="lazy"><figcaption>{esc(img["caption"])}</figcaption></figure>')
        blocks += [f'<p class="reporter-mail">{t}</p>' for t in self.trailer_paragraphs(art)]
        by = ", ".join(r.name for r in art.authors)
        mod = f' · 수정 <time datetime="{art.modified.isoformat()}">{art.modified:%Y.%m.%d %H:%M}</time>' if art.modified else ""
        sub = f'<p class="story-deck">{esc(art.subtitle)}</p>' if art.subtitle else ""
        main = (
            f'<article class="story"><p class="kicker">{esc(sec)}</p><h1 class="story-title">{esc(art.title)}</h1>{sub}'
            f'<div class="story-meta"><span class="by">글 {esc(by)}</span> <time datetime="{art.published.isoformat()}">'
            f"{art.published:%Y.%m.%d %H:%M}</time>{mod}</div>{self.share_row()}"
            '<div class="story-text">\n' + "\n".join(blocks) + "\n</div>"
            f'<p class="story-copy">© {esc(self.o.name)}</p></article>{self.comments_box()}'
        )
        extra = (
            f'<link rel="canonical" href="{base}{art.path}">\n<meta property="og:title" content="{esc(art.title)}">\n'
            f'<meta property="og:type" content="article">\n<meta property="article:published_time" content="{art.published.isoformat()}">\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
        )
        return self.frame(world, art, main, f"{art.title} | {self.o.name}", extra, meta_charset or "utf-8")
