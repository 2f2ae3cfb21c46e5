"""Small synthetic article pages per CMS family, written from research/kr-news-cms.md.

Each builder returns ``(html, truth)``; the markup follows the selectors and chrome documented for
the family (nothing copied from real pages). Page chrome (menus, popular-news lists, footers,
share rows, captions) is included so the tests check that it stays out of the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PARAS = [
    "포항시가 미래 신산업 육성에 박차를 가하고 있는 가운데 세계적 벤처밸리가 있는 샌프란시스코를 찾아 시정 접목방안을 벤치마킹했다.",
    "방문단은 이날 스탠포드대를 방문해 연구원 출신 교수를 초청해 졸업생들의 정착사업에 대한 소개를 받았다.",
    "이어 방문단은 글로벌 기업 투어에 참여했으며 체험형 과학박물관을 찾아 포항과학관과의 접목방안을 고민했다.",
    "시 관계자는 \u201c사람과 기술이 함께 조화를 이루는 융복합 시대에 걸맞는 공직자의 변화가 가장 중요하다\u201d고 말했다.",
]


@dataclass
class Truth:
    url: str
    title: str
    authors: list[str]
    published: str
    body: str
    modified: str | None = None
    subtitle: str | None = None
    cms: str = "generic"
    not_in_body: list[str] = field(default_factory=list)


CHROME_TOP = """<div id="gnb"><ul><li><a href="/">홈</a></li><li><a href="/news/list">전체기사</a></li>
<li><a href="/s1">정치</a></li><li><a href="/s2">경제</a></li><li><a href="/s3">사회</a></li></ul></div>"""
POPULAR = """<div class="popular"><h4>많이 본 뉴스</h4><ul>
<li><a href="/a/1">경북도, 2025년 예산안 역대 최대 규모로 편성해 도의회에 제출했다</a></li>
<li><a href="/a/2">대구 수성구 아파트값 3주 연속 하락세를 이어가며 매수심리 위축</a></li>
<li><a href="/a/3">안동 하회마을 관광객 지난해보다 두 배 늘어 지역경제 활기</a></li></ul></div>"""
FOOTER = """<div id="footer"><p>상호: 경북일일신문 / 사업자등록번호 123-45-67890 / 발행인 홍길동</p>
<p>Copyright © 2024 경북일일신문. All rights reserved.</p></div>"""


def ndsoft_2019() -> tuple[str, Truth]:
    url = "https://www.gbdaily.example/news/articleView.html?idxno=864123"
    body = "".join(f"<p>{p}</p>" for p in PARAS[:2])
    body += ('<figure class="photo-layout image"><img src="/news/photo/202401/864123_1_1.jpg">'
             "<figcaption>포항시 방문단이 실리콘밸리를 찾았다. /사진=포항시 제공</figcaption></figure>")
    body += "".join(f"<p>{p}</p>" for p in PARAS[2:])
    body += "<p>박시현 기자 psh@gbdaily.example</p>"
    html = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>포항시, 실리콘밸리 방문해 신산업 혁신역량 강화 - 경북일일신문</title>
<meta property="og:title" content="포항시, 실리콘밸리 방문해 신산업 혁신역량 강화 - 경북일일신문">
<meta property="og:url" content="{url}"><meta property="og:type" content="article">
<meta property="article:published_time" content="2024-01-16T17:19:05+09:00">
<meta property="article:section" content="S1N4"><meta property="dable:author" content="박시현 기자">
<link rel="alternate" type="application/rss+xml" href="/rss/allArticle.xml">
<link rel="stylesheet" href="/css/ndsoft-fonts.css?ver=11"></head><body>
{CHROME_TOP}
<header class="article-view-header"><div class="article-head-section">경제</div>
<h3 class="heading">포항시, 실리콘밸리 방문해 신산업 혁신역량 강화</h3>
<h4 class="subheading">미래 포항의 창의·융합·혁신을 책임질 실무담당자 참여</h4>
<ul class="infomation"><li><i class="icon-user-o"></i> 박시현 기자</li>
<li><i class="icon-clock-o"></i> 입력 2024.01.16 17:19</li><li><i class="icon-clock-o"></i> 수정 2024.01.17 09:02</li></ul>
<div class="tts"><button>기사를 읽어드립니다</button></div><div class="share">이 기사를 공유합니다</div></header>
<article id="article-view-content-div" class="article-veiw-body view-page font-size17" itemprop="articleBody">
{body}</article>
<article class="copyright"><p>저작권자 © 경북일일신문 무단전재 및 재배포 금지</p></article>
{POPULAR}{FOOTER}</body></html>"""
    return html, Truth(url, "포항시, 실리콘밸리 방문해 신산업 혁신역량 강화", ["박시현"], "2024-01-16T17:19:00+09:00",
                       "\n\n".join(PARAS), modified="2024-01-17T09:02:00+09:00",
                       subtitle="미래 포항의 창의·융합·혁신을 책임질 실무담당자 참여", cms="ndsoft",
                       not_in_body=["사진=", "저작권자", "기사를 읽어드립니다", "많이 본 뉴스", "psh@"])


