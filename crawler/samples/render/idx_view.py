"""The ``/news/view.php?idx=`` family (F2) in its old table skin, served as CP949 bytes.

Site header ``즐겨찾기+ 최종편집:YYYY-MM-DD 오후 HH:MM:SS`` (a site-wide timestamp, not the article
date), article byline ``OOO 기자 / 입력 : YYYY년 MM월 DD일(요일) HH:MM``, city sections via
``/default/index_sub.php?part_idx=``, lists via ``/news/list.php?board_data=<base64>%7C%7C``, no feed.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from crawler.samples.render.base import LIST_SIZE, Family, Page, esc, paging
from crawler.samples.text import ampm_ko, shorten, weekday_ko
from crawler.samples.vocab import CITIES, CITY_BY_KEY

if TYPE_CHECKING:
    from crawler.samples.world import SampleArticle, SampleWorld

IDX_BASE = 30000
PART_IDX = {c.key: 362 + i for i, c in enumerate(CITIES)}
CITY_BY_PART = {v: k for k, v in PART_IDX.items()}


def ko_date(dt: datetime) -> str:
    return f"{dt:%Y}년 {dt:%m}월 {dt:%d}일({weekday_ko(dt.weekday())}) {dt:%H:%M}"


def board_data(offset: int, part: int | str = "") -> str:
    raw = f"startPage={offset}&listTable=&title_type=&search_ok=&search_type=&search_word=&part_idx={part}"
    return base64.b64encode(raw.encode()).decode() + "%7C%7C"


def parse_board_data(value: str) -> dict[str, str]:
    value = value.replace(" ", "+").removesuffix("||")
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4)).decode()
    except ValueError:
        return {}
    return dict(parse_qsl(raw, keep_blank_values=True))


class IdxView(Family):
    cms = "idx_view"

    def article_path(self, art: SampleArticle, moved_at: datetime | None = None) -> str:
        return f"/news/view.php?idx={IDX_BASE + art.num}"

    def image_path(self, art: SampleArticle, k: int) -> str:
        return f"/news/photo/first/{art.published:%Y%m}/img_{IDX_BASE + art.num}_{k}.jpg"

    def normalize(self, path: str, query: dict[str, str]) -> str | None:
        if path == "/news/view.php" and query.get("idx", "").isdigit():
            return f"/news/view.php?idx={int(query['idx'])}"
        return None

    def section_of(self, art: SampleArticle) -> tuple[str, str]:
        return str(PART_IDX[art.city]), CITY_BY_KEY[art.city].name

    def robots_disallow(self) -> list[str]:
        return [*super().robots_disallow(), "/bbs/", "/news/search.php"]

    def registry_lists(self) -> list[str]:
        return [f"/default/index_sub.php?part_idx={p}" for p in PART_IDX.values()]

    def resolve(self, world: SampleWorld, path: str, query: dict[str, str], base: str) -> Page | None:
        arts = world.articles(self.o.id)
        if path in ("/", "/default/", "/default/index.php"):
            return Page("home", self.frame(world, "", self.rows(arts[:20], big=True)), content_type="text/html",
                        last_modified=world.last_change[self.o.id])
        if path == "/default/index_sub.php":
            part = query.get("part_idx", "")
            if not part.isdigit() or int(part) not in CITY_BY_PART:
                return None
            return self.listing(world, [a for a in arts if a.city == CITY_BY_PART[int(part)]], 0, int(part))
        if path == "/news/list.php" and "board_data" in query:
            bd = parse_board_data(query["board_data"])
            part = bd.get("part_idx", "")
            if part and (not part.isdigit() or int(part) not in CITY_BY_PART):
                return None
            sel = [a for a in arts if a.city == CITY_BY_PART[int(part)]] if part else arts
            off = bd.get("startPage", "0")
            return self.listing(world, sel, int(off) if off.isdigit() else 0, int(part) if part else "")
        return None

    def listing(self, world: SampleWorld, arts: list[SampleArticle], offset: int, part: int | str) -> Page | None:
        page = offset // LIST_SIZE + 1
        pages, first = paging(len(arts), page)
        if page > pages:
            return None
        shown = arts[first:first + LIST_SIZE]
        nav = " ".join(
            f"<b>[{p}]</b>" if p == page else f'<a href="/news/list.php?board_data={board_data((p - 1) * LIST_SIZE, part)}">[{p}]</a>'
            for p in range(1, pages + 1)
        )
        if page < pages:
            nav += f' <a href="/news/list.php?board_data={board_data(page * LIST_SIZE, part)}">[다음]</a>'
        label = CITY_BY_KEY[CITY_BY_PART[part]].name if part else "전체기사"
        html = self.frame(world, f"뉴스 &gt; {label}", self.rows(shown) + f'<tr><td class="paging" align="center">{nav}</td></tr>')
        last = max((a.modified or a.published for a in shown), default=world.now)
        return Page("list", html, content_type="text/html", last_modified=last)

    def rows(self, arts: list[SampleArticle], big: bool = False) -> str:
        out = []
        for a in arts:
            r = a.authors[0]
            out.append(
                f'<tr><td class="list_title"><a href="{a.path}">{esc(a.title)}</a></td></tr>'
                f'<tr><td class="list_text">{esc(shorten(a.paragraphs[0], 90, ".."))}</td></tr>'
                f'<tr><td class="list_byline">{esc(r.name)} {esc(r.title)} : {a.published:%Y}년 {a.published:%m}월 {a.published:%d}일</td></tr>'
            )
        return "".join(out)

    def frame(self, world: SampleWorld, location: str, main: str, title: str = "", side_for: SampleArticle | None = None) -> str:
        last = world.last_change[self.o.id]
        h12 = last.hour % 12 or 12
        menu = "".join(f'<td><a href="/default/index_sub.php?part_idx={PART_IDX[c.key]}">{c.name}</a></td>' for c in CITIES)
        side_arts = self.before(world, side_for, 10) if side_for else world.articles(self.o.id)[:10]
        pop = "".join(f'<tr><td class="side_title"><a href="{a.path}">{esc(shorten(a.title, 16))}</a></td></tr>' for a in side_arts)
        latest = "".join(f'<tr><td><a href="{a.path}">{esc(shorten(a.title, 17))}</a></td></tr>' for a in side_arts[::-1])
        return (
            '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">\n'
            f"<title>{esc(title or self.o.name)}</title>\n<link href=\"/css/style.css\" rel=\"stylesheet\" type=\"text/css\">\n</head>\n"
            '<body leftmargin="0" topmargin="0">\n<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center">\n'
            f'<tr><td class="top_util"><a href="#">즐겨찾기+</a> 최종편집:{last:%Y-%m-%d} {ampm_ko(last.hour)} {h12:02d}:{last:%M:%S} '
            f'<a href="/member/join.php">회원가입</a><a href="/news/write.php">기사쓰기</a>'
            f'<a href="/news/list.php?board_data={board_data(0)}">전체기사보기</a></td></tr>\n'
            f'<tr><td><table class="menu"><tr><td><a href="/news/list.php?board_data={board_data(0)}">전체기사</a></td>{menu}'
            '<td><a href="/bbs/board.php?bo_table=notice">공지사항</a></td><td><a href="/bbs/board.php?bo_table=free">자유게시판</a></td></tr></table></td></tr>\n'
            '<tr><td><table width="100%"><tr><td valign="top" width="700">\n'
            f'<table width="100%" class="main"><tr><td class="location">{location}</td></tr>\n{main}</table>\n'
            '</td><td valign="top" width="300">\n'
            f'<table class="side"><tr><td class="side_head">실시간 많이본 뉴스</td></tr>{pop}</table>\n'
            f'<table class="side"><tr><td class="side_head">최신뉴스</td></tr>{latest}</table>\n'
            '<table class="ad"><tr><td>[광고] 태국식당 똠얌 — 정통 똠양꿍 전문</td></tr></table>\n'
            '</td></tr></table></td></tr>\n'
            '<tr><td class="footer">회사소개 인사말 윤리강령 광고문의 제휴문의 개인정보취급방침 청소년보호정책<br>\n'
            f'상호: {esc(self.o.name)} / 사업자등록번호: 000-00-00000 / 주소: 대구 동구 동대구로 1 / 발행인.편집인: 홍길동<br>\n'
            f'mail: webmaster@{self.o.domain} / Tel: 053-000-0000</td></tr>\n</table>\n'
            '<a href="#menu">주메뉴 바로가기</a> <a href="#content">본문 바로가기</a>\n</body>\n</html>\n'
        )

    def render_article(self, world: SampleWorld, art: SampleArticle, base: str, *, meta_charset: str | None = None) -> str:
        r = art.authors[0]
        names = self.byline_names(art, " ")
        mod = f" / 수정 : {ko_date(art.modified)}" if art.modified else ""
        paras = [f"<p>{esc(p)}</p>" for p in art.paragraphs]
        for k, img in enumerate(art.images):
            paras.insert(1 + 2 * k, f'<table class="photo" align="center"><tr><td><img src="{img["url"]}" width="500"></td></tr>'
                                    f'<tr><td class="caption">{esc(img["caption"])}</td></tr></table>')
        trailer = (f"<p>{esc(r.name)} 기자</p>" if not art.wire else f"<p>{esc(r.email)}</p>")
        trailer += f"<p>- Copyrights ⓒ{esc(self.o.name)}. 무단 전재 및 재배포 금지 -</p>"
        sub = f'<tr><td class="view_subtitle">{esc(art.subtitle)}</td></tr>\n' if art.subtitle else ""
        main = (
            f'<tr><td class="view_title">{esc(art.title)}</td></tr>\n{sub}'
            f'<tr><td class="view_byline">{esc(names)} / 입력 : {ko_date(art.published)}{mod}</td></tr>\n'
            f'<tr><td><div id="viewContent">{"".join(paras)}{trailer}</div></td></tr>\n'
            '<tr><td class="sns">트위터페이스북밴드카카오스토리네이버블로그</td></tr>\n'
            '<tr><td><a href="javascript:history.back()">이전 페이지로</a></td></tr>\n'
        )
        return self.frame(world, f"뉴스 &gt; {self.section_of(art)[1]}", main, f"{art.title} - {self.o.name}", art)
