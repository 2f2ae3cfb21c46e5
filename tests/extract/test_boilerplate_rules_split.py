"""The copyright and caption rules, split for speed (plain Hangul part + Latin re.I part), decide
exactly as the single case-insensitive patterns they replaced."""

from __future__ import annotations

import random
import re

from archive.extract.boilerplate import _CAPTION_RULES, _COPYRIGHT_RULES, _LATIN, _matches

# The rules as they were written before the split (reference for the comparison).
CAPTION = re.compile(
    r"(?:사진\s*[=:／/]|/\s*사진|사진\s*제공|사진\s*출처|자료\s*사진|그래픽\s*[=:]|\[사진\]|\(사진\)|^▲|^△|^■\s*사진|"
    r"(?:제공|촬영|캡처|캡쳐|출처|뉴스1|뉴시스|연합뉴스)\s*[\])]?$|[\[(][^\])]{0,30}제공[\])]$|gettyimages|getty\s*images|"
    r"shutterstock|이미지\s*투데이|클립아트코리아)",
    re.I,
)
COPYRIGHT = re.compile(r"저작권자\s*[ⓒ©(]|무단\s*전재|무단\s*복제|재배포\s*금지|copyright|all rights reserved|ⓒ|©|\(c\)\s", re.I)

PIECES = ("사진", "=", "제공", "출처", "자료", "그래픽", "[", "]", "(", ")", "▲", "■", " ", "뉴스1", "연합뉴스", "Getty",
          "IMAGES", "gettyimages", "shutterstock", "SHUTTERſTOCK", "이미지 투데이", "클립아트코리아", "저작권자", "ⓒ", "Ⓒ",
          "©", "무단 전재", "재배포 금지", "Copyright", "COPYRIGHT", "copyrıght", "All Rights Reserved", "(c) ", "(C)",
          "포항시는", "밝혔다.", "abc", "K", "ı", "■ 사진", "△", "복제", "저작권자(", "촬영", "캡쳐", "뉴시스 ", "/", "：")


def test_latin_gate_covers_every_character_re_i_matches_to_a_letter() -> None:
    letters = re.compile("[a-z]", re.I)
    missed = [hex(c) for c in range(0x110000) if letters.fullmatch(chr(c)) and not _LATIN.fullmatch(chr(c))]
    assert missed == []


def test_split_rules_decide_like_the_single_patterns() -> None:
    rng = random.Random(7)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6))) for _ in range(20_000)]
    texts += ["사진=연합뉴스", "(사진=칠곡군 제공)", "Ⓒ 경북일보", "getty  images", "포항시청 전경. 포항시 제공",
              "GettyImagesBank", "ShutterStock", "ALL RIGHTS RESERVED", "무단전재", "본문 문장입니다."]
    for text in texts:
        latin = _LATIN.search(text) is not None
        assert _matches(_CAPTION_RULES, text, latin) == bool(CAPTION.search(text)), text
        assert _matches(_COPYRIGHT_RULES, text, latin) == bool(COPYRIGHT.search(text)), text
