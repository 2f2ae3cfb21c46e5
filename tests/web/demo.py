"""A small demo archive for the browser tests, built through the real pipeline: pages rendered
here (our own Korean text, generic NewsArticle markup) → ``Capture`` → ``WarcWriter`` (real WARC
files) → ``archive.ingest.ingest`` into a real store.

It holds what the browser must show: a press release run by three outlets (a story cluster), an
article edited after its first capture (two versions), a CP949 page, a captured and a missing
image, and a hostile page whose scripts try to reach the parent page, cookies and the network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

from archive.capture import Capture
from archive.ingest import Extracted, ingest
from archive.store import open_store
from archive.warc import WarcWriter

# 1x1 PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf0000000301010018dd8db00000000049454e44ae426082"
)

OUTLETS = [
    {"id": "pohang-daily", "name": "포항데일리", "region": "경북", "city": "포항", "cms": "generic",
     "homepage": "http://pohang.example.test/"},
    {"id": "gyeongbuk-news", "name": "경북뉴스", "region": "경북", "city": "안동", "cms": "generic",
     "homepage": "http://gbnews.example.test/"},
    {"id": "daegu-times", "name": "대구타임즈", "region": "대구", "city": "대구", "cms": "generic",
     "homepage": "http://daegutimes.example.test/"},
]  # fmt: skip

RELEASE = [
    "포항시는 영일만 일대의 해양관광 자원을 연계하는 해양관광 활성화 사업에 착수한다고 밝혔다.",
    "시는 올해 국비와 도비를 포함해 총 120억원을 들여 해안 산책로와 전망대, 야간 경관 조명을 정비할 계획이다.",
    "사업 대상지는 환호공원에서 영일대 해수욕장을 거쳐 송도 해변까지 이어지는 약 6킬로미터 구간이다.",
    "포항시 관계자는 시민과 관광객이 사계절 찾을 수 있는 바닷가 명소로 만들겠다고 말했다.",
    "시는 다음 달 주민설명회를 열어 의견을 듣고 연말까지 실시설계를 마칠 예정이다.",
]
EDIT_V1 = [
    "경주시의회는 지난 20일 임시회 본회의를 열고 문화재 주변 규제 완화를 위한 조례 개정안을 의결했다.",
    "개정안은 고도 제한 구역 안의 소규모 주택 수선 절차를 간소화하는 내용을 담고 있다.",
    "시의회는 주민 불편을 줄이면서도 역사 경관을 지키는 방안을 계속 논의하겠다고 밝혔다.",
]
EDIT_V2 = [
    "경주시의회는 지난 20일 임시회 본회의를 열고 문화재 주변 규제 완화를 위한 조례 개정안을 원안대로 의결했다.",
    "개정안은 고도 제한 구역 안의 소규모 주택 수선 절차를 간소화하는 내용을 담고 있다.",
    "개정 조례는 공포한 날부터 바로 시행된다.",
    "시의회는 주민 불편을 줄이면서도 역사 경관을 지키는 방안을 계속 논의하겠다고 밝혔다.",
]
#: url → the 14 extract fields of the last page rendered for it (what a perfect extractor returns).
FIELDS: dict[str, dict] = {}

HOSTILE_SCRIPT = """
<script>
  try { parent.document.title = "PWNED-parent"; } catch (e) {}
  try { top.document.body.setAttribute("data-pwned", document.cookie || "cookie-read"); } catch (e) {}
  try { parent.postMessage({pwned: true, cookie: document.cookie}, "*"); } catch (e) {}
  try { fetch("{canary}/fetch"); } catch (e) {}
  try { localStorage.setItem("pwned", "1"); } catch (e) {}
  document.title = "SCRIPT-RAN";
</script>
<img src="{canary}/img.png" alt="">
<link rel="stylesheet" href="{canary}/style.css">
<meta http-equiv="refresh" content="1;url={canary}/refresh">
"""


def page(outlet: dict, url: str, title: str, subtitle: str, author: str, published: str, section: str,
         paragraphs: list[str], *, modified: str | None = None, images: list[tuple[str, str]] = (),
         extra_head: str = "", extra_body: str = "", charset: str = "utf-8") -> str:  # fmt: skip
    """Generic NewsArticle markup (JSON-LD + og + <article>), as many small outlets publish."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "description": subtitle,
        "datePublished": published,
        "dateModified": modified or published,
        "author": [{"@type": "Person", "name": author}],
        "articleSection": section,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": outlet["name"]},
    }
    FIELDS[url] = {
        "url": url, "canonical_url": url, "title": title, "subtitle": subtitle, "authors": [author],
        "published": published, "modified": modified, "section": section, "body": "\n\n".join(paragraphs),
        "images": [{"url": src, "caption": cap} for src, cap in images], "cms": "generic", "language": "ko",
        "is_article": True, "warnings": [],
    }  # fmt: skip
    figures = "".join(
        f'<figure><img src="{escape(src)}" alt=""><figcaption>{escape(cap)}</figcaption></figure>' for src, cap in images
    )
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="ko"><head><meta charset="{charset}"><title>{escape(title)} - {outlet["name"]}</title>'
        f'<link rel="canonical" href="{escape(url)}"><meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:description" content="{escape(subtitle)}">'
        f'<meta property="article:published_time" content="{published}">'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>{extra_head}</head>'
        f'<body><header><nav><a href="/">홈</a> <a href="/news/list.html">전체기사</a></nav></header>'
        f'<article><h1>{escape(title)}</h1><h2 class="subtitle">{escape(subtitle)}</h2>'
        f'<p class="byline">{escape(author)} 기자</p>{figures}<div class="article-body">{body}</div></article>'
        f"{extra_body}<footer>Copyright ⓒ {outlet['name']}. All rights reserved.</footer></body></html>"
    )


