"""URL identity for news articles: one article is one URL.

Korean news CMS families put the same article behind many URLs (mobile host, section and paging
parameters, tracking parameters). ``canonicalize`` folds them to one form, ``is_article_url``
tells article pages from list, media and utility URLs. Family URL shapes live here as data
(``FAMILIES``) so discovery, extraction and checks share them; see
``../shared/research/kr-news-cms.md`` for the evidence behind each pattern.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

logger = logging.getLogger(__name__)

__all__ = [
    "CMS_FAMILIES",
    "FAMILIES",
    "FINGERPRINTS",
    "TRACKING_PARAMS",
    "UrlFamily",
    "canonicalize",
    "detect_family_from_html",
    "family_of_url",
    "is_article_url",
    "is_list_url",
]


@dataclass(frozen=True)
class ArticleShape:
    """One article URL shape: a path regex, the query parameter(s) that identify the article."""

    path: re.Pattern[str]
    keep: tuple[str, ...] = ()  # query params kept in the canonical URL (in this order); () = none
    require: str | None = None  # a param that must be present with a value for a match
    require_values: tuple[tuple[str, str], ...] = ()  # (param, value) pairs that must match (ci)


@dataclass(frozen=True)
class UrlFamily:
    """URL knowledge about one CMS family: article shapes, list shapes, default feed paths."""

    name: str
    articles: tuple[ArticleShape, ...]
    lists: tuple[re.Pattern[str], ...] = ()  # matched against path + "?" + query
    feed_paths: tuple[str, ...] = ()  # conventional feed locations (only where evidence says so)
    list_paths: tuple[str, ...] = ()  # conventional all-articles list, `{page}` = page number


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Order matters only for reporting; the shapes do not overlap.
FAMILIES: dict[str, UrlFamily] = {
    "ndsoft": UrlFamily(
        name="ndsoft",
        articles=(
            ArticleShape(_re(r"^/news/articleView\.html$"), keep=("idxno",), require="idxno"),
            # pre-2018 PHP form: /?mod=news&act=articleView&idxno=N&sc_code=...
            ArticleShape(
                _re(r"^/(index\.php|index\.html)?$"),
                keep=("mod", "act", "idxno"),
                require="idxno",
                require_values=(("mod", "news"), ("act", "articleView")),
            ),
        ),
        lists=(_re(r"^/news/articleList\.html(\?|$)"), _re(r"^/?\?(.*&)?act=articleList(&|$)")),
        feed_paths=("/rss/allArticle.xml",),
        list_paths=("/news/articleList.html?view_type=sm&page={page}",),
    ),
    "idx_view": UrlFamily(
        name="idx_view",
        articles=(
            ArticleShape(_re(r"^/news/view\.php$"), keep=("idx",), require="idx"),
            ArticleShape(
                _re(r"^/default/index_view_page\.php$"), keep=("idx", "part_idx"), require="idx"
            ),
        ),
        lists=(
            _re(r"^/default/index_sub\.php(\?|$)"),
            _re(r"^/news/list\.php(\?|$)"),
            _re(r"^/news/search\.php(\?|$)"),
        ),
    ),
    "article_no": UrlFamily(
        name="article_no",
        articles=(ArticleShape(_re(r"^/news/article\.html$"), keep=("no",), require="no"),),
        lists=(
            _re(r"^/news/section_list_all\.html(\?|$)"),
            _re(r"^/news/article_list_writer\.html(\?|$)"),
            _re(r"^/news/article_list_all\.html(\?|$)"),
        ),
    ),
    "page_view": UrlFamily(
        name="page_view",
        articles=(ArticleShape(_re(r"^/page/view/\d{19}/?$")),),
        lists=(_re(r"^/page/list(/|\?|$)"), _re(r"^/list(/|\?|$)")),
    ),
    # Not an extraction family of its own (extraction treats it as generic), but its URL shape is
    # well attested (영남일보, 중도일보, 경인일보, 아시아투데이): keep only `key`.
    "view_key": UrlFamily(
        name="view_key",
        articles=(ArticleShape(_re(r"^(/[a-z]+)?/view\.php$"), keep=("key",), require="key"),),
    ),
}

# The family names an outlet's `cms` may carry (the extraction families; see archive.extract).
CMS_FAMILIES: tuple[str, ...] = ("ndsoft", "idx_view", "article_no", "page_view", "generic")

TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "spm", "cmpid", "ncid",
        "from", "sns", "share", "sharetype", "nt_source", "kakao_from", "ocid",
    }
)
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hmb_")

# Host prefixes that serve the same articles as the desktop host.
MOBILE_PREFIXES: tuple[str, ...] = ("m.", "mobile.")

_NOT_PAGE_EXT = _re(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|css|js|json|xml|rss|atom|txt|pdf|hwp|docx?|xlsx?|pptx?|zip|"
    r"gz|mp3|mp4|m4a|avi|mov|wmv|flv|swf|woff2?|ttf|eot)$"
)
_LISTISH = _re(
    r"(^|[/_.?&=-])(list|lists|section|sections|category|categories|search|tag|tags|login|logout|"
    r"member|members|join|rss|sitemap|index_sub|articlelist|subindex|sub_index|board_list|"
    r"archive|archives|author|writer|reporter|bbs|comment|print|mail|popup|ad|ads|banner)"
    r"([/_.?&=-]|$)"
)
_ID_PARAMS = (
    "idxno", "idx", "no", "key", "aid", "article_id", "articleid", "news_id", "newsid", "nid",
    "code", "uid", "id", "number", "seq", "art_id", "ncode", "num",
)
# list scripts named in camelCase or run together: mwList.php, newslist.do, articleSearch.asp
_LIST_FILE = _re(r"(list|search)[^/]*\.(php|html?|aspx?|jsp|do)$")
_ID_VALUE = re.compile(r"\d{4,}|[A-Za-z]{1,4}\d{5,}|\d{4,}\.\d+")
_GENERIC_ID_SEGMENT = re.compile(r"(^|[/_-])[a-z]{0,4}\d{5,}([/_.-]|$)", re.IGNORECASE)
_GENERIC_DATE_PATH = re.compile(r"/(19|20)\d{2}/[01]?\d/[0-3]?\d/[^/]+")


def _split_query(query: str) -> list[tuple[str, str]]:
    # latin-1 maps each %XX byte to one character and back: EUC-KR/CP949-encoded values survive
    return parse_qsl(query, keep_blank_values=True, encoding="latin-1")


def _param_map(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Lowercased names → the first non-empty value (repeated parameters happen in the wild)."""
    out: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        if not out.get(key):
            out[key] = value
    return out


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def _match_shape(family: UrlFamily, path: str, params: dict[str, str]) -> ArticleShape | None:
    for shape in family.articles:
        if not shape.path.search(path):
            continue
        if shape.require and not params.get(shape.require.lower(), "").strip():
            continue
        if any(params.get(k.lower(), "").lower() != v.lower() for k, v in shape.require_values):
            continue
        return shape
    return None


