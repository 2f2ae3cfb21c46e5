"""What every family renderer shares: the Page result, the Family interface and page chrome.

Chrome (menus, tickers, "많이 본 뉴스" with long summaries, related lists, comments, share rows,
footers) is built only from articles published before the page's own article, so an article's
bytes change only when the article itself changes (stable validators, honest 304s).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from crawler.samples.content import WIRE_NAME, rng_for
from crawler.samples.text import shorten

if TYPE_CHECKING:
    from crawler.samples.outlets import OutletSpec
    from crawler.samples.world import SampleArticle, SampleWorld

esc = html.escape
LIST_SIZE = 20


@dataclass
class Page:
    kind: str  # home | list | feed | sitemap | article | other
    body: str | bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    last_modified: datetime | None = None
    etag_seed: str | None = None  # stable validator seed (articles); None -> hash of the body
    location: str | None = None
    etag: str | None = None  # memo: computed once per cached page
    gz: bytes | None = None  # memo: gzip of the encoded body


def summary(art: SampleArticle, n: int = 110) -> str:
    return shorten(art.paragraphs[0], n, "…")


class Family:
    """One CMS family's URL shapes and page markup. Subclasses fill in the templates."""

    cms = "generic"

    def __init__(self, outlet: OutletSpec) -> None:
        self.o = outlet

    # --- URL shapes ---
    def article_path(self, art: SampleArticle, moved_at: datetime | None = None) -> str:
        raise NotImplementedError

    def image_path(self, art: SampleArticle, k: int) -> str:
        return f"/data/photos/{art.published:%Y%m}/{art.num}_{k}.jpg"

    def disallowed_path(self, art: SampleArticle) -> str:
        return "/preview" + self.article_path(art)

    def normalize(self, path: str, query: dict[str, str]) -> str | None:
        """Map a requested URL (extra params, other order) to the article path it names."""
        return None

    def section_of(self, art: SampleArticle) -> tuple[str, str]:
        return self.o.sections[art.section_key]

    def robots_disallow(self) -> list[str]:
        return ["/member/", "/search/", "/__samples__/"]

    def sitemaps(self) -> list[str]:
        return []

    def feeds(self) -> list[str]:
        return []

    def registry_lists(self) -> list[str]:
        return []

    # --- pages ---
    def resolve(self, world: SampleWorld, path: str, query: dict[str, str], base: str) -> Page | None:
        raise NotImplementedError

    def render_article(self, world: SampleWorld, art: SampleArticle, base: str, *, meta_charset: str | None = None) -> str:
        raise NotImplementedError

    # --- shared chrome helpers ---
    def before(self, world: SampleWorld, art: SampleArticle, n: int, *, same_section: bool = False) -> list[SampleArticle]:
        """Up to n articles of this outlet published before art (any status), newest first."""
        arts = world.by_num(self.o.id)
        i = _bisect(arts, art.num)
        out = []
        for a in reversed(arts[max(0, i - 60): i]):
            if a.status == "moved" or (same_section and a.section_key != art.section_key):
                continue
            out.append(a)
            if len(out) >= n:
                break
        return out

    def popular(self, world: SampleWorld, art: SampleArticle | None, n: int = 5) -> list[SampleArticle]:
        pool = self.before(world, art, 30) if art else world.articles(self.o.id)[:30]
        rng = rng_for(world.seed, self.o.id, "popular", art.num if art else world.version)
        return rng.sample(pool, min(n, len(pool)))

    def byline_names(self, art: SampleArticle, sep: str = "·") -> str:
        """"김철수·이영희 기자" / "박시현 편집차장" as the page shows it."""
        if len(art.authors) > 1:
            return sep.join(r.name for r in art.authors) + " 기자"
        r = art.authors[0]
        return f"{r.name} {r.title}"

    def trailer_paragraphs(self, art: SampleArticle) -> list[str]:
        """Lines that sit inside many real bodies but are not article text (e-mail, wire copyright)."""
        r = art.authors[0]
        if art.wire:
            return [r.email, f"&lt;저작권자(c) {WIRE_NAME}, 무단 전재-재배포 금지&gt;"]
        return [f"{esc(r.name)} {esc(r.title)} {esc(r.email)}"]

    def popular_box(self, world: SampleWorld, art: SampleArticle | None, item: Any, title: str = "많이 본 뉴스") -> str:
        rows = []
        for i, a in enumerate(self.popular(world, art), 1):
            rows.append(
                f'<li><em class="number">{i}</em><a href="{esc(a.path)}"><strong>{esc(a.title)}</strong>'
                f'<p class="summary">{esc(summary(a, 150))}</p></a></li>'
            )
        return f'<div class="{item}"><h3 class="box-title">{title}</h3><ol>{"".join(rows)}</ol></div>'

    def comments_box(self) -> str:
        return (
            '<div class="comment-box"><h4>댓글 0</h4><p class="login-msg">댓글을 작성하려면 로그인해 주세요</p>'
            '<form class="comment-form"><textarea placeholder="주제와 무관한 댓글, 악플은 삭제될 수 있습니다."></textarea>'
            '<button type="button">등록</button></form><p class="confirm">삭제한 댓글은 다시 복구할 수 없습니다. '
            "그래도 삭제하시겠습니까?</p></div>"
        )

    def share_row(self) -> str:
        return (
            '<div class="share-btns"><a class="facebook" href="#">페이스북</a><a class="twitter" href="#">트위터</a>'
            '<a class="kakao" href="#">카카오톡</a><a class="band" href="#">밴드</a><a class="url-copy" href="#">URL복사</a>'
            '<button type="button" class="print">기사프린트</button><button type="button">글씨키우기</button></div>'
        )


def _bisect(arts: list[SampleArticle], num: int) -> int:
    lo, hi = 0, len(arts)
    while lo < hi:
        mid = (lo + hi) // 2
        if arts[mid].num < num:
            lo = mid + 1
        else:
            hi = mid
    return lo


def paging(total: int, page: int) -> tuple[int, int]:
    """(number of pages, index of the first item on page)."""
    pages = max(1, -(-total // LIST_SIZE))
    return pages, (page - 1) * LIST_SIZE


def section_page(
    sections: dict, arts: list[SampleArticle], code: str | None, query: dict[str, str], label: str
) -> tuple[str, list[SampleArticle], int, int] | None:
    """One page of a section list (``code`` None = every section): (label, shown, page, pages),
    or None for an unknown section or a page past the end (the site answers 404)."""
    if code is not None:
        keys = [k for k, (c, _) in sections.items() if c == code]
        if not keys:
            return None
        arts = [a for a in arts if a.section_key == keys[0]]
        label = sections[keys[0]][1]
    page = int_arg(query, "page")
    pages, first = paging(len(arts), page)
    if page > pages:
        return None
    return label, arts[first:first + LIST_SIZE], page, pages


def int_arg(query: dict[str, str], name: str, default: int = 1) -> int:
    try:
        return max(1, int(query.get(name, default)))
    except ValueError:
        return default
