"""A readable diff between two versions of an article, for people rather than patch tools.

Paragraphs are aligned first (an edit usually touches a few paragraphs), then words inside each
changed paragraph pair, so a reworded sentence shows as a few struck/inserted words instead of two
whole paragraphs. Everything is HTML-escaped here; the result is ``Markup`` for the template.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup

_TOKEN = re.compile(r"\s+|[^\s]+")
_SENTENCE = re.compile(r"[^.!?。]*[.!?。]+\s*|[^.!?。]+")
# SequenceMatcher(autojunk=False) is quadratic in tokens (18 s for a 10k-word paragraph): above this
# many tokens a paragraph pair is diffed by sentence, and above it again shown as removed + added.
MAX_DIFF_TOKENS = 2_000  # per side: words and the whitespace between them (~1,000 words)


@dataclass(frozen=True)
class DiffBlock:
    kind: str  # same | changed | added | removed
    html: Markup


@dataclass(frozen=True)
class Diff:
    blocks: list[DiffBlock]
    added: int  # words
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def word_diff(a: str, b: str) -> tuple[Markup, int, int]:
    """Inline word diff of two strings: ``<del>`` for removed, ``<ins>`` for added words. Very long
    paragraphs fall back to sentences, then to the whole paragraph, so the time stays bounded."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if len(ta) + len(tb) > 2 * MAX_DIFF_TOKENS:
        ta, tb = _SENTENCE.findall(a), _SENTENCE.findall(b)
        if len(ta) + len(tb) > 2 * MAX_DIFF_TOKENS:
            ta, tb = [a], [b]
    out: list[str] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(ta[i1:i2])))
            continue
        if op in ("delete", "replace"):
            removed += sum(len(t.split()) for t in ta[i1:i2])
            out.append(f"<del>{html.escape(''.join(ta[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            added += sum(len(t.split()) for t in tb[j1:j2])
            out.append(f"<ins>{html.escape(''.join(tb[j1:j2]))}</ins>")
    return Markup("".join(out)), added, removed


def diff_texts(old: str | None, new: str | None, *, context: int = 1) -> Diff:
    """Diff two bodies (paragraphs joined by blank lines). Unchanged paragraphs further than
    ``context`` from a change collapse into one "…" block."""
    pa, pb = paragraphs(old), paragraphs(new)
    blocks: list[DiffBlock] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes():
        if op == "equal":
            blocks.extend(DiffBlock("same", Markup(html.escape(p))) for p in pa[i1:i2])
        elif op == "delete":
            for p in pa[i1:i2]:
                removed += len(p.split())
                blocks.append(DiffBlock("removed", Markup(f"<del>{html.escape(p)}</del>")))
        elif op == "insert":
            for p in pb[j1:j2]:
                added += len(p.split())
                blocks.append(DiffBlock("added", Markup(f"<ins>{html.escape(p)}</ins>")))
        else:  # replace: pair paragraphs up in order, word-diff each pair, leftovers whole
            olds, news = pa[i1:i2], pb[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news):
                    markup, a, r = word_diff(olds[k], news[k])
                    added += a
                    removed += r
                    blocks.append(DiffBlock("changed", markup))
                elif k < len(olds):
                    removed += len(olds[k].split())
                    blocks.append(DiffBlock("removed", Markup(f"<del>{html.escape(olds[k])}</del>")))
                else:
                    added += len(news[k].split())
                    blocks.append(DiffBlock("added", Markup(f"<ins>{html.escape(news[k])}</ins>")))
    return Diff(_collapse(blocks, context), added, removed)


def _collapse(blocks: list[DiffBlock], context: int) -> list[DiffBlock]:
    near = set()
    for i, b in enumerate(blocks):
        if b.kind != "same":
            near.update(range(i - context, i + context + 1))
    if not near:
        return blocks
    out: list[DiffBlock] = []
    for i, b in enumerate(blocks):
        if b.kind != "same" or i in near:
            out.append(b)
        elif not out or out[-1].kind != "skip":
            out.append(DiffBlock("skip", Markup("…")))
    return out
