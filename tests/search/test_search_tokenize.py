"""How text becomes index tokens: bigrams per word run, one token per gap between runs, shared normalization."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.tokenize import JOIN, index_text, iter_runs, normalize, tokens_of_runs

KOREAN_MIX = st.text(
    alphabet=st.sampled_from(list("포항시는가을의 에서KTXkt-_.,·「」2024ＡＢ１\n\t가힣ß") + ["\u0301", "e"]),
    max_size=60,
)
ASCII_TOKENIZER_SPLIT = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+")


def fts_tokens(indexed: str) -> list[str]:
    """What SQLite's FTS5 ascii tokenizer sees in the stored column."""
    return [t for t in ASCII_TOKENIZER_SPLIT.split(indexed) if t]


def reference_tokens(text: str) -> list[str]:
    return tokens_of_runs(list(iter_runs(normalize(text))))


def test_bigrams_and_word_boundaries():
    assert fts_tokens(index_text("포항시는 오늘")) == ["포항", "항시", "시는", "는" + JOIN + "오", "오늘"]
    # a one-character run sits between two boundary tokens; punctuation is a gap like a space
    assert fts_tokens(index_text("a 원-b")) == ["a" + JOIN + "원", "원" + JOIN + "b"]


def test_every_char_position_but_the_last_starts_one_token():
    text = "경북 포항시가 KTX-이음을"
    tokens = fts_tokens(index_text(text))
    assert len(tokens) == sum(len(r) for r in iter_runs(normalize(text))) - 1


def test_latin_case_and_fullwidth_fold():
    assert fts_tokens(index_text("ＫＴＸ")) == fts_tokens(index_text("ktx")) == ["kt", "tx"]


def test_a_lone_character_has_no_text_token():
    assert index_text("시") == index_text(" 시. ") == ""


def test_empty_and_separator_only():
    assert index_text(None) == index_text("") == index_text(" ,.-_ ") == ""


@settings(max_examples=300)
@given(KOREAN_MIX)
def test_fast_path_equals_reference(text):
    assert fts_tokens(index_text(text)) == reference_tokens(text)


def test_char_set_is_distinct_normalized_word_characters():
    from archive.search.tokenize import char_set

    assert char_set("포항시는 포항", None, "ＫＴＸ-1") == " ".join("¶" + c for c in sorted(set("포항시는ktx1")))
    assert char_set(None, "", "…!") == ""



@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), KOREAN_MIX), min_size=3, max_size=3))
def test_index_columns_is_index_text_of_each_and_their_char_set(texts):
    from archive.search.tokenize import char_set, index_columns

    assert index_columns(*texts) == (*(index_text(t) for t in texts), char_set(*texts))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("포항 시KTX¦1ß𠀀é") + ["\u00a6", "\U0010fffd"]), max_size=200))
def test_pairs_equals_joined_concatenations(text):
    import operator

    from archive.search.tokenize import _pairs

    assert _pairs(text) == " ".join(map(operator.add, text, text[1:]))


@settings(max_examples=200, deadline=None)
@given(st.lists(KOREAN_MIX, min_size=1, max_size=8).map(" ".join))
def test_long_text_tokens_equal_reference_string(text):
    # past NUMPY_PAIRS characters the pairs are built in numpy: the stored string must be unchanged
    tokens = reference_tokens(text)
    assert index_text(text) == " ".join(tokens)


LONG_MIX = st.lists(KOREAN_MIX, min_size=0, max_size=10).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.none(), LONG_MIX, LONG_MIX.map(lambda t: t + "𠀀\ud800")), min_size=3, max_size=3)
)
def test_numpy_columns_equal_the_string_path(texts):
    # texts past NUMPY_TEXT characters (and those with a character beyond the BMP) take other paths
    from archive.search.tokenize import char_set, index_columns

    assert index_columns(*texts) == (*(index_text(t) for t in texts), char_set(*texts))
