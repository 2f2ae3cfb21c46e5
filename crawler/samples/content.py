"""The story generator: press releases, wire stories and originals, and each outlet's copy of them.

A :class:`Story` fixes the facts (slots, chosen fact sentences). :func:`write_copy` turns a story into
one outlet's article text. Press-release copies are really edited (another lead and headline, facts
reordered, some dropped, sentences reworded); wire copies keep the wire's dateline and text with
light cuts. Everything is driven by ``random.Random`` seeded from strings, so it is deterministic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from crawler.samples.text import fix_josa
from crawler.samples.topics import BACKGROUND, TOPICS, person, slots_for
from crawler.samples.vocab import CITIES, City

WIRE_NAME = "새날통신"
WIRE_DOMAIN = "saenal.example"


@dataclass
class Story:
    id: str
    kind: str  # "press" | "wire" | "original"
    topic: str
    city: City
    slots: dict[str, Any]
    facts: list[int]  # indices into the fact pool (topic facts, then BACKGROUND)
    lead: int
    title: int
    quotes: list[int]
    wire_reporter: str | None = None
    seed: str = ""


@dataclass
class Copy:
    """One outlet's text of a story: what the page shows and what the ground truth says."""

    title: str
    subtitle: str
    paragraphs: list[str]
    section: str  # topic section (행정/경제/사회/문화/교육); outlets map it to their own names
    dateline: bool = False
    used_facts: list[int] = field(default_factory=list)


def rng_for(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _pool(topic: str) -> list[list[str]]:
    return TOPICS[topic]["facts"] + BACKGROUND


def new_story(seed: int, story_id: str, kind: str, *, city: City | None = None) -> Story:
    """Pick a topic, a city and the facts of one story."""
    rng = rng_for(seed, "story", story_id)
    topic = rng.choice(sorted(TOPICS))
    city = city or rng.choice(CITIES)
    slots = slots_for(topic, rng, city)
    pool = _pool(topic)
    n_topic = len(TOPICS[topic]["facts"])
    k = rng.randint(min(6, n_topic), n_topic)
    facts = rng.sample(range(n_topic), k)
    facts += rng.sample(range(n_topic, len(pool)), rng.randint(1, 3))
    t = TOPICS[topic]
    quotes = rng.sample(range(len(t["quotes"])), rng.randint(1, len(t["quotes"])))
    return Story(
        id=story_id, kind=kind, topic=topic, city=city, slots=slots, facts=facts,
        lead=rng.randrange(len(t["leads"])), title=rng.randrange(len(t["titles"])), quotes=quotes,
        wire_reporter=person(rng) if kind == "wire" else None, seed=f"{seed}",
    )


def _fill(template: str, slots: dict[str, Any]) -> str:
    return fix_josa(template.format(**slots))


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    """Lead alone, then one or two sentences per paragraph, quotes alone."""
    paras = [sentences[0]]
    i = 1
    while i < len(sentences):
        s = sentences[i]
        if '"' in s or i + 1 >= len(sentences) or '"' in sentences[i + 1] or rng.random() < 0.55:
            paras.append(s)
            i += 1
        else:
            paras.append(s + " " + sentences[i + 1])
            i += 2
    return paras


def write_copy(story: Story, copy_index: int, outlet_id: str) -> Copy:
    """The text of one outlet's copy (copy_index 0 is the release/wire as sent)."""
    t = TOPICS[story.topic]
    pool = _pool(story.topic)
    s = story.slots
    rng = rng_for(story.seed, story.id, copy_index, outlet_id)
    facts = list(story.facts)
    quotes = list(story.quotes)
    if story.kind == "press" and copy_index > 0:
        # a desk rewrites the release: another lead, facts reordered and some dropped, rewording
        lead_i = (story.lead + copy_index) % len(t["leads"])
        title_i = (story.title + copy_index) % len(t["titles"])
        head, tail = facts[:1], facts[1:]
        rng.shuffle(tail)
        for _ in range(rng.randint(1, 2)):
            if len(tail) > 5:
                tail.pop(rng.randrange(len(tail)))
        facts = head + tail
        variants = [rng.randrange(len(pool[f])) for f in facts]
        rng.shuffle(quotes)
    elif story.kind == "wire" and copy_index > 0:
        # a wire copy: same text, the desk cuts a sentence or two from the end and may retitle
        lead_i, title_i = story.lead, story.title if copy_index % 2 else (story.title + 1) % len(t["titles"])
        cut = rng.randint(0, 2)
        facts = facts[: max(6, len(facts) - cut)]
        variants = [0] * len(facts)
    else:
        lead_i, title_i = story.lead, story.title
        variants = [0 if story.kind != "original" else rng.randrange(len(pool[f])) for f in facts]
    sentences = [_fill(t["leads"][lead_i], s)]
    sentences += [_fill(pool[f][v % len(pool[f])], s) for f, v in zip(facts, variants, strict=True)]
    quote_text = [_fill(t["quotes"][q], s) for q in quotes]
    # quotes sit in the middle or near the end depending on the desk
    pos = len(sentences) - rng.randint(1, 2) if len(sentences) > 6 else len(sentences)
    sentences[pos:pos] = quote_text
    if story.kind == "wire":
        sentences[0] = f"({story.city.name}={WIRE_NAME}) {story.wire_reporter} 기자 = " + sentences[0]
    paras = _paragraphs(sentences, rng)
    sub_rng = rng_for(story.seed, story.id, "sub", copy_index if story.kind == "press" else 0)
    subtitle = _fill(sub_rng.choice(t["subtitles"]), s)
    return Copy(
        title=_fill(t["titles"][title_i], s), subtitle=subtitle, paragraphs=paras, section=t["section"],
        dateline=story.kind == "wire", used_facts=facts,
    )


def edit_text(paragraphs: list[str], story: Story, rng: random.Random) -> list[str]:
    """An editor's later change: a sentence added (update) and a number fixed where one appears."""
    paras = list(paragraphs)
    pool = _pool(story.topic)
    extra = _fill(pool[rng.randrange(len(pool))][-1], story.slots)
    paras.insert(max(1, len(paras) - 1), "이와 관련해 " + extra)
    for i in range(1, len(paras)):
        for d in "3456789":
            if d in paras[i] and '"' not in paras[i]:
                paras[i] = paras[i].replace(d, str(int(d) - 1), 1)
                return paras
    return paras
