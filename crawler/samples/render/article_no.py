"""The ``/news/article.html?no=`` family (F3): in-text bylines (``신서라벌일보 OOO 기자 | …``),
``section_list_all.html?sec_no=&page=`` lists, writer lists, no feed. The chrome follows the
2024 Andong page in seeds/ (``기사 메일전송``, ``등록 YYYY-MM-DD HH:MM:SS``, ``기사수정``, long
"많이 본 뉴스" summaries, ``이전 기사 보기 다음 기사 보기``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from crawler.samples.render.base import LIST_SIZE, Family, Page, esc, int_arg, paging, summary

if TYPE_CHECKING:
    from crawler.samples.world import SampleArticle, SampleWorld

NO_BASE = 50000


def _d(dt: datetime) -> str:
    return f"{dt:%Y-%m-%d %H:%M:%S}"


class ArticleNo(Family):
    cms = "article_no"

    def article_path(self, art: SampleArticle, moved_at: datetime | None = None) -> str:
        return f"/news/article.html?no={NO_BASE + art.num}"

    def image_path(self, art: SampleArticle, k: int) -> str:
        return f"/data/news/{art.published:%Y%m}/{NO_BASE + art.num}_{k}.jpg"

    def normalize(self, path: str, query: dict[str, str]) -> str | None:
        if path == "/news/article.html" and query.get("no", "").isdigit():
            return f"/news/article.html?no={int(query['no'])}"
        return None

    def registry_lists(self) -> list[str]:
        return ["/news/article_list_all.html?page={page}"] + [
            f"/news/section_list_all.html?sec_no={c}&page={{page}}" for c, _ in self.o.sections.values()]

    def resolve(self, world: SampleWorld, path: str, query: dict[str, str], base: str) -> Page | None:
        arts = world.articles(self.o.id)
        page = int_arg(query, "page")
        if path in ("/", "/index.html"):
            return Page("home", self.frame(world, None, self.items(arts[:20]), self.o.name),
                        last_modified=world.last_change[self.o.id])
        if path == "/news/article_list_all.html":
            return self.listing(world, arts, page, path + "?", "전체기사")
        if path == "/news/section_list_all.html":
            keys = [k for k, (c, _) in self.o.sections.items() if c == query.get("sec_no")]
            if not keys:
                return None
            sel = [a for a in arts if a.section_key == keys[0]]
            return self.listing(world, sel, page, f"{path}?sec_no={query['sec_no']}&amp;", self.o.sections[keys[0]][1])
        if path == "/news/article_list_writer.html":
            name = query.get("name", "")
            sel = [a for a in arts if name in [r.name for r in a.authors]]
            return self.listing(world, sel, page, f"{path}?name={quote(name)}&amp;", f"{name} 기자") if sel else None
        return None

    def items(self, arts: list[SampleArticle]) -> str:
        return "".join(
            f'<li><a href="{a.path}"><strong class="title">{esc(a.title)}</strong></a>'
            f'<p class="lead">{esc(summary(a))}</p><span class="info">{esc(self.byline_names(a))} | {a.published:%Y-%m-%d}</span></li>'
            for a in arts
        )

    def listing(self, world: SampleWorld, arts: list[SampleArticle], page: int, prefix: str, label: str) -> Page | None:
        pages, first = paging(len(arts), page)
        if page > pages:
            return None
        shown = arts[first:first + LIST_SIZE]
        on = ' class="on"'
        nav = "".join(f'<a href="{prefix}page={p}"{on if p == page else ""}>{p}</a>' for p in range(1, pages + 1))
        main = f'<h2 class="list_title">{esc(label)}</h2><ul class="art_list_all">{self.items(shown)}</ul><div class="paging">{nav}</div>'
        last = max((a.modified or a.published for a in shown), default=world.now)
        return Page("list", self.frame(world, None, main, f"{label} - {self.o.name}"), last_modified=last)

    def frame(self, world: SampleWorld, art: SampleArticle | None, main: str, title: str, head_extra: str = "",
              charset: str = "utf-8") -> str:
        nav = "".join(f'<li><a href="/news/section_list_all.html?sec_no={c}">{esc(n)}</a></li>' for c, n in self.o.sections.values())
        latest = self.before(world, art, 6) if art else world.articles(self.o.id)[:6]
        late = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in latest)
        return (
            f'<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="{charset}">\n<title>{esc(title)}</title>\n{head_extra}'
            '<link rel="stylesheet" href="/css/style.css">\n</head>\n<body>\n'
            f'<div id="header"><h1 class="logo"><a href="/"><img src="/image/logo.gif" alt="회사로고">{esc(self.o.name)}</a></h1>'
            '<div class="top_menu"><a href="/member/login.html">회원로그인</a> <a href="/member/join.html">회원가입</a></div>'
            f'<ul id="gnb">{nav}<li><a href="/news/article_list_all.html">전체기사</a></li></ul></div>\n'
            f'<div id="container"><div id="content">{main}</div>\n<div id="aside">'
            f"{self.popular_box(world, art, 'most_viewed', '많이 본 뉴스더보기')}"
            f'<div class="latest"><h3>최신뉴스더보기</h3><ul>{late}</ul></div>'
            '<div class="photo_box"><h3>포토·영상더보기</h3></div><div class="banner">후원안내</div></div></div>\n'
            f'<div id="footer"><p>{esc(self.o.name)} | 경북 경주시 태종로 1 | 등록번호 경북 아00000 | 발행인 홍길동</p>'
            f'<p>Copyright © {esc(self.o.name)} All rights reserved.</p><a href="/m/">모바일 버전 바로가기</a></div>\n'
            '<a id="top" href="#">Top</a>\n</body>\n</html>\n'
        )

    def render_article(self, world: SampleWorld, art: SampleArticle, base: str, *, meta_charset: str | None = None) -> str:
        names = " · ".join(f"{r.name} {r.title}" for r in art.authors)
        mod = f"<li>수정 {_d(art.modified)}</li>" if art.modified else ""
        paras = [esc(p) for p in art.paragraphs]
        if not art.wire:
            paras[0] = f"{esc(self.o.name)} {esc(art.authors[0].name)} 기자 | " + paras[0]
        blocks = [f"<p>{p}</p>" for p in paras]
        for k, img in enumerate(art.images):
            blocks.insert(1 + 2 * k, f'<figure class="img_box"><img src="{img["url"]}" alt="">'
                                     f"<figcaption>{esc(img['caption'])}</figcaption></figure>")
        blocks += [f"<p>{t}</p>" for t in self.trailer_paragraphs(art)]
        sub = "".join(f"<li>- {esc(s)}</li>" for s in [art.subtitle] if s)
        prev_next = self.before(world, art, 1)
        prev = f'<a href="{prev_next[0].path}">이전 기사 보기</a>' if prev_next else "이전 기사 보기"
        main = (
            '<div class="view_top"><a href="#" class="mail">기사 메일전송</a></div>'
            f'<div class="article_head"><h2 class="art_title">{esc(art.title)}</h2>'
            f'<ul class="art_info"><li class="writer"><a href="/news/article_list_writer.html?name={quote(art.authors[0].name)}">{esc(names)}</a></li>'
            f"<li>등록 {_d(art.published)}</li>{mod}</ul>"
            f'<a href="#" class="edit">기사수정</a><ul class="art_sub">{sub}</ul></div>'
            f'<div id="news_body_area" class="smartOutput">\n' + "\n".join(blocks) + "\n</div>"
            f'<div class="like">0</div>{self.comments_box()}<div class="prev_next">{prev} 다음 기사 보기</div>'
        )
        meta = (f'<meta property="og:title" content="{esc(art.title)}">\n<meta property="og:url" content="{base}{art.path}">\n'
                f'<meta property="og:type" content="article">\n')
        return self.frame(world, art, main, f"{art.title} - {self.o.name}", meta, meta_charset or "utf-8")
