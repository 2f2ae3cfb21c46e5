"""The ``/page/view/<19-digit id>`` family (F4): ``h1.title``, ``span.date``, ``div#articlebody`` with
an ``art_mid_ad`` block and figures inside the body; ``/page/list/<code>?page=`` lists; an RSS feed.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from crawler.samples.render import feeds
from crawler.samples.render.base import Family, Page, esc, section_page, summary

if TYPE_CHECKING:
    from crawler.samples.world import SampleArticle, SampleWorld


def _d(dt: datetime) -> str:
    return f"{dt:%Y-%m-%d %H:%M}"


class PageView(Family):
    cms = "page_view"

    def article_path(self, art: SampleArticle, moved_at: datetime | None = None) -> str:
        when = moved_at or art.published
        return f"/page/view/{when:%Y%m%d%H%M%S}{(art.num * 7919) % 100000:05d}"

    def image_path(self, art: SampleArticle, k: int) -> str:
        return f"/photos/{art.published:%Y/%m/%d}/{art.num:06d}_{k}.jpg"

    def feeds(self) -> list[str]:
        return [f"/rss/{self.o.id}_all.xml"]

    def registry_lists(self) -> list[str]:
        return ["/page/list/all?page={page}"] + [f"/page/list/{c}?page={{page}}" for c, _ in self.o.sections.values()]

    def resolve(self, world: SampleWorld, path: str, query: dict[str, str], base: str) -> Page | None:
        arts = world.articles(self.o.id)
        if path == "/":
            body = self.frame(world, None, f'<ul class="main_news">{self.items(arts[:20])}</ul>', self.o.name, base)
            return Page("home", body, last_modified=world.last_change[self.o.id])
        if path == f"/rss/{self.o.id}_all.xml":
            return feeds.rss(world, self, arts[:30], base, path)
        if path.startswith("/page/list/"):
            code = path.rsplit("/", 1)[1]
            listed = section_page(self.o.sections, arts, None if code == "all" else code, query, "전체")
            if listed is None:
                return None
            label, shown, page, pages = listed
            nav = "".join(f'<a href="/page/list/{code}?page={p}">{p}</a>' for p in range(1, pages + 1))
            main = f'<h2 class="sec_title">{esc(label)}</h2><ul class="list">{self.items(shown)}</ul><div class="paging">{nav}</div>'
            last = max((a.modified or a.published for a in shown), default=world.now)
            return Page("list", self.frame(world, None, main, f"{label} - {self.o.name}", base), last_modified=last)
        return None

    def items(self, arts: list[SampleArticle]) -> str:
        return "".join(
            f'<li><a href="{a.path}"><p class="tit">{esc(a.title)}</p><p class="txt">{esc(summary(a))}</p></a>'
            f'<span class="date">{_d(a.published)}</span></li>' for a in arts
        )

    def frame(self, world: SampleWorld, art: SampleArticle | None, main: str, title: str, base: str,
              extra: str = "", charset: str = "utf-8") -> str:
        nav = "".join(f'<li><a href="/page/list/{c}">{esc(n)}</a></li>' for c, n in self.o.sections.values())
        return (
            f'<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="{charset}">\n<title>{esc(title)}</title>\n{extra}'
            f'<link rel="alternate" type="application/rss+xml" href="{base}/rss/{self.o.id}_all.xml">\n</head>\n<body>\n'
            f'<header class="hd"><a class="logo" href="/">{esc(self.o.name)}</a><nav><ul class="gnb">{nav}</ul></nav>'
            '<div class="hd_util"><a href="/member/login">로그인</a><a href="/search/">검색</a></div></header>\n'
            f'<div class="wrap"><div class="content">{main}</div>\n'
            f'<div class="aside">{self.popular_box(world, art, "rank_news", "많이 본 뉴스")}</div></div>\n'
            f'<footer class="ft"><p>{esc(self.o.name)} · 경북 안동시 경동로 1 · 대표전화 054-000-0000</p>'
            f'<p>Copyright by {esc(self.o.name)} All Rights Reserved.</p></footer>\n</body>\n</html>\n'
        )

    def render_article(self, world: SampleWorld, art: SampleArticle, base: str, *, meta_charset: str | None = None) -> str:
        code, sec = self.section_of(art)
        blocks = [f"<p>{esc(p)}</p>" for p in art.paragraphs]
        blocks.insert(min(3, len(blocks)), '<div class="art_mid_ad"><span class="ad_label">AD</span>'
                                           '<a href="#">안동 한우 직거래 장터 — 지금 주문하면 20% 할인</a></div>')
        for k, img in enumerate(art.images):
            blocks.insert(1 + 2 * k, f'<figure class="art_photo"><img src="{img["url"]}" alt="{esc(art.title)}">'
                                     f"<figcaption>{esc(img['caption'])}</figcaption></figure>")
        blocks += [f"<p>{t}</p>" for t in self.trailer_paragraphs(art)]
        mod = f'<span class="date_mod">수정 {_d(art.modified)}</span>' if art.modified else ""
        sub = f'<h2 class="sub_title">{esc(art.subtitle)}</h2>' if art.subtitle else ""
        related = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in self.before(world, art, 3, same_section=True))
        main = (
            f'<div class="article_head"><p class="section"><a href="/page/list/{code}">{esc(sec)}</a></p>'
            f'<h1 class="title">{esc(art.title)}</h1>{sub}'
            f'<div class="info"><span class="name">{esc(self.byline_names(art))}</span>'
            f'<span class="date">입력 {_d(art.published)}</span>{mod}</div>{self.share_row()}</div>'
            f'<div id="articlebody" class="article_body">\n' + "\n".join(blocks) + "\n</div>"
            f'<div class="copyright">ⓒ {esc(self.o.name)}, 무단전재 및 재배포 금지</div>'
            f'<div class="related_news"><h3>관련기사</h3><ul>{related}</ul></div>{self.comments_box()}'
        )
        extra = (f'<meta property="og:title" content="{esc(art.title)}">\n<meta property="og:url" content="{base}{art.path}">\n'
                 f'<meta property="article:published_time" content="{art.published.isoformat()}">\n')
        return self.frame(world, art, main, f"{art.title} - {self.o.name}", base, extra, meta_charset or "utf-8")
