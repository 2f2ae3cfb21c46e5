"""Body container -> clean paragraphs: what every family and the fallback drop from bodies.

Two passes. The walk skips non-text elements and page furniture by tag and by class/id words
(captions, photo boxes, ads, share/TTS widgets, related-article lists, copyright boxes) and splits
paragraphs at block elements and ``<br>``, so bare-text bodies work too. Then each paragraph is
checked by text rules (photo credits ``/사진=…``, ``…제공``, reporter and e-mail lines, copyright
lines, link-only lines, ad markers, inline stock quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .dates import LABELLED_RE
from .page import clean_text, text_of

BLOCK_TAGS = frozenset(
    ["p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tbody", "thead", "tr", "td", "th", "center", "form", "address", "hr", "figure", "caption"]
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "iframe", "frame", "form", "button", "select", "input", "textarea", "option", "svg", "video", "audio", "object", "embed", "ins", "nav", "aside", "figcaption", "map", "canvas", "template", "link", "meta", "head", "title", "label"]
)
IMAGE_TAGS = frozenset(("img", "picture", "figure"))
# Class/id words of furniture inside article bodies (matched per word, so "editor-img-box" hits "img").
_FURNITURE = re.compile(
    r"(?:^|[_\-\s])(?:\w*caption|cap|photo|img|image|thumb|thumbnail|figure|ad|ads|adv|advert\w*|banner|"
    r"share|sns|social|relate|related|relation|copyright|byline|reporter|writer|journalist|profile|"
    r"tts|audio|voice|player|tag|tags|keyword|keywords|recommend|popular|rank|ranking|comment|comments|"
    r"reply|subscribe|util|utility|print|fontsize|modal|popup|layer|sponsor|promotion|promo|"
    r"subtitle|sub_title|subtit|mid_title|summary|lead_box|quote|pullquote|btn|button|blind|"
    r"sr-only|widget|stock|series|more|links|navigation|breadcrumb|menu|footer|header|gallery|"
    r"slide|slider|swiper|video|vod|movie|editor-img|dable|taboola|google|adsbygoogle|ad[_-]\w+|\w+_ad)"
    r"(?:$|[_\-\s\d])",
    re.I,
)
# Two rules, written for speed: ``re`` scans a big alternation (and any re.I pattern) with no quick
# first-character skip, so each rule is a few plain patterns, each tried only when the text holds a
# literal every match of it contains, plus its Latin words as one re.I pattern tried only on text
# with a Latin letter. ``_CAPTION_TEXT`` / ``_COPYRIGHT`` are the rules as single patterns (the
# tests check that both forms decide alike).
_CAPTION_PARTS = (
    ("사진", r"사진\s*[=:／/]|/\s*사진|사진\s*제공|사진\s*출처|자료\s*사진|\[사진\]|\(사진\)|^■\s*사진"),
    ("그래픽", r"그래픽\s*[=:]"),
    ("", r"^[▲△]"),
    ("", r"(?:제공|촬영|캡처|캡쳐|출처|뉴스1|뉴시스|연합뉴스)\s*[\])]?$"),
    ("제공", r"[\[(][^\])]{0,30}제공[\])]$"),
    ("이미지", r"이미지\s*투데이"),
    ("클립아트코리아", r"클립아트코리아"),
)
_CAPTION_LATIN = r"gettyimages|getty\s*images|shutterstock"
_COPYRIGHT_PARTS = (
    ("", r"[ⓒⒸ©]"),  # ⓒ is cased: re.I matched its capital too
    ("저작권자", r"저작권자\s*\("),  # (저작권자 followed by ⓒ or © is covered above)
    ("무단", r"무단\s*(?:전재|복제)"),
    ("재배포", r"재배포\s*금지"),
)
_COPYRIGHT_LATIN = r"copyright|all rights reserved|\(c\)\s"
#: (the parts without a literal as one pattern, the others with their literal, the Latin pattern)
Rule = tuple[re.Pattern, tuple[tuple[str, re.Pattern], ...], re.Pattern]


def _rule(parts: tuple[tuple[str, str], ...], latin: str) -> Rule:
    always = re.compile("|".join(pattern for literal, pattern in parts if not literal))  # one search, not one each
    gated = tuple((literal, re.compile(pattern)) for literal, pattern in parts if literal)
    return always, gated, re.compile(latin, re.I)


_CAPTION_TEXT = re.compile("|".join(p for _, p in _CAPTION_PARTS) + "|" + _CAPTION_LATIN, re.I)
_COPYRIGHT = re.compile("|".join(p for _, p in _COPYRIGHT_PARTS) + "|" + _COPYRIGHT_LATIN, re.I)
_CAPTION_RULES = _rule(_CAPTION_PARTS, _CAPTION_LATIN)
_COPYRIGHT_RULES = _rule(_COPYRIGHT_PARTS, _COPYRIGHT_LATIN)
_LATIN = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")  # what re.I lets match an ASCII letter (İ ı ſ K too)


def _matches(rule: Rule, text: str, latin: bool) -> bool:
    """Whether the rule's single pattern would find a match in ``text`` (``latin``: has a letter)."""
    always, gated, latin_words = rule
    if always.search(text) is not None:
        return True
    for literal, pattern in gated:
        if literal in text and pattern.search(text) is not None:
            return True
    return latin and latin_words.search(text) is not None


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TRAILING_EMAIL = re.compile(r"\s*[/|]?\s*[\[(<]?\s*(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[\])>]?\s*$")
_TRAILING_CREDIT = re.compile(
    r"\s+/?\s*사진\s*[=:]\s*[^\s.。]{1,20}\s*$"  # "... 했다. 사진=연합뉴스"
    r"|\s+/\s*사진\s*[=:][^.。!?\"”/]{1,30}$"  # "... 했다. /사진=영주시 제공"
    r"|\s*[\[(]\s*사진\s*[=:][^\])]{1,30}[\])]\s*$"  # "... 했다. (사진=칠곡군 제공)"
)
_REPORTER_LINE = re.compile(
    r"^[-–—]?\s*[\[(<【]?\s*(?:[^\]=)]{0,25}=\s*)?(?:[가-힣]{2,5}\s*[·,]?\s*){1,6}"
    r"(?:선임기자|수석기자|인턴기자|객원기자|기자|특파원|편집차장|통신원|논설위원)\s*[\])>】]?\s*[-–—]?$"
)
_REPORTER_TITLES = ("기자", "특파원", "편집차장", "통신원", "논설위원")  # every title above contains one
_REPORTER_TITLE = re.compile("|".join(_REPORTER_TITLES))  # one C search: ~0.15 us a line, any() ~0.5