def ndsoft_2017() -> tuple[str, Truth]:
    url = "http://www.sportsdaily.example/news/articleView.html?idxno=140999"
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta property="og:title" content="경주시민축구단, 창단 첫 리그 우승"><meta property="og:url" content="{url}">
<meta property="article:published_time" content="2017-08-30T07:52:39+09:00"></head><body>
{CHROME_TOP}<header class="article-header-wrap"><div class="article-head-title">경주시민축구단, 창단 첫 리그 우승</div></header>
<section class="article-head-info"><div class="info-text"><ul>
<li><i class="fa fa-user-o fa-fw"></i> 김정희·이영수 기자</li><li><i class="fa fa-clock-o fa-fw"></i> 승인 2017.08.30 07:53</li>
<li><i class="fa fa-commenting-o fa-fw"></i> 댓글 0</li></ul></div></section>
<div id="article-view-content-div" itemprop="articleBody">
<div style="text-align:center"><figure class="photo-layout"><img src="/p.jpg"><figcaption>우승 세리머니. /사진=연합뉴스</figcaption></figure></div>
<p>[스포츠데일리 김정희] {PARAS[0]}</p><p>{PARAS[1]}</p>
<div style="float:left"><ins class="adsbyadop"></ins></div><p>{PARAS[2]}</p></div>
<div class="view-copyright"><br>김정희 기자 jhee@sportsdaily.example<br>저작권자 © 스포츠데일리 무단전재 및 재배포 금지</div>
<div class="view-editors"><img src="/u.png" alt="김정희 기자"></div>{POPULAR}{FOOTER}</body></html>"""
    body = "\n\n".join([f"[스포츠데일리 김정희] {PARAS[0]}", PARAS[1], PARAS[2]])
    return html, Truth(url, "경주시민축구단, 창단 첫 리그 우승", ["김정희", "이영수"], "2017-08-30T07:53:00+09:00", body,
                       cms="ndsoft", not_in_body=["사진=", "저작권자", "jhee@"])


def idx_view_old() -> tuple[str, Truth]:
    url = "http://www.dgdaily.example/news/view.php?idx=44473"
    body_lines = "<br>\n".join(PARAS)
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>대구일일신문</title></head><body>
<div class="top">즐겨찾기+ 최종편집:2019-08-21 오후 09:17:04 <a href="/member/join.php">회원가입</a><a href="/news/write.php">기사쓰기</a>
<a href="/news/list.php?board_data=c3RhcnRQYWdlPTA=%7C%7C">전체기사보기</a></div>
<div class="location">뉴스 &gt; 포항</div>
<table><tr><td class="view_title">포항시, 4차 산업혁명 시대 플랫폼시티 포항 본격 추진</td></tr>
<tr><td class="view_byline">강동진 기자 / 입력 : 2019년 08월 13일(화) 21:09</td></tr>
<tr><td><div id="viewContent">{body_lines}<br><br>강동진 기자</div></td></tr></table>
<p>- Copyrights ⓒ대구일일신문. 무단 전재 및 재배포 금지 -</p>
<div>트위터페이스북밴드카카오스토리네이버블로그</div><a href="javascript:history.back()">이전 페이지로</a>
<div class="rank"><h4>실시간 많이본 뉴스</h4><ol><li><a href="/news/view.php?idx=44470">대구도시철도, 어린이·청소년 요금 무료화 추진</a></li>
<li><a href="/news/view.php?idx=44471">청와대 앞 기자회견 열려 시민단체 요구사항 전달</a></li></ol></div>
<div class="foot">상호: 대구일일신문 / 사업자등록번호 504-81-00000 주메뉴 바로가기 본문 바로가기</div></body></html>"""
    return html, Truth(url, "포항시, 4차 산업혁명 시대 플랫폼시티 포항 본격 추진", ["강동진"], "2019-08-13T21:09:00+09:00",
                       "\n\n".join(PARAS), cms="idx_view", not_in_body=["Copyrights", "많이본", "최종편집"])


