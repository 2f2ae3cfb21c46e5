"""The writer's fast paths give exactly what their plain, obvious versions give (hypothesis)."""

from __future__ import annotations

import base64
import hashlib
import os

from hypothesis import example, given, settings
from hypothesis import strategies as st

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