def _is_reporter_line(text: str) -> bool:
    """``_REPORTER_LINE.match``, skipped when no title word occurs: its nested name repeats
    backtrack for ~12 us on every short line, most of which hold no title at all."""
    return _REPORTER_TITLE.search(text) is not None and _REPORTER_LINE.match(text) is not None


_BRACKET_REPORTER = re.compile(r"^[\[(<【].{0,60}(?:기자|특파원|리포터|통신원).{0,40}[\])>】]$")
_WIDGET_TEXT = re.compile(
    r"^(?:기사를?\s*읽어\s*드립니다|이 기사를 공유합니다|상태바|기사\s*공유하기|공유하기|URL\s*복사|"
    r"글자\s*크기|글씨\s*크기|폰트\s*크기|인쇄하기|스크랩|북마크|좋아요|댓글|기사\s*보내기|SNS\s*기사보내기|"
    r"facebook|twitter|카카오톡|카카오스토리|페이스북|트위터|네이버\s*블로그|밴드|닫기|본문\s*듣기|"
    r"\$\$\w+\$\$|AD|ADVERTISEMENT|광고|Advertisement|googletag\..*|\(adsbygoogle.*)$"
    r"|^(?:댓글|추천|좋아요|공감|조회수?|스크랩|공유|싫어요)?\s*[\d,]+$"  # counters: "0", "댓글 0"
    r"|^(?:#[^\s#]+\s*)+$"  # hashtag rows: "#포항 #영일만"
    r"|^.{0,20}다른\s*기사\s*(?:보기|더보기)$"  # "홍길동 기자의 다른 기사 보기"
    r"|^출처\s*[:：].{0,40}https?://\S+\)?$",  # "출처 : 경북일보(http://...)" copy notice
    re.I,
)
_NOTICE = re.compile(r"반론\s*·?\s*정정|정정\s*보도\s*청구|추후\s*보도를?\s*청구|제보\s*(?:하기|는)?\s*[:▷]|카카오톡\s*[:：]|"
                     r"기사\s*제보|구독\s*신청|무료\s*구독|네이버\s*(?:채널|뉴스스탠드)")
