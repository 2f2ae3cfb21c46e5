"""Reporter names out of Korean bylines.

``홍길동 기자``, ``홍길동·김철수 기자``, ``(세종=연합뉴스) 이세원 이대희 기자 =``,
``박시현 편집차장``, ``hong@x.co.kr`` ...: titles (기자, 편집차장, 특파원...) and e-mail addresses
are dropped, co-authors are split on ``·``, ``,``, ``/`` or spaces. Desk bylines
(``디지털뉴스팀``, ``연합``) are kept literally.
"""

from __future__ import annotations

import re
from functools import lru_cache

TITLES = (
    "선임기자", "수석기자", "인턴기자", "수습기자", "객원기자", "전문기자", "사진기자", "영상기자",
    "취재기자", "대기자", "편집차장", "편집부장", "편집국장", "편집위원", "논설위원", "논설실장",
    "주재기자", "편집부국장", "부국장", "논설주간", "주필", "부장", "차장", "국장",
    "특파원", "통신원", "리포터", "칼럼니스트", "기자",
)
_TITLE_ALT = "|".join(TITLES)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+")
_OTHERS = re.compile(r"\s*외\s*\d+\s*(?:명|인)")
_NAME = re.compile(r"^[가-힣]{2,5}$")
_TITLE_WORD = re.compile(rf"(?:{_TITLE_ALT})(?![가-힣])")
_PLACE_PREFIX = re.compile(r"^[^=]{1,15}=\s*")
_COMMA = re.compile(r"\s*,\s*")
_NAMES = r"((?:[가-힣]{2,4}[\s·,]+)*[가-힣]{2,4})"
_DATELINES = (
    # (세종=연합뉴스) 이세원 이대희 기자 =   /   [인사이트] 전준강 기자 =
    re.compile(rf"^\s*[\[(（【][^\])）】]{{0,25}}[\])）】]\s*{_NAMES}\s*(?:{_TITLE_ALT})\s*="),
    # [OSEN=선미경 기자]
    re.compile(rf"^\s*[\[(（【][^=\])）】]{{1,20}}=\s*{_NAMES}\s*(?:{_TITLE_ALT})\s*[\])）】]"),
)
SURNAMES = set(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공"
    "현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부태목형피두감음빈동온호범좌"
)
_COMPOUND_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문")
_SPLIT = re.compile(r"\s*[·ㆍ,/|&]\s*|\s+및\s+|\s+and\s+")
_NOISE = re.compile(r"[\[\]()<>{}【】「」『』\"']|(?:기자\s*)?더보기|구독|프로필|바로가기|입력|수정|등록|승인|\d")
_ROLE_WORDS = frozenset(["글", "사진", "영상", "그래픽", "정리", "취재", "편집", "제공", "본지", "기사", "기고", "작성자", "기자명", "By", "by"])
_NOT_NAME_SUFFIX = ("일보", "신문", "뉴스", "방송", "타임즈", "타임스", "닷컴", "미디어", "통신", "부", "팀", "국", "실",
                    "본부", "센터", "위원", "기자단", "데스크")
_ORG_SUFFIX = ("일보", "신문", "뉴스", "방송", "타임즈", "타임스", "닷컴", "미디어", "통신")


def _strip_title(token: str) -> str:
    for title in TITLES:
        if token.endswith(title) and len(token) > len(title):
            return token[: -len(title)]
    return "" if token in TITLES else token


def split_names(raw: str) -> list[str]:
    """Names from a byline fragment: titles, e-mails and counters removed, co-authors split."""
    if not raw:
        return []
    text = _URL.sub(" ", _EMAIL.sub(" ", raw))
    text = _OTHERS.sub(" ", text)
    text = _PLACE_PREFIX.sub("", text.strip())  # "세종=박경담": location prefix
    names: list[str] = []
    for part in _SPLIT.split(text):
        part = _NOISE.sub(" ", part).strip(" =:-")
        if not part:
            continue
        part = _PLACE_PREFIX.sub("", part)
        words = [_strip_title(w) for w in part.split() if w not in _ROLE_WORDS]
        words = [w for w in words if len(w) > 1]  # single syllables are widget text ("가 가 가")
        if not words:
            continue
        people = [w for w in words if looks_like_person(w)]
        if any(len(w) >= 3 for w in people):  # "홍길동 사회부장": a 2-syllable word beside a full name is a desk
            people = [w for w in people if len(w) >= 3]
        if len(words) > 1 and people:
            names.extend(people)  # "이세원 이대희 민경락"; "광양 구현모" -> 구현모
        else:
            names.append(" ".join(words))
    return _dedupe(n for n in names if 1 < len(n) <= 20 and n.count(" ") <= 2)


def names_before_titles(text: str) -> list[str]:
    """Names written right before a title word (``순천 구현모 기자`` -> the last word run)."""
    text = _EMAIL.sub(" ", text)
    names: list[str] = []
    start = 0
    for match in _TITLE_WORD.finditer(text):
        run = text[start:match.start()]
        start = match.end()
        # The names right before the title. Earlier comma pieces are co-authors ("김태현, 이서윤 기자")
        # only when they read as full personal names; a place prefix ("순천, 광양") is dropped.
        pieces = [p for p in _COMMA.split(run.strip()) if p]
        if pieces:
            names.extend(n for p in pieces[:-1] if _full_name(p) for n in split_names(p))
            names.extend(split_names(pieces[-1]))
    return _dedupe(names)


def _full_name(piece: str) -> bool:
    """A comma piece that is one personal name of 3+ syllables (2-syllable words are mostly places)."""
    words = [_strip_title(w) for w in piece.split()]
    return len(words) == 1 and len(words[0]) >= 3 and looks_like_person(words[0])


def parse_byline(raw: str | None) -> list[str]:
    """Authors from a byline string as printed (element text or a meta value)."""
    if not raw:
        return []
    return list(_parse_byline(raw))


@lru_cache(maxsize=4096)
def _parse_byline(raw: str) -> tuple[str, ...]:
    """(Cached: a reporter's byline text recurs on all their articles; 83% of the sample's calls repeat.)"""
    return tuple(_parse(raw))


def _parse(raw: str) -> list[str]:
    raw = raw.strip()[:300]  # a byline is short; a long string is not one (and stays cheap)
    if _URL.fullmatch(raw):
        return []
    if _TITLE_WORD.search(raw):
        found = names_before_titles(raw)
        if found:
            return found
    return split_names(raw)


def dateline_authors(first_paragraph: str) -> list[str]:
    """``(세종=연합뉴스) 이세원 이대희 기자 = ...``: the reporters named in a wire dateline."""
    for pattern in _DATELINES:
        match = pattern.match(first_paragraph[:200])
        if match:
            return split_names(match.group(1))
    return []


def looks_like_person(word: str) -> bool:
    """A Korean personal name: 2-3 syllables starting with a surname, or 3-4 with a compound
    surname (남궁현); a 4-syllable word with a single surname is an outlet or place (경북팩트)."""
    if not _NAME.match(word) or len(word) > 4 or word.endswith(_NOT_NAME_SUFFIX):
        return False
    if word.startswith(_COMPOUND_SURNAMES):
        return len(word) >= 3
    return len(word) <= 3 and word[0] in SURNAMES


def looks_like_org(name: str) -> bool:
    return name.endswith(_ORG_SUFFIX) or any(c.isascii() and c.isalpha() for c in name)


def _dedupe(names) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen
