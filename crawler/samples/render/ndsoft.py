"""NDSoft "뉴스 통합관리 시스템": the 2019+ template (``h3.heading`` or ``h1.heading`` skins) and the
2017-18 "Foundation" template, with ``articleView.html?idxno=``, ``articleList.html`` paging and
``/rss/*.xml`` feeds, as described in research/kr-news-cms.md (F1).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from crawler.samples.render import feeds
from crawler.samples.render.base import LIST_SIZE, Family, Page, esc, int_arg, paging, summary

if TYPE_CHECKING:
    from crawler.samples.world import SampleArticle, SampleWorld

# each NDSoft outlet has its own id range, as real sites of different ages do; none reaches "99..."
IDX_BASE = {"ndsoft2019": 10000, "ndsoft2017": 140000, "ndsoft2019h1": 52000}
DISALLOWED_BASE = 9_900_000


def _d(dt: datetime) -> str:
    return f"{dt:%Y.%m.%d %H:%M}"


class Ndsoft(Family):
    cms = "ndsoft"

    @property
    def v2017(self) -> bool:
        return self.o.skin == "ndsoft2017"

    def idxno(self, art: SampleArticle) -> int:
        return IDX_BASE.get(self.o.skin, 10000) + art.num

    def article_path(self, art: SampleArticle, moved_at: datetime | None = None) -> str:
        return f"/news/articleView.html?idxno={self.idxno(art)}"

    def disallowed_path(self, art: SampleArticle) -> str:
        return f"/news/articleView.html?idxno={DISALLOWED_BASE + art.num}"

    def image_path(self, art: SampleArticle, k: int) -> str:
        return f"/news/photo/{art.published:%Y%m}/{self.idxno(art)}_{art.num * 3 + k}_{art.published:%H%M}.jpg"

    def normalize(self, path: str, query: dict[str, str]) -> str | None:
        if path.endswith("/articleView.html") and query.get("idxno", "").isdigit():
            return f"/news/articleView.html?idxno={int(query['idxno'])}"
        return None

    def robots_disallow(self) -> list[str]:
        return [*super().robots_disallow(), "/news/articleList.html?sc_area=", f"/news/articleView.html?idxno={str(DISALLOWED_BASE)[:2]}"]

    def feeds(self) -> list[str]:
        return ["/rss/allArticle.xml"] + [f"/rss/{code}.xml" for code, _ in self.o.sections.values()]

    def registry_lists(self) -> list[str]:
        out = ["/news/articleList.html?view_type=sm&page={page}"]
        out += [f"/news/articleList.html?sc_section_code={c}&view_type=sm&page={{page}}" for c, _ in self.o.sections.values()]
        return out

    # ------------------------------------------------------------------ routing
    def resolve(self, world: SampleWorld, path: str, query: dict[str, str], base: str) -> Page | None:
        if path in ("/", "/index.html"):
            return Page("home", self.home(world, base), last_modified=world.last_change[self.o.id])
        if path == "/news/articleList.html":
            return self.list_page(world, query.get("sc_section_code"), int_arg(query, "page"))
        if path.startswith("/rss/") and path.endswith(".xml"):
            name = path[5:-4]
            arts = world.articles(self.o.id)
            if name == "clickTop":
                arts = self.popular(world, None, 10)
            elif name != "allArticle":
                keys = [k for k, (c, _) in self.o.sections.items() if c == name]
                if not keys:
                    return None
                arts = [a for a in arts if a.section_key == keys[0]]
            return feeds.rss(world, self, arts[:30], base, path, broken=self.o.faults.broken_rss and name == "allArticle")
        return None

    # ------------------------------------------------------------------ chrome
    def head(self, title: str, base: str, extra: str = "", charset: str = "utf-8") -> str:
        css = ('<link rel="stylesheet" href="/css/ndsoft-fonts.css?ver=11"><link rel="stylesheet" href="/menuskin/style.css">'
               if self.v2017 else '<link rel="stylesheet" href="/css/common.css?v=2019"><link rel="stylesheet" href="/css/article.css">')
        return (
            f'<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="{charset}">\n<title>{esc(title)}</title>\n'
            '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f'<link rel="alternate" type="application/rss+xml" title="{esc(self.o.name)} 전체기사" href="{base}/rss/allArticle.xml">\n'
            f"{css}\n{extra}</head>\n"
        )

    def header(self, world: SampleWorld, ticker: list[SampleArticle]) -> str:
        nav = "".join(
            f'<li><a href="/news/articleList.html?sc_section_code={c}&amp;view_type=sm">{esc(n)}</a></li>'
            for c, n in self.o.sections.values()
        )
        tick = "".join(f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>' for a in ticker[:3])
        return (
            '<div id="skip-navigation"><a href="#user-container">본문 바로가기</a></div>\n'
            f'<header id="user-header"><div class="header-top"><a href="/" class="logo">{esc(self.o.name)}</a>'
            '<ul class="util"><li><a href="/member/login.html">로그인</a></li><li><a href="/member/join.html">회원가입</a></li>'
            f'</ul></div><nav id="user-menu"><ul class="menu">{nav}'
            '<li><a href="/news/articleList.html?view_type=sm">전체기사</a></li></ul></nav>'
            f'<div class="breaking-news"><strong>속보</strong><ul>{tick}</ul></div></header>\n'
        )

    def footer(self) -> str:
        return (
            f'<footer id="user-footer"><ul class="links"><li><a href="/com/company.html">회사소개</a></li>'
            '<li><a href="/member/privacy.html">개인정보취급방침</a></li><li><a href="/com/youth.html">청소년보호정책</a></li>'
            f'</ul><address>{esc(self.o.name)} · 경상북도 포항시 북구 중앙로 1 · 대표전화 054-000-0000 · '
            f'등록번호 경북 아 00000 · 발행·편집인 홍길동</address><p class="copy">Copyright © {esc(self.o.name)}. '
            "All rights reserved. mail to webmaster</p></footer>\n"
        )

    # ------------------------------------------------------------------ pages
    def home(self, world: SampleWorld, base: str) -> str:
        arts = world.articles(self.o.id)
        items = "".join(
            f'<li><a href="{esc(a.path)}"><strong class="auto-titles">{esc(a.title)}</strong>'
            f'<p class="auto-sums">{esc(summary(a, 80))}</p></a></li>' for a in arts[:20]
        )
        return (
            self.head(self.o.name, base) + '<body>\n' + self.header(world, arts)
            + f'<div id="user-container"><section class="main-top"><ul class="auto-article">{items}</ul></section>'
            + self.popular_box(world, None, "item popular") + "</div>\n" + self.footer() + "</body></html>\n"
        )

    def list_page(self, world: SampleWorld, code: str | None, page: int) -> Page | None:
        arts = world.articles(self.o.id)
        label = "전체기사"
        if code:
            keys = [k for k, (c, _) in self.o.sections.items() if c == code]
            if not keys:
                return None
            arts = [a for a in arts if a.section_key == keys[0]]
            label = self.o.sections[keys[0]][1]
        pages, first = paging(len(arts), page)
        if page > pages:
            return None
        shown = arts[first:first + LIST_SIZE]
        rows = []
        for a in shown:
            sec = self.section_of(a)[1]
            rows.append(
                f'<li><div class="list-titles"><a href="{esc(a.path)}"><strong>{esc(a.title)}</strong></a></div>'
                f'<p class="list-summary"><a href="{esc(a.path)}">{esc(summary(a))}</a></p>'
                f'<div class="list-dated">{esc(sec)} | {esc(self.byline_names(a))} | {_d(a.published)}</div></li>'
            )
        sc = f"&amp;sc_section_code={code}" if code else ""
        cur = ' class="current"'
        nav = "".join(
            f'<li{cur if p == page else ""}><a href="/news/articleList.html?page={p}&amp;total={len(arts)}'
            f'&amp;box_idxno={sc}&amp;view_type=sm">{p}</a></li>' for p in range(1, pages + 1)
        )
        if page < pages:
            nav += f'<li class="pagination-next"><a href="/news/articleList.html?page={page + 1}&amp;total={len(arts)}{sc}&amp;view_type=sm">다음</a></li>'
        body = (
            self.head(f"{label} - {self.o.name}", "") + "<body>\n" + self.header(world, world.articles(self.o.id))
            + f'<div id="user-container"><h2 class="list-title">{esc(label)}</h2><section id="section-list">'
            + f'<ul class="type2">{"".join(rows)}</ul></section><div class="list-paging"><ul class="pagination">{nav}</ul></div>'
            + "</div>\n" + self.footer() + "</body></html>\n"
        )
        last = max((a.modified or a.published for a in shown), default=world.now)
        return Page("list", body, last_modified=last)

    def render_article(self, world: SampleWorld, art: SampleArticle, base: str, *, meta_charset: str | None = None) -> str:
        code, sec = self.section_of(art)
        url = base + art.path
        images = art.images
        og_img = f'<meta property="og:image" content="{base}{images[0]["url"]}">\n' if images else ""
        mod = f'<meta property="article:modified_time" content="{art.modified.isoformat()}">\n' if art.modified else ""
        extra = (
            f'<link rel="canonical" href="{url}">\n<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{esc(art.title)}">\n<meta property="og:url" content="{url}">\n'
            f'<meta property="og:description" content="{esc(summary(art, 100))}">\n{og_img}'
            f'<meta property="og:site_name" content="{esc(self.o.name)}">\n'
            f'<meta property="article:published_time" content="{art.published.isoformat()}">\n{mod}'
            f'<meta property="article:section" content="{code}">\n'
            f'<meta property="dable:item_id" content="{self.idxno(art)}">\n'
            f'<meta property="dable:author" content="{esc(art.authors[0].name)}">\n'
        )
        paras = [f"<p>{esc(p)}</p>" for p in art.paragraphs]
        for k, img in enumerate(images):
            paras.insert(1 + 2 * k, self.figure(img))
        paras += [f"<p>{t}</p>" for t in self.trailer_paragraphs(art)]
        related = "".join(f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>' for a in self.before(world, art, 4, same_section=True))
        return (
            self.head(f"{art.title} - {self.o.name}", base, extra, meta_charset or "utf-8") + "<body>\n"
            + self.header(world, self.before(world, art, 3))
            + '<div id="user-container"><div id="user-wrap"><section class="article-view">'
            + self.title_block(art, sec, code)
            + '<div class="tts-box"><button type="button">기사를 읽어드립니다</button><span>상태바</span></div>'
            + self.body_block(art, paras)
            + f'<div class="view-editors"><strong>{esc(self.byline_names(art))}</strong> <a href="/news/articleList.html?sc_area=I&amp;sc_word={esc(art.authors[0].name)}">다른기사 보기</a></div>'
            + self.copyright()
            + f'<section class="related"><h3>관련기사</h3><ul>{related}</ul></section>'
            + self.comments_box() + "</section>"
            + f'<aside id="user-aside">{self.popular_box(world, art, "auto-article popular", "많이 본 기사")}</aside>'
            + "</div></div>\n" + self.footer()
            + f'<script>var ___currentTime = "{world.now:%Y-%m-%d %H:%M:%S}";\n'
            "// 기사본문 부분 복사하기 저작권 표시\ndocument.oncopy = function(){};</script>\n</body></html>\n"
        )

    def title_block(self, art: SampleArticle, sec: str, code: str) -> str:
        names = self.byline_names(art)
        if self.v2017:
            mod = f'<li><i class="fa fa-clock-o"></i> 수정 {_d(art.modified)}</li>' if art.modified else ""
            sub = f'<div class="article-head-sub">{esc(art.subtitle)}</div>' if art.subtitle else ""
            return (
                f'<div class="article-head"><div class="article-head-section"><a href="/news/articleList.html?sc_section_code={code}">{esc(sec)}</a></div>'
                f'<div class="article-head-title">{esc(art.title)}</div>{sub}'
                f'<div class="info-text"><ul><li><i class="fa fa-user-o"></i> {esc(names)}</li>'
                f'<li><i class="fa fa-clock-o"></i> 승인 {_d(art.published)}</li>{mod}'
                '<li><i class="fa fa-comment-o"></i> 댓글 0</li></ul></div></div>' + self.share_row()
            )
        tag = "h1" if self.o.skin == "ndsoft2019h1" else "h3"
        mod = f'<li><i class="icon-clock-o"></i> 수정 {_d(art.modified)}</li>' if art.modified else ""
        sub = f'<h4 class="subheading">{esc(art.subtitle)}</h4>' if art.subtitle else ""
        return (
            f'<header class="article-view-header"><ul class="breadcrumbs"><li><a href="/">홈</a></li>'
            f'<li><a href="/news/articleList.html?sc_section_code={code}&amp;view_type=sm">{esc(sec)}</a></li></ul>'
            f'<{tag} class="heading">{esc(art.title)}</{tag}>{sub}'
            f'<ul class="infomation"><li><i class="icon-user-o"></i> {esc(names)}</li>'
            f'<li><i class="icon-clock-o"></i> 입력 {_d(art.published)}</li>{mod}'
            '<li><i class="icon-comment-o"></i> 댓글 0</li></ul>'
            '<div class="share"><span>이 기사를 공유합니다</span>' + self.share_row() + "</div></header>"
        )

    def body_block(self, art: SampleArticle, paras: list[str]) -> str:
        inner = "\n".join(paras)
        if self.v2017:
            return f'<div id="article-view-content-div" class="view-con">\n{inner}\n</div>'
        return (
            '<article id="article-view-content-div" class="article-veiw-body view-page font-size17" '
            f'itemprop="articleBody">\n{inner}\n</article>'
        )

    def figure(self, img: dict[str, str]) -> str:
        if self.v2017:
            return (f'<div class="IMGFLOATING" style="width:600px;margin:0 auto"><img src="{esc(img["url"])}" alt="">'
                    f'<div class="view-photo-caption">{esc(img["caption"])}</div></div>')
        return (f'<figure class="photo-layout image photo-layout-center"><img src="{esc(img["url"])}" '
                f'alt="{esc(img["caption"])}"><figcaption>{esc(img["caption"])}</figcaption></figure>')

    def copyright(self) -> str:
        text = f"저작권자 © {esc(self.o.name)} 무단전재 및 재배포 금지"
        if self.v2017:
            return f'<div class="view-copyright">{text}</div>'
        return f'<article class="copyright">{text}</article>'