def idx_view_new() -> tuple[str, Truth]:
    url = "https://www.adnews.example/news/view.php?idx=120045"
    html = f"""<!doctype html><html lang="ko"><head><meta charset="utf-8">
<meta property="og:title" content="포항시, 美 실리콘 밸리 방문해 신산업 혁신역량 강화나섰다!">
<meta property="og:url" content="{url}"></head><body><div class="logo">회사로고</div>
<div class="util">Top 기사 메일전송</div>
<div class="viewTitle"><h3>포항시, 美 실리콘 밸리 방문해 신산업 혁신역량 강화나섰다!</h3>
<ul><li class="name">박시현 편집차장</li><li class="date">등록 2024-01-16 17:19:34</li></ul>
<a href="/news/modify.php?idx=120045">기사수정</a></div>
<div class="viewSubTitle"><ul><li>- 미래 포항의 신산업부서 실무담당자 참여</li></ul></div>
<div id="viewContent"><p>{PARAS[0]}</p>
<table class="photo"><tr><td><img src="/data/photo/1.jpg"></td></tr><tr><td>포항시, 美 실리콘 밸리 방문, 포항시 제공</td></tr></table>
<p>&nbsp;</p><p>{PARAS[1]}</p><p>&nbsp;</p><p>{PARAS[2]}</p><p>{PARAS[3]}</p></div>
<div class="comment">회원로그인 댓글을 삭제하시겠습니까?</div><div class="support">후원안내</div>
<div class="more"><h4>포토·영상더보기</h4></div><div>이전 기사 보기 다음 기사 보기</div>
<div class="popular"><h4>많이 본 뉴스더보기</h4><ul><li><a href="/news/view.php?idx=1">안동시, 청년 창업 지원 사업 참가자 모집 시작했다</a></li></ul></div>
<div>모바일 버전 바로가기</div></body></html>"""
    return html, Truth(url, "포항시, 美 실리콘 밸리 방문해 신산업 혁신역량 강화나섰다!", ["박시현"], "2024-01-16T17:19:34+09:00",
                       "\n\n".join(PARAS), cms="idx_view", not_in_body=["포항시 제공", "회원로그인", "많이 본"])


def article_no() -> tuple[str, Truth]:
    url = "http://www.skdaily.example/news/article.html?no=55012"
    html = f"""<html><head><meta charset="utf-8"><meta property="og:title" content="경북도, 청년 일자리 1만개 만든다 - 신경북일일">
<meta property="og:url" content="{url}"></head><body>{CHROME_TOP}
<a href="/news/section_list_all.html?sec_no=12">경제</a>
<div class="art_top"><h2>경북도, 청년 일자리 1만개 만든다</h2><h3>5년간 2천억원 투입</h3>
<ul class="art_info"><li class="name"><a href="/news/article_list_writer.html?name=%EC%84%9C%EC%83%81%EA%B6%8C">서상권 기자</a></li>
<li class="date">승인 2023.03.16 11:46</li></ul></div>
<div id="news_body_area"><p>신경북일일 서상권 기자 | {PARAS[0]}</p><p>{PARAS[1]}</p><p>{PARAS[2]}</p>
<p>&lt;저작권자 © 신경북일일, 무단전재 및 재배포 금지&gt;</p></div>
<div class="relation"><h4>관련기사</h4><ul><li><a href="/news/article.html?no=55001">경북도 청년정책 발표</a></li></ul></div>
{POPULAR}{FOOTER}</body></html>"""
    return html, Truth(url, "경북도, 청년 일자리 1만개 만든다", ["서상권"], "2023-03-16T11:46:00+09:00",
                       "\n\n".join(PARAS[:3]), cms="article_no", not_in_body=["저작권자", "서상권 기자 |", "관련기사"])