@dataclass
class Demo:
    data_dir: Path
    ids: dict[str, int] = field(default_factory=dict)  # name → article id
    captures: dict[str, int] = field(default_factory=dict)  # name → capture id
    results: list = field(default_factory=list)


def _capture(url: str, body: bytes, when: datetime, outlet: str, ctype: str = "text/html; charset=utf-8",
             status: int = 200) -> Capture:  # fmt: skip
    return Capture(
        url=url,
        status=status,
        headers=(("Content-Type", ctype), ("Content-Length", str(len(body))), ("Set-Cookie", "session=secret-cookie")),
        body=body,
        fetched_at=when,
        reason="OK",
        request_headers=(("User-Agent", "newsarchive-test"),),
        ip_address="127.0.0.1",
        outlet=outlet,
        run_id="run-demo-2",
    )


def build_demo(data_dir: Path, *, canary: str = "http://127.0.0.1:9") -> Demo:
    """Write the demo WARCs and ingest them into ``data_dir/archive.db``. ``canary`` is where the
    hostile page tries to send requests (a loopback server the test watches)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    demo = Demo(data_dir)
    store = open_store(data_dir / "archive.db")
    store.upsert_outlets(OUTLETS)
    writer = WarcWriter(data_dir / "warc", prefix="demo")
    by_id = {o["id"]: o for o in OUTLETS}
    t0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    items: list[tuple[str, Capture]] = []
    fields: dict[str, dict] = {}  # item name → extract fields

    def add(name: str, cap: Capture) -> None:
        items.append((name, cap))
        if cap.content_type == "text/html":
            fields[name] = dict(FIELDS[cap.url])

    # The press release, run by three outlets over three days with their own edits.
    leads = {
        "pohang-daily": ("포항시, 영일만 해양관광 활성화 사업 착수", "김민준", RELEASE),
        "gyeongbuk-news": ("포항시 영일만 해양관광 사업 본격 착수…120억 투입", "이서연", [RELEASE[1], RELEASE[0], *RELEASE[2:]]),
        "daegu-times": ("포항 영일만, 사계절 해양관광 명소로 만든다", "박지훈", [*RELEASE[:4], RELEASE[4].replace("예정이다", "계획이다")]),
    }  # fmt: skip
    for day, (oid, (title, author, paras)) in enumerate(leads.items()):
        base = by_id[oid]["homepage"].rstrip("/")
        url = f"{base}/news/articleView.html?idxno={101 + day}"
        published = f"2026-11-{18 + day}T{9 + day:02d}:30:00+09:00"
        html = page(by_id[oid], url, title, "해안 산책로·전망대·야간 경관 정비", author, published, "지역", paras)
        add(f"release-{oid}", _capture(url, html.encode(), t0 + timedelta(days=day), oid))

    # An article edited after its first capture: two versions.
    po = by_id["pohang-daily"]
    url = "http://pohang.example.test/news/articleView.html?idxno=200"
    v1 = page(po, url, "경주시의회, 문화재 주변 규제 완화 조례 의결", "고도 제한 구역 주택 수선 간소화", "최유진",
              "2026-11-20T10:00:00+09:00", "정치", EDIT_V1)  # fmt: skip
    add("edited-v1", _capture(url, v1.encode(), t0 + timedelta(days=1), "pohang-daily"))
    v2 = page(po, url, "경주시의회, 문화재 주변 규제 완화 조례 원안 의결", "고도 제한 구역 주택 수선 간소화", "최유진",
              "2026-11-20T10:00:00+09:00", "정치", EDIT_V2, modified="2026-11-20T15:10:00+09:00")  # fmt: skip
    add("edited", _capture(url, v2.encode(), t0 + timedelta(days=1, hours=8), "pohang-daily"))

    # A CP949 page (declared as EUC-KR, as old Korean CMSs do) with one captured and one missing image.
    gb = by_id["gyeongbuk-news"]
    url = "http://gbnews.example.test/news/articleView.html?idxno=300"
    img_ok, img_missing = "http://gbnews.example.test/news/photo/300_1.png", "http://gbnews.example.test/news/photo/300_2.jpg"
    paras = [
        "안동시는 하회마을 일원에서 열리는 탈춤 축제에 올해 외국인 관광객 3만명이 다녀갔다고 밝혔다.",
        "축제 기간 하회별신굿탈놀이 상설 공연과 세계 탈 전시가 함께 열려 관람객의 발길이 이어졌다.",
        "시는 내년 축제에 앞서 교통과 숙박 안내를 보강할 계획이다.",
    ]
    html = page(gb, url, "안동 탈춤축제 외국인 관광객 3만명 방문", "하회마을 상설 공연 인기", "정하늘",
                "2026-11-21T08:00:00+09:00", "문화", paras,
                images=[(img_ok, "탈춤 공연 모습"), (img_missing, "축제장 전경")], charset="euc-kr")  # fmt: skip
    add("cp949", _capture(url, html.encode("cp949"), t0 + timedelta(days=2), "gyeongbuk-news",
                                    ctype="text/html; charset=euc-kr"))  # fmt: skip
    add("image", _capture(img_ok, PNG, t0 + timedelta(days=2, minutes=1), "gyeongbuk-news", ctype="image/png"))

    # The hostile page: a real article whose scripts try to escape the sandbox.
    dg = by_id["daegu-times"]
    url = "http://daegutimes.example.test/news/articleView.html?idxno=400"
    paras = [
        "대구시는 도심 하천인 신천의 수변 공원 조성 사업을 마무리하고 시민에게 개방했다.",
        "신천 둔치에는 산책로와 자전거 도로, 야외 무대가 새로 들어섰다.",
        "포항시와 대구시는 하천 관리 경험을 나누는 협약도 맺었다.",
    ]
    hostile = HOSTILE_SCRIPT.replace("{canary}", canary)
    html = page(dg, url, "대구 신천 수변공원 시민에 개방", "산책로·자전거도로·야외무대", "윤도현",
                "2026-11-22T11:00:00+09:00", "사회", paras, extra_head=hostile, extra_body=hostile)  # fmt: skip
    add("hostile", _capture(url, html.encode(), t0 + timedelta(days=3), "daegu-times"))

    # A later identical fetch of the CP949 page, archived as a revisit record (filled in below).
    items.append(("revisit", None))  # type: ignore[arg-type]
    written_by_name: dict[str, Capture] = {}
    try:
        for name, cap in items:
            if name == "revisit":
                first = written_by_name["cp949"]
                cap = replace(first, kind="revisit", body=b"", fetched_at=t0 + timedelta(days=4), refers_to=first.record_id,
                              refers_to_date=first.fetched_at, record_id=None, location=None)  # fmt: skip
            written = writer.write(cap)
            written_by_name[name] = written
            # The browser is under test here, not the extractor: hand ingest the known fields
            # (its rebuild path), so these tests do not move with extraction heuristics.
            known = Extracted(fields=dict(fields[name])) if name in fields else None
            result = ingest(written, store, extracted=known)
            demo.results.append((name, result))
            if result.capture_id is not None:
                demo.captures[name] = result.capture_id
            if result.article_id is not None:
                demo.ids[name] = result.article_id
        store.record_run({
            "id": "run-demo-1", "started_at": "2026-11-20T01:00:00+00:00", "ended_at": "2026-11-20T01:02:00+00:00",
            "status": "ok", "exit_code": 0, "pages": 12, "new_articles": 3, "errors": 0,
            "outlets": {o["id"]: {"ok": True, "pages": 4, "new_articles": 1, "errors": 0} for o in OUTLETS},
        })  # fmt: skip
        store.record_run({
            "id": "run-demo-2", "started_at": "2026-11-23T01:00:00+00:00", "ended_at": "2026-11-23T01:03:00+00:00",
            "status": "partial", "exit_code": 1, "pages": 20, "new_articles": 4, "errors": 1,
            "outlets": {
                "pohang-daily": {"ok": True, "pages": 8, "new_articles": 2, "errors": 0},
                "gyeongbuk-news": {"ok": True, "pages": 6, "new_articles": 1, "errors": 0},
                "daegu-times": {"ok": False, "pages": 6, "new_articles": 1, "errors": [
                    {"url": "http://daegutimes.example.test/news/broken", "error": "HTTP 500"}]},
            },
        })  # fmt: skip
    finally:
        writer.close()
        store.close()
    return demo