_TITLE_ONLY = re.compile(r"(?:선임기자|수석기자|인턴기자|객원기자|기자|특파원|편집차장|통신원|논설위원)(?![가-힣])")
# "▶ 관련기사 …" is furniture; "▶ 접수 기간: …" is an info bullet of the article and stays.
_RELATED = re.compile(r"^(?:\[?관련\s*기사\]?|(?:▶|☞|→|■)\s*.{0,6}(?:관련|기사|뉴스|바로\s*가기|보기|클릭|영상)|"
                      r"\[?관련\s*뉴스\]?|\[?함께\s*보면|\[?많이\s*본)")
_STOCK_QUOTE = re.compile(r"\s?\(\s*[\d,]+\s*원\s*[▲▼△▽↑↓]?\s*[+-]?[\d,]+\s*[+-]?[\d.]+\s*%\s*\)")
_SYMBOLS_ONLY = re.compile(r"^[\W_]+$")
_OUTLET_TAG = re.compile(r"^\[\s*[^\]\s][^\]]{0,20}?(?:일보|신문|뉴스|타임즈|타임스|닷컴|방송|저널|News|news)\s*\]\s*")
_SENTENCE_END = re.compile(r"(?:[.!?。…]|다|요|죠|까)[\"'”’)\]]*\s*(?:\([^)]{0,30}\))?[\"'”’)\]]*\s*$")
_SERIES_DECK = re.compile(r"^\[[^\]]{2,15}\]")  # "[기획] 부제…" / "[명퇴의 정석]…": a series label line
_LIST_SEPARATORS = re.compile(r"[\s,·ㆍ/|=\[\]()<>]+")
_NAME_WORD = re.compile(r"[가-힣]{2,5}")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class _Para:
    parts: list[str] = field(default_factory=list)
    has_text: bool = False  # a part that is not only whitespace
    link_chars: int = 0
    heading: bool = False
    block: str = ""  # tag of the block element the paragraph started in
    after_image: bool = False  # right after a photo, in a caption-like block: maybe its caption
    plain_chars: int = 0  # text outside <b>/<strong>: a bold-only line is a sub-heading, not a caption
    centered: bool = False  # its block is centred (align=center / text-align:center), as captions are


@dataclass
class BodyText:
    paragraphs: list[str]
    images: list[dict]
    deck: list[str] = field(default_factory=list)  # headings before the first paragraph: the subtitle
    signatures: list[str] = field(default_factory=list)  # reporter lines dropped from the body
    lead_byline: str = ""  # in-text byline cut from the first paragraph ("경북팩트뉴스 김영란 기자 |")


