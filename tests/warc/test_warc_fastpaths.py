"""The writer's fast paths give exactly what their plain, obvious versions give (hypothesis)."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import socket
import uuid
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
import surt
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from archive.warc import index
from archive.warc import records as r

# Text around the awkward cases: CR/LF/colon, blanks `strip` removes, Latin-1, beyond Latin-1.
AWKWARD = st.text(
    alphabet=st.one_of(
        st.sampled_from("\r\n:\t \x0b\x1c\x85\xa0é\xff\u4e2d\u3000가"),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(max_codepoint=0x2FFFF, blacklist_categories=("Cs",)),
    ),
    max_size=30,
)
PLAIN = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30)
HEADERS = st.lists(st.tuples(st.one_of(PLAIN, AWKWARD), st.one_of(PLAIN, AWKWARD)), max_size=8)


def reference_header_lines(first_line: str | None, headers: list[tuple[str, str]], http: bool) -> bytes:
    """The original one-value-at-a-time encoder."""

    def name_bytes(name: str) -> bytes:
        return name.replace("\r", "").replace("\n", "").replace(":", "").strip().encode("latin-1", "replace")

    def http_value(value: str) -> bytes:
        value = value.replace("\r", " ").replace("\n", " ")
        try:
            return value.encode("latin-1")
        except UnicodeEncodeError:
            return value.encode("utf-8")

    def warc_value(value: str) -> bytes:
        return value.replace("\r", " ").replace("\n", " ").encode("utf-8")

    encode = http_value if http else warc_value
    parts = [] if first_line is None else [encode(first_line), b"\r\n"]
    for name, value in headers:
        parts += [name_bytes(name), b": ", encode(value), b"\r\n"]
    parts.append(b"\r\n")
    return b"".join(parts)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.none(), PLAIN, AWKWARD), HEADERS, st.booleans(), st.booleans())
@example("GET / HTTP/1.1", [("a", "b\rc")], True, False)
@example(None, [("a", "b\nc")], False, False)
@example("x\r", [("a:\r\n", "b")], True, False)
@example(None, [("Name\xe9", "v")], False, False)
@example(None, [("Name", "\u4e2d")], True, False)
def test_header_lines_matches_the_value_by_value_encoding(first_line, headers, http, as_generator):
    expected = reference_header_lines(first_line, headers, http)
    given_headers = (h for h in headers) if as_generator else headers
    assert r.header_lines(first_line, given_headers, http=http) == expected
    assert r.header_lines(first_line, headers, http=http) == expected  # names now cached


@settings(max_examples=2000, deadline=None)
@given(st.binary(min_size=20, max_size=20))
@example(bytes(20))
@example(b"\xff" * 20)
@example(bytes(range(20)))
def test_b32_sha1_is_base64_b32encode(digest):
    assert r.b32_sha1(digest) == base64.b32encode(digest).decode("ascii")


def test_payload_digest_is_sha1_base32():
    for body in (b"", b"x", os.urandom(5000)):
        expected = "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")
        assert r.payload_digest(body) == expected
    for _ in range(20000):
        digest = os.urandom(20)
        assert r.b32_sha1(digest) == base64.b32encode(digest).decode("ascii")


# -- SURT keys ----------------------------------------------------------------------------------

LABEL = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", min_size=1, max_size=8
)
DOMAIN = (
    st.lists(
        st.one_of(LABEL, st.sampled_from(["www", "WWW", "www2", "www12", "ww", "co", "kr"])),
        min_size=1,
        max_size=4,
    )
    .map(".".join)
    .filter(lambda h: re.search(r"[^0-9.]", h) is not None)  # all-numeric hosts: see NUMERIC_HOSTS
)
OCTET = st.integers(0, 255).map(str)
IPV4 = st.tuples(OCTET, OCTET, OCTET, OCTET).map(".".join)
# URLs the fast path should answer, in all the variations it must get right
PLAIN = st.fixed_dictionaries(
    {
        "scheme": st.sampled_from(["http://", "https://"]),
        "host": st.one_of(DOMAIN, IPV4),
        "port": st.sampled_from(["", ":80", ":443", ":8080", ":65535", ":1"]),
        "path": st.lists(st.text(alphabet="aAzZ09-_.~!$&'*+,;=:@[]^`{|}\\\"<>/", max_size=6), max_size=4).map(
            lambda segments: "".join("/" + x for x in segments)
        ),
        "query": st.one_of(
            st.just(""),
            st.just("?"),
            st.lists(st.text(alphabet="aAbBzZ09=-_.~/:?;@", max_size=5), max_size=5).map(
                lambda args: "?" + "&".join(args)
            ),
        ),
        "fragment": st.sampled_from(["", "#", "#top", "#a?b", "#/x/../y"]),
    }
)
# one thing surt treats specially, put in a plain URL
DEFECTS = [
    ("path", "/포항"), ("path", "/%41b"), ("path", "/a%2fb"), ("path", "/a b"), ("path", "/a\tb"), ("path", "//a"),
    ("path", "/./a"), ("path", "/a/.."), ("path", "/a/../b"), ("path", "/.hidden"), ("path", "/A(B)/c"),
    ("path", "/x/(S(abcdefghijklmnopqrstuvwx))/page.aspx"), ("path", "/(abcdefghijklmnopqrstuvwx)/A.aspx"),
    ("path", "/\x7f"), ("path", "/a\nb"),
    ("query", "?jsessionid=" + "A1" * 16), ("query", "?x=1&PHPSESSID=" + "b" * 32 + "&y=2"),
    ("query", "?sid=" + "c" * 32), ("query", "?a=1&CFID=12&cftoken=34"),
    ("query", "?ASPSESSIONIDabcdefgh=" + "x" * 24), ("query", "?q=포항"), ("query", "?q=%ED%8F%AC"),
    ("query", "?a=1&b=%26"), ("query", "?a b=1"), ("query", "?&&"), ("query", "?="), ("query", "?b&a=&a"),
    ("host", "포항.kr"), ("host", "Www.Example.com"), ("host", "WWW1.example.COM"), ("host", "www.com"),
    ("host", "www"), ("host", "www."), ("host", "www.1.2.3.4"), ("host", "xn--og8bo1a.kr"),
    ("host", "user@example.com"), ("host", "u:p@www.example.com"), ("host", "[::1]"), ("host", "[2001:db8::1]"),
    ("host", "example.com."), ("host", ".example.com"), ("host", "a..b.com"), ("host", ""), ("host", "exa%6Dple.com"),
    ("host", "ex ample.com"), ("host", "https"), ("host", "http"),
    ("host", "127.1"), ("host", "1.2.3"), ("host", "2130706433"), ("host", "010.0.0.1"), ("host", "0.1.2.3"),
    ("host", "01.02.03.04"), ("host", "0.0.0.0"), ("host", "255.255.255.255"), ("host", "1.2.3.4.5"),
    ("port", ":"), ("port", ":080"), ("port", ":0"), ("port", ":00"), ("port", ":65536"), ("port", ":99999"),
    ("port", ":x"), ("port", ":1:2"), ("port", ":443"), ("port", ":80"),
    ("scheme", "HTTP://"), ("scheme", "Https://"), ("scheme", "http://https://"), ("scheme", "https://http://"),
    ("scheme", "http://http://"), ("scheme", "ftp://"), ("scheme", ""), ("scheme", "http:"), ("scheme", "http:///"),
    ("scheme", "dns:"), ("scheme", "filedesc://"),
    ("fragment", "#포"), ("fragment", "#%41"), ("fragment", "# x"), ("fragment", "#\n"),
    ("wrap", " "), ("wrap", "\t"), ("wrap", "\n"), ("wrap", "\x0b"),
]  # fmt: skip
ORDER = ("scheme", "host", "port", "path", "query", "fragment")


def _url(parts: dict, defect: tuple[str, str] | None) -> str:
    parts = dict(parts)
    wrap = ""
    if defect is not None:
        where, text = defect
        if where == "wrap":
            wrap = text
        else:
            parts[where] = text
    return wrap + "".join(parts[k] for k in ORDER) + wrap


URLS = st.builds(_url, PLAIN, st.one_of(st.none(), st.sampled_from(DEFECTS)))


def _numeric_only_gethostbyname_ex(name: str):
    """Numeric hosts as libc resolves them; never a DNS query from a test."""
    try:
        socket.inet_aton(name.decode("ascii") if isinstance(name, bytes) else name)
    except (OSError, UnicodeDecodeError):
        raise socket.gaierror(socket.EAI_NONAME, "not numeric; tests make no DNS query") from None
    return _real_gethostbyname_ex(name)


_real_gethostbyname_ex = socket.gethostbyname_ex


@pytest.fixture(scope="module")
def no_dns():
    mp = pytest.MonkeyPatch()
    mp.setattr(socket, "gethostbyname_ex", _numeric_only_gethostbyname_ex)
    yield
    mp.undo()


def _check_url_key(url: str) -> bool:
    """fast_url_key agrees with surt where it answers; url_key agrees always. True if fast."""
    try:
        expected = surt.surt(url)
    except Exception:  # noqa: BLE001 - url_key then keeps the URL
        expected = url
    fast = index.fast_url_key(url)
    assert fast is None or fast == expected, url
    assert index.url_key(url) == expected, url
    return fast is not None


@settings(max_examples=6000, deadline=None)
@given(URLS)
def test_fast_url_key_is_surt(no_dns, url):
    event("fast path" if _check_url_key(url) else "surt")


@pytest.mark.parametrize("defect", DEFECTS)
def test_fast_url_key_is_surt_with_each_defect(no_dns, defect):
    plain = {"scheme": "https://", "host": "www.example.co.kr", "port": "", "path": "/news/articleView.html",
             "query": "?idxno=12&sc=x", "fragment": ""}  # fmt: skip
    _check_url_key(_url(plain, defect))
    _check_url_key(_url({**plain, "host": "127.0.0.11", "port": ":41827"}, defect))


def test_fast_url_key_takes_the_usual_news_urls(no_dns):
    urls = [
        "http://127.0.0.11:41827/news/articleView.html?idxno=10027",
        "https://www.kyongbuk.co.kr/news/articleView.html?idxno=2140432",
        "https://www.news.example.co.kr/news/articleList.html?page=2&sc_section_code=S1N1&view_type=sm",
        "http://www2.example.com/page/view/2026111222340066316",
        "https://news.example.kr/articles/2026/11/15/000589/",
        "https://m.example.com:8443/rss/allArticle.xml",
        "https://example.com",
        "https://example.com/?",
        "http://example.com/a/b.html#top",
    ]
    assert all(_check_url_key(url) for url in urls)


# -- record ids and dates -----------------------------------------------------------------------


def test_record_ids_are_version_4_uuids():
    ids = [record_id for _ in range(3000) for record_id in r.new_record_ids(3)] + [r.new_record_id()]
    assert len(set(ids)) == len(ids)
    variant_digits = set()
    for record_id in ids:
        assert record_id.startswith("<urn:uuid:") and record_id.endswith(">")
        text = record_id[len("<urn:uuid:") : -1]
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)
        variant_digits.add(text[19])
    assert variant_digits == set("89ab")  # the variant's two low bits stay random


def reference_warc_date(when: datetime) -> str:
    """The strftime formatting the writer used first."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    if when.microsecond:
        return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond:06d}Z"
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


OFFSETS = st.integers(-23 * 60, 23 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
        st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=OFFSETS),
    )
)
@example(datetime(2026, 11, 26, 5, 30, 12, 345678, tzinfo=UTC))
@example(datetime(2026, 11, 26, 5, 30, 12))
@example(datetime(999, 12, 31, 23, 59, 59, 1))
@example(datetime(1000, 1, 1, tzinfo=timezone(timedelta(hours=1))))
def test_warc_date_matches_strftime(when):
    assert r.format_warc_date(when) == reference_warc_date(when)


# -- request line -------------------------------------------------------------------------------


def reference_request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@settings(max_examples=3000, deadline=None)
@given(URLS)
@example("http://[2001:db8::1]:8080/x?b=2&a=1")
@example("http://[::1/x")
@example("https://example.com]/x")
@example("http://example.com?a#b?c")
def test_request_target_is_urlsplit(url):
    try:
        expected = reference_request_target(url)
    except ValueError:  # urlsplit refuses the URL; so must request_target
        with pytest.raises(ValueError):
            r.request_target(url)
        return
    assert r.request_target(url) == expected