@lru_cache(maxsize=8192)
def family_of_url(url: str) -> str | None:
    """The family whose article URL shape this URL has, or None (generic or not an article)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    params = _param_map(_split_query(parts.query))
    for family in FAMILIES.values():
        if _match_shape(family, parts.path or "/", params):
            return family.name
    return None


def _fold_host(host: str, home_host: str | None) -> str:
    """Fold mobile/desktop variants: ``m.x.kr`` → ``www.x.kr`` (or to the outlet's own host)."""
    if not host or _is_ip_or_local(host):
        return host
    bare = _strip_prefixes(host)
    if home_host:
        home = home_host.lower().rstrip(".")
        if _strip_prefixes(home) == bare:
            return home
    for prefix in MOBILE_PREFIXES:
        if host.startswith(prefix) and bare.count(".") >= 1:
            return "www." + bare
    return host


def _strip_prefixes(host: str) -> str:
    for prefix in (*MOBILE_PREFIXES, "www."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _is_ip_or_local(host: str) -> bool:
    return host == "localhost" or bool(re.fullmatch(r"[\d.]+|\[[0-9a-f:]+\]", host))


def canonicalize(url: str, cms: str | None = None, *, home_host: str | None = None) -> str:
    """The one URL an article (or page) is known by.

    Lowercases scheme and host, drops the fragment, default port and tracking parameters, folds
    ``m.``/``mobile.`` hosts to ``www.`` (or, given ``home_host``, every m./www./bare variant of
    that host to ``home_host``), and for a family article URL keeps only the identifying
    parameters (NDSoft ``idxno``, ``view.php?idx``, ``article.html?no``, ``view.php?key``, none for
    ``/page/view/<id>``). Other URLs keep their remaining parameters, sorted (w3lib). ``cms`` is
    accepted for symmetry with ``is_article_url``: every family's article shape is unambiguous, so
    the URL's own shape decides. Never raises on junk input: it returns the input stripped.
    """
    return _canonicalize(url.strip(), home_host.lower() if home_host else None)


_UNSAFE = re.compile(r"[^\x21-\x7e]|[<>\"{}|\\^`]")


@lru_cache(maxsize=16384)  # list pages repeat their links; all URL caches together hold ~20 MB when full
def _canonicalize(raw: str, home_host: str | None) -> str:
    try:
        parts = urlsplit(safe_url_string(raw) if _UNSAFE.search(raw) else raw)
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return raw
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    host = _fold_host(host, home_host)
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    path = parts.path or "/"
    query = [(k, v) for k, v in _split_query(parts.query) if not _is_tracking(k)]
    params = _param_map(query)
    for family in FAMILIES.values():
        shape = _match_shape(family, path, params)
        if shape is None:
            continue
        kept = []
        for name in shape.keep:
            value = params.get(name.lower(), "").strip()
            if value:
                kept.append((name, value))
        return urlunsplit((scheme, netloc, path, urlencode(kept, encoding="latin-1"), ""))
    rebuilt = urlunsplit((scheme, netloc, path, urlencode(query, encoding="latin-1"), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def is_list_url(url: str, cms: str | None = None) -> bool:
    """True for a known list/section/search page shape of ``cms`` (or of any family if None)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    families = [FAMILIES[cms]] if cms in FAMILIES else list(FAMILIES.values())
    return any(p.search(target) for f in families for p in f.lists)


@lru_cache(maxsize=16384)
def is_article_url(url: str, cms: str | None = None) -> bool:
    """Does this URL look like one article page?

    A family's article shape is decisive (any family: outlets change CMS and keep old URLs).
    Otherwise the generic heuristics apply: not a media/feed file, not a list-like path, and
    an article id (≥ 5 digits in a path segment or an id parameter) or a /YYYY/MM/DD/slug path.
    ``cms`` only sharpens the list check for that family.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    path = parts.path or "/"
    params = _param_map(_split_query(parts.query))
    for family in FAMILIES.values():
        if _match_shape(family, path, params):
            return True
    if _NOT_PAGE_EXT.search(path) or _LIST_FILE.search(path) or is_list_url(url, cms):
        return False
    if _LISTISH.search(path) or any(k in ("page", "sc_section_code", "sec_no", "part_idx") for k in params):
        return False
    if _GENERIC_ID_SEGMENT.search(path) or _GENERIC_DATE_PATH.search(path):
        return True
    return any(_ID_VALUE.fullmatch(params.get(k, "")) for k in _ID_PARAMS)


# Family fingerprints in page HTML (kr-news-cms.md, "Detecting the family"). Used by
# `newsarchive outlets check/add` when archive.extract's detector is not available.
FINGERPRINTS: dict[str, tuple[re.Pattern[str], ...]] = {
    "ndsoft": (
        _re(r"/news/articleView\.html\?idxno="),
        _re(r"article-view-content-div"),
        _re(r"article-veiw-body"),
        _re(r"ndsoft-fonts\.css"),
        _re(r"/news/articleList\.html\?"),
        _re(r"/rss/allArticle\.xml"),
    ),
    "idx_view": (
        _re(r"/news/view\.php\?idx="),
        _re(r"/default/index_(sub|view_page)\.php"),
        _re(r"board_data="),
        _re(r"id=[\"']?viewContent"),
        _re(r"최종편집\s*:"),
    ),
    "article_no": (
        _re(r"/news/article\.html\?no="),
        _re(r"section_list_all\.html\?sec_no="),
        _re(r"article_list_writer\.html"),
    ),
    "page_view": (_re(r"/page/view/\d{19}"), _re(r"id=[\"']?articlebody")),
}


_ARTICLE_LINKS: dict[str, re.Pattern[str]] = {
    "ndsoft": _re(r"articleView\.html\?(?:[^\"'#>]*?&(?:amp;)?)?idxno=(\d+)"),
    "idx_view": _re(r"/news/view\.php\?(?:[^\"'#>]*?&(?:amp;)?)?idx=(\d+)"),
    "article_no": _re(r"/news/article\.html\?(?:[^\"'#>]*?&(?:amp;)?)?no=(\d+)"),
    "page_view": _re(r"/page/view/(\d{19})"),
}


def detect_family_from_html(html: str, url: str | None = None) -> tuple[str, dict[str, int]]:
    """Guess the CMS family of a page by counting fingerprints; ("generic", scores) if none wins.

    Needs at least two distinct fingerprints (or links to three different articles of the family's
    URL shape, or the page's own URL in that shape) so one stray link does not decide it.
    """
    scores = {name: sum(1 for p in pats if p.search(html)) for name, pats in FINGERPRINTS.items()}
    for name, pattern in _ARTICLE_LINKS.items():
        if len(set(pattern.findall(html))) >= 3:  # a page linking to many articles of one shape
            scores[name] += 2
    if url:
        fam = family_of_url(url)
        if fam in scores:
            scores[fam] += 2
    best = max(scores, key=lambda k: scores[k])
    if scores[best] >= 2 and list(scores.values()).count(scores[best]) == 1:
        return best, scores
    return "generic", scores