def is_furniture(element: Any) -> bool:
    """Element named like page furniture (caption, ad, share box...) by its class or id."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}".strip()
    return bool(names) and bool(_FURNITURE.search(names))


def _walk(container: Any) -> list[_Para]:
    """Split a container into raw paragraphs (no text rules yet), marking those right after a photo.

    One ``etree.iterwalk`` over the container: lxml yields the start/end events in C, and an
    element that is not read further (a ``<br>``, a photo, furniture) has its subtree skipped."""
    paras: list[_Para] = []
    current = _Para()
    link_depth = 0
    bold_depth = 0
    heading_depth = 0
    block_stack: list[str] = []
    after_image = False

    def flush() -> None:
        nonlocal current, after_image
        if current.has_text:
            if after_image and not current.heading and current.plain_chars and current.block in (
                    "", "p", "td", "span", "center"):
                current.after_image = True
            paras.append(current)
            after_image = False
        current = _Para(heading=heading_depth > 0, block=block_stack[-1] if block_stack else "")

    def add(text: str | None) -> None:
        if text:
            current.parts.append(text)
            chars = len(text.strip())
            if chars:
                current.has_text = True
            if link_depth:
                current.link_chars += chars
            if not bold_depth:
                current.plain_chars += chars

    walker = etree.iterwalk(container, events=("start", "end", "comment", "pi"))
    skipped = None  # the element whose subtree was skipped: its "end" event is ignored
    for event, element in walker:
        if event == "end":  # closing: end the block, then the tail continues the parent's flow
            if element is skipped:
                skipped = None
                continue
            tag = element.tag
            if tag == "a":
                link_depth -= 1
            elif tag in ("b", "strong"):
                bold_depth -= 1
            if tag in BLOCK_TAGS:
                flush()
                if block_stack:
                    block_stack.pop()
                if tag in HEADING_TAGS:
                    heading_depth -= 1
                current.heading = heading_depth > 0
            if element is not container:
                add(element.tail)
            continue
        tag = element.tag
        if event != "start" or not isinstance(tag, str):  # comment / processing instruction / entity
            if event == "start":
                walker.skip_subtree()
                skipped = element
            add(element.tail)
            continue
        tag = tag.lower()
        if tag == "br":
            flush()
        elif tag == "img" and _inline_image(element, current):
            pass  # an icon inside running text (stock arrows, emoji): not a photo
        # (``next(iter("img"))``: ``find(".//img")`` without ElementPath; never an img itself here)
        elif tag in IMAGE_TAGS or (tag == "table" and next(element.iter("img"), None) is not None and len(
                text_of(element)) < 300):
            flush()
            after_image = True
        elif tag in SKIP_TAGS or (element is not container and is_furniture(element)):
            if next(element.iter("img"), None) is not None:
                flush()
                after_image = True
            if tag in BLOCK_TAGS or tag in ("figcaption", "aside", "nav", "iframe", "form", "table"):
                flush()
        else:
            if tag in BLOCK_TAGS:
                flush()
                block_stack.append(tag)
                if tag in HEADING_TAGS:
                    heading_depth += 1
                current.heading = heading_depth > 0
                current.block = tag
                align, style = element.get("align"), element.get("style")
                current.centered = (align is not None or style is not None) and _CENTERED.search(
                    f"{align or ''} {style or ''}") is not None
            if tag == "a":
                link_depth += 1
            elif tag in ("b", "strong"):
                bold_depth += 1
            add(element.text)
            continue
        walker.skip_subtree()  # read no further inside: its tail continues the flow
        skipped = element
        add(element.tail)
    flush()
    return paras


_CENTERED = re.compile(r"^\s*center\b|text-align\s*:\s*center", re.I)


def _is_reporter_list(text: str) -> bool:
    """``박진영 기자, 김태현 기자`` / ``홍길동·김철수 기자``: names and titles only."""
    if not _TITLE_ONLY.search(text):
        return False
    rest = _EMAIL.sub(" ", _TITLE_ONLY.sub(" ", text))
    words = [w for w in _LIST_SEPARATORS.split(rest) if w]
    return bool(words) and len(words) <= 12 and all(_NAME_WORD.fullmatch(w) for w in words)


_ICON_SRC = re.compile(r"icon|ico_|/ico/|btn|button|blank\.gif|spacer|/bul_|arrow|logo", re.I)


def collect_images(container: Any, base_url: Any = lambda u: u) -> list[dict]:
    """Photos in an article body with their captions (run before furniture is dropped)."""
    images: list[dict] = []
    seen: set[str] = set()
    for img in container.iter("img"):
        src = (img.get("data-src") or img.get("data-original") or img.get("src") or "").strip()
        if not src or src.startswith("data:") or _ICON_SRC.search(src):
            continue
        try:
            if int(img.get("width") or 100) < 50 or int(img.get("height") or 100) < 50:
                continue
        except ValueError:
            pass
        if _inside_non_photo_box(img, container):
            continue
        url = base_url(src)
        if url in seen:
            continue
        seen.add(url)
        caption = _caption_of(img, container) or clean_text(img.get("alt"))
        images.append({"url": url, "caption": caption if _LETTER.search(caption) else ""})
    return images


_NON_PHOTO_BOX = re.compile(
    r"editor|writer|reporter|profile|byline|journalist|banner|(?:^|[_\-\s])ads?(?:$|[_\-\s\d])|adsbygoogle|sns|share|"
    r"relat|keyword|tag|logo|comment|popular|rank|recommend|btn|button|banner", re.I)


def _inside_non_photo_box(img: Any, container: Any) -> bool:
    for ancestor in img.iterancestors():
        if ancestor is container:
            return False
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if names.strip() and _NON_PHOTO_BOX.search(names):
            return True
    return False


# ``.//figcaption|.//*[contains(@class,'caption') or contains(@class,'cap')]`` in one compiled walk
# (every class containing "caption" contains "cap").
_CAPTIONS = etree.XPath(".//*[self::figcaption or contains(@class,'cap')]")


def _caption_of(img: Any, container: Any) -> str:
    holder = img.getparent()
    for _ in range(4):
        if holder is None or holder is container:
            break
        found = _CAPTIONS(holder)
        if found:
            return text_of(found[0])
        if holder.tag in ("figure", "table"):
            text = text_of(holder)
            return text if len(text) < 300 else ""
        holder = holder.getparent()
    return ""


def _inline_image(img: Any, current: _Para) -> bool:
    parent = img.getparent()
    return (parent is not None and parent.tag in _INLINE_PARENTS and any(p.strip() for p in current.parts))


_INLINE_PARENTS = frozenset(["span", "a", "b", "strong", "em", "i", "font", "u", "sup", "sub", "small"])


def clean_paragraph(text: str) -> str:
    """Strip glued-on trailing credits/e-mails and inline stock quotes from a real paragraph."""
    # Each pattern needs a literal ("%", "@", "사진"): checking for it first skips a regex scan of
    # every paragraph (these patterns can start anywhere), the bulk of clean_paragraph's time.
    if "%" in text:
        text = _STOCK_QUOTE.sub("", text)
    if "@" in text:
        text = _TRAILING_EMAIL.sub("", text)
    if "사진" in text:
        text = _TRAILING_CREDIT.sub("", text)
    return text.strip()


def is_boilerplate(text: str, *, after_image: bool = False, link_ratio: float = 0.0) -> bool:
    """True for paragraphs that are furniture, not article text."""
    length = len(text)
    if _SYMBOLS_ONLY.match(text) or _WIDGET_TEXT.match(text):
        return True
    if link_ratio > 0.8 and length < 200:
        return True
    latin = length < 160 and _LATIN.search(text) is not None
    if length < 160 and _matches(_COPYRIGHT_RULES, text, latin):
        return True
    if length < 120 and _matches(_CAPTION_RULES, text, latin):
        return True
    if length < 80 and (_is_reporter_line(text) or _BRACKET_REPORTER.match(text)):
        return True
    if length < 100 and "@" in text and _EMAIL.search(text) and not _SENTENCE_END.search(_EMAIL.sub("", text)):
        return True
    if length < 150 and _RELATED.match(text):
        return True
    if length < 200 and _NOTICE.search(text):
        return True
    if length < 120 and _is_reporter_list(text):
        return True
    if length < 120 and _SERIES_DECK.match(text) and not _SENTENCE_END.search(text):
        return True
    return after_image and length < 70 and not _SENTENCE_END.search(text)


def body_text(container: Any, base_url: Any = lambda u: u, *, images: bool = True) -> BodyText:
    """Clean paragraphs and images of an article body container (``images=False``: the caller
    already collected them, and a second ``collect_images`` walk would only repeat its work)."""
    photos = collect_images(container, base_url) if images else []
    raw = _walk(container)
    deck: list[str] = []
    while len(raw) > 1 and raw[0].heading:
        deck.append(clean_text("".join(raw.pop(0).parts)))
    paragraphs: list[str] = []
    signatures: list[str] = []
    header_lines: list[str] = []
    for para in raw:
        after_image = para.after_image
        raw_text = clean_text("".join(para.parts))
        if not raw_text:
            continue
        link_ratio = para.link_chars / max(len(raw_text), 1)
        if link_ratio > 0.8 and len(raw_text) < 200:
            continue  # a related-article link on its own line
        text = clean_paragraph(raw_text)
        before_text = not paragraphs or (len(paragraphs) == 1 and not _SENTENCE_END.search(paragraphs[0]))
        if before_text and len(raw_text) < 150 and (_BREADCRUMB.match(raw_text) or _is_info_line(raw_text)):
            header_lines.append(raw_text)  # the headline block's byline/date or breadcrumb, caught in the body
            continue
        if after_image and para.centered and len(text) < 150:
            continue  # a centred line right under a photo is its caption, sentence or not ("… 모습.")
        if text and not is_boilerplate(text, after_image=after_image):
            paragraphs.append(text)
        elif len(raw_text) < 80 and not after_image and (_is_reporter_list(raw_text) or _is_reporter_line(
                _EMAIL.sub("", raw_text).strip())):
            signatures.append(raw_text)
    lead = ""
    if paragraphs:
        paragraphs[0] = _OUTLET_TAG.sub("", paragraphs[0]) or paragraphs[0]
        stripped = strip_pipe_byline(paragraphs[0])
        lead = paragraphs[0][: len(paragraphs[0]) - len(stripped)] if stripped != paragraphs[0] else ""
        paragraphs[0] = stripped
        paragraphs[-1] = _TRAILING_REPORTER.sub(r"\1", paragraphs[-1])
    lead = lead or next((line for line in header_lines if _TITLE_ONLY.search(line)), "")
    return BodyText(paragraphs, photos, [d for d in deck if d], signatures, lead)


# "홈 > 뉴스 > 포항": a breadcrumb line.
_BREADCRUMB = re.compile(r"^(?:[^\s>›»]{1,10}(?:\s[^\s>›»]{1,10})?\s*[>›»]\s*){1,4}[^\s>›»]{1,10}$")


def _is_info_line(text: str) -> bool:
    """``문상진 기자 / 입력 : 2018년 11월 20일(화) 09:05``: a labelled date with no sentence around it."""
    return bool(LABELLED_RE.search(text)) and not _SENTENCE_END.search(text) and len(LABELLED_RE.sub("", text)) < 60


# "...말했다. 홍길동 기자" / "...밝혔다. /홍길동 기자": a signature glued to the last paragraph.
_TRAILING_REPORTER = re.compile(r"([.!?。\"'”’)])\s*[/=]?\s*[가-힣]{2,4}\s*(?:선임기자|인턴기자|기자|특파원|편집차장)\s*$")
_PIPE_BYLINE = re.compile(
    r"^(?:[^|ㅣ｜]{0,40}?[\s·,])?[가-힣]{2,4}\s*(?:선임기자|인턴기자|수습기자|기자|특파원|편집차장)\s*[|ㅣ｜]\s*")


def strip_pipe_byline(text: str) -> str:
    """``인사이트 경북뉴스 서상권 기자 | 본문…`` -> ``본문…`` (in-text byline of some CMSs)."""
    stripped = _PIPE_BYLINE.sub("", text, count=1)
    return stripped or text


def drop_elements(root: Any, selectors: list) -> None:
    """Remove elements (compiled selectors) from a subtree, keeping their tails' text."""
    for selector in selectors:
        for element in selector(root):
            parent = element.getparent()
            if parent is None:
                continue
            tail = element.tail
            if tail and tail.strip():
                previous = element.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
            parent.remove(element)


__all__ = ["body_text", "clean_paragraph", "collect_images", "drop_elements", "is_boilerplate", "is_furniture"]
