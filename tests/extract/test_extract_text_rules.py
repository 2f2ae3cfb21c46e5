"""Decoding, Korean dates and bylines: the small rules everything else stands on."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from archive.extract import decode_html
from archive.extract.boilerplate import is_boilerplate
from archive.extract.bylines import dateline_authors, parse_byline
from archive.extract.dates import find_labelled, parse_iso, parse_kr_datetime

KR_PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "kr-pages"
HANGUL = "포항시는 똠방각하 햏 뷁 4차 산업혁명 시대의 플랫폼시티를 추진한다."  # 똠/햏/뷁: CP949-only syllables


def _page(charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}</head><body><p>{HANGUL}</p></body></html>"


@pytest.mark.parametrize("declared", ["euc-kr", "utf-8", "iso-8859-1", "ks_c_5601-1987", None])
def test_cp949_bytes_decode_whatever_is_declared(declared):
    text, encoding = decode_html(_page(declared).encode("cp949"))
    assert HANGUL in text
    assert encoding == "cp949"


@pytest.mark.parametrize("declared", ["euc-kr", "utf-8", "iso-8859-1", None])
def test_utf8_bytes_win_over_a_lying_declaration(declared):
    text, encoding = decode_html(_page(declared).encode("utf-8"))
    assert HANGUL in text and encoding == "utf-8"


def test_http_charset_is_a_hint_the_bytes_can_overrule():
    data = _page(None).encode("cp949")
    assert HANGUL in decode_html(data, "text/html; charset=utf-8")[0]
    assert HANGUL in decode_html(_page(None).encode("utf-8"), "text/html; charset=euc-kr")[0]


def test_bom_and_truncated_multibyte_tail():
    assert decode_html(codecs.BOM_UTF8 + "한글".encode())[0] == "한글"
    assert decode_html("<p>한글".encode("utf-16-le").join([codecs.BOM_UTF16_LE, b""]))[0] == "<p>한글"
    truncated = _page("utf-8").encode("utf-8")[:-20] + "포".encode()[:2]
    text, encoding = decode_html(truncated)
    assert encoding == "utf-8" and "포항시는" in text


def test_euc_kr_is_read_as_cp949():
    text, encoding = decode_html(_page("euc-kr").encode("cp949"), "text/html; charset=EUC-KR")
    assert encoding == "cp949" and "똠방각하" in text


def test_kr_page_declaring_euc_kr_but_utf8():
    path = KR_PAGES / "21_moneys.mt.co.kr.html"
    if not path.exists():
        pytest.skip("shared kr-pages not present")
    text, encoding = decode_html(path.read_bytes())
    assert encoding == "utf-8" and "홈플러스" in text


@pytest.mark.parametrize(("text", "expected"), [
    ("입력 2024.01.16 17:19", [("published", "2024-01-16T17:19:00+09:00")]),
    ("등록 2024-01-16 17:19:34", [("published", "2024-01-16T17:19:34+09:00")]),
    ("강동진 기자 / 입력 : 2019년 08월 13일(화) 21:09", [("published", "2019-08-13T21:09:00+09:00")]),
    ("기사승인 2019. 09. 16. 11:12", [("published", "2019-09-16T11:12:00+09:00")]),
    ("승인 2017.08.30 07:53", [("published", "2017-08-30T07:53:00+09:00")]),
    ("입력 2024.01.16 오후 3:05 수정 2024.01.16 오전 12:10", [("published", "2024-01-16T15:05:00+09:00"),
                                                        ("modified", "2024-01-16T00:10:00+09:00")]),
    ("즐겨찾기+ 최종편집:2019-08-21 오후 09:17:04 회원가입", []),
    ("발행일 2024.01.16 17:19", [("published", "2024-01-16T17:19:00+09:00")]),
    ("[입력] 2024년 1월 16일 17시 19분", [("published", "2024-01-16T17:19:00+09:00")]),
    ("기사입력 2021-11-03 오후 3:12 | 최종수정 2021-11-03 오후 6:40", [("published", "2021-11-03T15:12:00+09:00"),
                                                                ("modified", "2021-11-03T18:40:00+09:00")]),
])
def test_labelled_dates(text, expected):
    assert [(kind, value) for kind, value, _ in find_labelled(text)] == expected


def test_machine_dates_convert_to_kst():
    assert parse_iso("2025-05-15T20:00:52.000+0900") == "2025-05-15T20:00:52+09:00"
    assert parse_iso("2024-01-01T00:00:00Z") == "2024-01-01T09:00:00+09:00"
    assert parse_iso("2019-01-07T16:47+09:00") == "2019-01-07T16:47:00+09:00"
    assert parse_iso("2019-01-07 16:47:00") == "2019-01-07T16:47:00+09:00"
    assert parse_iso("not a date") is None
    assert parse_kr_datetime("2019-13-45 99:99") is None


@pytest.mark.parametrize(("raw", "names"), [
    ("박시현 편집차장", ["박시현"]),
    ("홍길동·김철수 기자", ["홍길동", "김철수"]),
    ("김정희 기자 jhee@sporbiz.co.kr", ["김정희"]),
    ("순천, 광양 구현모 기자 ninek@hankookilbo.com", ["구현모"]),
    ("박준석 기자 외 1명", ["박준석"]),
    ("최한나 선임기자, 이민호 특파원", ["최한나", "이민호"]),
    ("세종=박경담 기자", ["박경담"]),
    ("안채원 인턴기자", ["안채원"]),
    ("디지털뉴스팀", ["디지털뉴스팀"]),
    ("https://www.facebook.com/somepaper", []),
    ("글·사진 홍길동 기자", ["홍길동"]),
    ("가 가 가 가 가", []),
    ("경북일보 홍길동 기자", ["홍길동"]),
    ("정치부 김철수 기자", ["김철수"]),
    ("김태현, 이서윤 기자", ["김태현", "이서윤"]),
    ("안재현 기자 · 이보람 인턴기자", ["안재현", "이보람"]),
    ("홍길동 의성 주재기자", ["홍길동"]),
    ("홍길동 사회부장", ["홍길동"]),
    ("남궁현 기자 nkh@example.kr", ["남궁현"]),
    ("경북팩트 홍길동·김철수 기자 |", ["홍길동", "김철수"]),
    ("인사이트 경북뉴스 서상권 기자 |", ["서상권"]),
    ("선우은숙 기자", ["선우은숙"]),
])
def test_bylines(raw, names):
    assert parse_byline(raw) == names


def test_wire_datelines():
    assert dateline_authors("(세종=연합뉴스) 이세원 이대희 민경락 기자 = 작년 12월") == ["이세원", "이대희", "민경락"]
    assert dateline_authors("[OSEN=선미경 기자] 가수 아이유가") == ["선미경"]
    assert dateline_authors("포항시는 13일 기자회견을 열고") == []


def test_byline_parsing_has_no_catastrophic_backtracking():
    import time

    started = time.perf_counter()
    parse_byline("가" * 5000 + " 기자")
    parse_byline(("홍길동 " * 2000) + "x")
    assert time.perf_counter() - started < 1.0


def test_body_rules_on_a_small_container():
    from lxml import etree

    from archive.extract.boilerplate import body_text

    html = (
        "<div><p>포항시는 16일 시청에서 기자회견을 열고 새 정책을 발표했다.</p>"
        "<p>▲ 기자회견 모습. /사진=포항시 제공</p><p>관련기사</p>"
        "<p>두산인프라코어 <span>(8,530원 <img src='d.gif'>40 -0.5%)</span>의 인력 조정에 제동을 걸었다.</p>"
        "<p>박진영 기자, 김태현 기자</p><p>저작권자 © 경북일일신문 무단전재 및 재배포 금지</p>"
        "<p>시 관계자는 \u201c최선을 다하겠다\u201d고 말했다. 홍길동 기자</p></div>"
    )
    body = body_text(etree.fromstring(html, etree.HTMLParser()).find(".//div"))
    assert body.paragraphs == [
        "포항시는 16일 시청에서 기자회견을 열고 새 정책을 발표했다.",
        "두산인프라코어의 인력 조정에 제동을 걸었다.",
        "시 관계자는 \u201c최선을 다하겠다\u201d고 말했다.",
    ]


def test_bold_subheading_after_a_photo_is_kept_but_a_caption_is_not():
    from lxml import etree

    from archive.extract.boilerplate import body_text

    html = (
        "<div><p>포항시는 16일 시청에서 기자회견을 열고 새 정책을 발표했다.</p>"
        "<p><img src='/a.jpg'></p><p>시청 앞 광장 전경</p><p>두 번째 문단에서 시는 예산 계획을 설명했다.</p>"
        "<p><img src='/b.jpg'></p><p><strong>청년 일자리 1만개 목표</strong></p><p>시는 청년 정책도 내놨다.</p></div>"
    )
    body = body_text(etree.fromstring(html, etree.HTMLParser()).find(".//div"))
    assert "시청 앞 광장 전경" not in body.paragraphs
    assert "청년 일자리 1만개 목표" in body.paragraphs
    assert [i["url"] for i in body.images] == ["/a.jpg", "/b.jpg"]


@pytest.mark.parametrize(("text", "dropped"), [
    ("▶ 관련기사 : 후포수협, 붉은대게 자원 회복 캠페인", True),
    ("▶ 접수 기간: 1월 16일부터 31일까지", False),
    ("■ 신청 방법: 읍·면사무소 방문", False),
    ("<저작권자 ⓒ 문경타임즈, 무단 전재 및 재배포 금지>", True),
    ("저작권자의 허락 없이 음원을 쓰면 처벌받는다.", False),
    ("문상진 기자 / 입력 : 2018년 11월 20일(화) 09:05", True),
    ("- 홍길동 기자 -", True),
    ("홍길동 기자의 다른 기사 보기", True),
    ("댓글 0", True),
    ("#포항시 #해오름", True),
    ("출처 : 경북일보(http://www.kyongbuk.example)", True),
    ("#1 포항에서 열린 행사는 성황리에 끝났다.", False),
])
def test_furniture_lines_versus_article_lines(text, dropped):
    from archive.extract.boilerplate import _is_info_line

    assert (is_boilerplate(text) or _is_info_line(text)) is dropped


def test_headline_with_a_colon_is_not_cut_as_a_site_suffix():
    from archive.extract import extract

    title = "경북도, 2024년 예산안: 11조 7천억원 규모로 편성"
    html = (f'<html><head><meta charset="utf-8"><meta property="og:title" content="{title}"></head><body>'
            f'<div class="top"><h2>많이 본 뉴스 모음</h2></div><h2 class="tit">{title}</h2>'
            '<p class="date">입력 2024.01.16 17:19</p><div class="body"><p>'
            + "경상북도가 내년 예산안을 편성했다. " * 20 + "</p></div></body></html>")
    article = extract(html.encode(), "http://x.example/a/1")
    assert article.title == title
    assert article.published == "2024-01-16T17:19:00+09:00"


@pytest.mark.parametrize("cms", [None, "generic"])
def test_site_name_in_the_headline_fields_claims_nothing(cms):
    from archive.extract import extract

    site = "경북일일신문 인터넷판"
    html = (f'<html><head><meta charset="utf-8"><meta property="og:site_name" content="{site}">'
            f'<meta property="og:title" content="{site}"><script type="application/ld+json">'
            f'{{"@type":"NewsArticle","headline":"{site}"}}</script></head><body>'
            '<header class="article-view-header"><h3 class="heading">포항시, 실리콘밸리 방문해 혁신역량 강화</h3>'
            '<ul class="infomation"><li><i class="icon-user-o"></i> 박시현 기자</li>'
            '<li><i class="icon-clock-o"></i> 입력 2024.01.16 17:19</li></ul></header>'
            '<article id="article-view-content-div" class="article-veiw-body"><p>'
            + "포항시가 미래 신산업 육성에 박차를 가하고 있다. " * 10 + "</p></article></body></html>")
    article = extract(html.encode(), "http://x.example/news/articleView.html?idxno=1",
                      overrides={"cms": cms} if cms else None)
    assert article.title == "포항시, 실리콘밸리 방문해 혁신역량 강화"
    assert article.authors == ["박시현"]


@pytest.mark.parametrize(("text", "rest"), [
    ("경북팩트 홍길동·김철수 기자 | 본문이 시작된다.", "본문이 시작된다."),
    ("홍길동 기자 ｜ 본문.", "본문."),
    ("서지훈 선임기자 | 본문.", "본문."),
    ("본문에 | 파이프가 있다.", "본문에 | 파이프가 있다."),
])
def test_in_text_pipe_bylines(text, rest):
    from archive.extract.boilerplate import strip_pipe_byline

    assert strip_pipe_byline(text) == rest


def test_centred_line_under_a_photo_is_a_caption_even_as_a_sentence():
    from archive.extract import extract

    html = ('<html><head><meta charset="utf-8"></head><body><div class="article-head-title">구미 국가산단 분양률 60% 넘어서</div>'
            '<div class="info-text"><ul><li><i class="fa fa-clock-o"></i> 승인 2018.05.09 06:01</li></ul></div>'
            '<div id="article-view-content-div"><p>구미 국가산업단지 5단지의 분양률이 처음으로 60%를 넘어섰다. 수자원공사가 밝혔다.</p>'
            '<div style="text-align:center"><img src="/p/1.jpg"></div><p style="text-align: center;">12일 구미시청에서 열린 '
            '투자협약식 모습.</p><p>구미시는 남은 용지에 대해 반도체와 방산 분야 기업 유치에 집중할 방침이다.</p>'
            '<p style="text-align:center">시는 하반기 투자설명회를 연다.</p></div></body></html>')
    article = extract(html.encode(), "http://x.example/news/articleView.html?idxno=1")
    assert "협약식 모습" not in article.body
    assert article.paragraphs[-1] == "시는 하반기 투자설명회를 연다."  # centred, but not under a photo
