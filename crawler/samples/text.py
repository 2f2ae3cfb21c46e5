"""Korean text helpers for the generator: particle (조사) agreement and small formatting utilities.

Templates write particles as ``(은)``, ``(이)``, ``(을)``, ``(과)``, ``(으로)``, ``(이라)`` right after a
slot; :func:`fix_josa` picks the form that agrees with the preceding syllable's final consonant, so
one template reads right for 포항시는 and 경주는 alike.
"""

from __future__ import annotations

import re

_PAIRS = {
    "은": ("은", "는"),
    "이": ("이", "가"),
    "을": ("을", "를"),
    "과": ("과", "와"),
    "으로": ("으로", "로"),
    "이라": ("이라", "라"),
    "아": ("아", "야"),
    "이었": ("이었", "였"),
}
_JOSA_RE = re.compile(r"(.)\((은|이었|이라|이|을|과|으로|아)\)")
_SKIP = "'\"’‘“”」』)]》〉 "


def _batchim(ch: str) -> int | None:
    """Final-consonant index of a Hangul syllable (0 = none); None for non-Hangul."""
    code = ord(ch) - 0xAC00
    if 0 <= code < 11172:
        return code % 28
    if ch.isdigit():
        # 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant; 2 이, 4 사, 5 오, 9 구 do not
        return {"0": 21, "1": 8, "3": 16, "6": 1, "7": 8, "8": 8}.get(ch, 0)
    if ch.isascii() and ch.isalpha():
        return 0
    return None


def fix_josa(text: str) -> str:
    """Replace every ``(은)``-style marker with the particle form that agrees with the word before it."""

    def repl(m: re.Match[str]) -> str:
        prev, key = m.group(1), m.group(2)
        start = m.start(1)
        ch = prev
        i = start
        while ch in _SKIP and i > 0:
            i -= 1
            ch = text[i]
        b = _batchim(ch)
        with_c, without = _PAIRS[key]
        if b is None:
            b = 0
        has_final = b not in (0, 8) if key == "으로" else bool(b)  # 으로 also drops after ㄹ
        form = with_c if has_final else without
        return prev + form

    return _JOSA_RE.sub(repl, text)


def weekday_ko(weekday: int) -> str:
    """Monday=0 → 월."""
    return "월화수목금토일"[weekday]


def ampm_ko(hour: int) -> str:
    return "오전" if hour < 12 else "오후"


def shorten(text: str, n: int, tail: str = "..") -> str:
    """Cut a title the way portal sidebars do: n characters then a tail."""
    return text if len(text) <= n else text[:n] + tail