def page_view() -> tuple[str, Truth]:
    url = "https://news.dgmaeil.example/page/view/2023031611461773862"
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:url" content="{url}"><meta property="og:title" content="대구 도심 군부대 이전 본격화 - 대구매일">
<meta property="article:published_time" content="2023-03-16T11:46:17+09:00"></head><body>{CHROME_TOP}
<div class="article_head"><h1 class="title">대구 도심 군부대 이전 본격화</h1>
<div class="article_info"><span class="name">김영호 기자</span><span class="date">입력 2023-03-16 11:46:17</span>
<span class="date">수정 2023-03-16 15:30:00</span></div></div>
<div id="articlebody"><figure><img src="/photo/1.jpg"><figcaption>대구 도심 군부대 전경. 매일신문DB</figcaption></figure>
<p>{PARAS[0]}</p><div class="art_mid_ad">광고</div><p>{PARAS[1]}</p><p>{PARAS[3]}</p></div>
{POPULAR}{FOOTER}</body></html>"""
    return html, Truth(url, "대구 도심 군부대 이전 본격화", ["김영호"], "2023-03-16T11:46:17+09:00",
                       "\n\n".join([PARAS[0], PARAS[1], PARAS[3]]), modified="2023-03-16T15:30:00+09:00",
                       cms="page_view", not_in_body=["매일신문DB", "광고"])


def table_layout() -> tuple[str, Truth]:
    """An old table-layout site of no known family: <title> is only the site name, body is <br> text,
    a long comment thread and a footer with a registration date (등록일) surround the article."""
    comments = "".join(f'<li class="cmt"><span>독자{i}</span><p>정말 좋은 기사네요. 포항시가 앞으로도 이런 노력을 계속해서 '
                       f"시민들에게 도움이 되는 정책을 많이 만들어 주었으면 좋겠습니다 {i}</p></li>" for i in range(12))
    url = "http://www.gbnews.example/news/read.php?no=123"
    html = f"""<html><head><meta charset="euc-kr"><title>경북뉴스</title></head><body>
<table width=900><tr><td width=700><table><tr><td class="tit"><b>포항시, 실리콘밸리 방문해 혁신역량 강화</b></td></tr>
<tr><td>홍길동 기자 | 등록일 2024-01-16 17:19</td></tr>
<tr><td class="txt">{'<br><br>'.join(PARAS[:3])}<br><br>홍길동 기자 hong@gbnews.example</td></tr></table>
<div class="comment_area"><h4>독자 의견</h4><ul>{comments}</ul></div></td>
<td width=200><div class="side">오늘의 날씨 맑음</div></td></tr></table>
<div class="foot">경북뉴스 | 주소: 경북 포항시 남구 | 등록번호 경북 아00123 | 등록일 2010.01.05 | 발행인 김아무개 |
이 신문의 모든 콘텐츠는 저작권법의 보호를 받습니다</div></body></html>"""
    return html, Truth(url, "포항시, 실리콘밸리 방문해 혁신역량 강화", ["홍길동"], "2024-01-16T17:19:00+09:00",
                       "\n\n".join(PARAS[:3]), cms="generic", not_in_body=["독자", "hong@", "등록번호"])


def homepage() -> str:
    items = "".join(f'<li><a href="/news/articleView.html?idxno={i}">경북 지역 소식 {i}번째 기사 제목이 여기에 길게 들어갑니다</a>'
                    f"<span>2024.01.{i % 28 + 1:02d}</span></li>" for i in range(40))
    return f"""<html><head><meta charset="utf-8"><title>경북일일신문</title><meta property="og:type" content="website">
</head><body>{CHROME_TOP}<div class="headline"><ul>{items}</ul></div>{FOOTER}</body></html>"""


BUILDERS = {
    "ndsoft-2019": ndsoft_2019, "ndsoft-2017": ndsoft_2017, "idx_view-old": idx_view_old,
    "idx_view-new": idx_view_new, "article_no": article_no, "page_view": page_view,
    "generic-table": table_layout,
}
