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
    details: list[list[str]] = field(default_factory=list)  # story-only sentences (filled text)
    variants: dict[int, int] = field(default_factory=dict)  # the release's wording of each fact


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


def _pool(story: Story) -> list[list[str]]:
    return TOPICS[story.topic]["facts"] + BACKGROUND + story.details


DETAIL_SUBJECTS = (  # (who, the title of someone speaking for them)
    ("{dong} 주민자치회", "위원장"), ("{school} 학생회", "회장"), ("{company}", "대표"), ("지역 상인회", "회장"),
    ("{cityn}의회 {committee}", "위원장"), ("{cityn} 자원봉사센터", "센터장"), ("{dong} 노인복지관", "관장"),
    ("{cityn} 청년센터", "센터장"), ("{region} 시민단체 연대", "공동대표"), ("{dong} 통장협의회", "회장"),
    ("{school} 산학협력단", "단장"), ("지역 청년 창업가 모임", "대표"),
)
DETAIL_PREDICATES = (
    "'{prog}' 행사를 {m}월 중 {n}차례 더 열 계획이다",
    "관련 예산 {money} 증액을 {cityn}에 요청했다",
    "{place}에서 {n}일 동안 현장 점검을 벌였다",
    "시민 {n2}명을 대상으로 설문조사를 진행했다",
    "'{witem}' 지원 대상을 {n}개 {dong2} 권역으로 넓혀 달라고 건의했다",
    "'{edu}' 과정 운영에 강사 {n}명을 보내기로 했다",
    "{m}월 {d}일 {venue}에서 토론회를 열어 의견을 모은다",
    "기부금 {n2}만원을 {cityn} 인재육성장학재단에 전달했다",
    "'{env}' 실천 서약에 회원 {n2}명이 서명했다고 밝혔다",
    "{dig} 시범 구간을 {n}곳 더 지정해 달라고 제안했다",
)
QUOTE_OPENERS = (
    "현장의 목소리를 충분히 들었고", "처음 시도하는 만큼 부족한 점도 있겠지만", "시민들의 관심이 생각보다 컸던 만큼",
    "관계 기관과 긴밀히 협력해", "예산이 한정돼 있지만", "지난해 경험을 바탕으로", "{dong} 주민들의 요청이 많았던 사업이라",
    "지역 대학과 기업이 함께하는 만큼", "작은 변화부터 차근차근", "{place} 일대를 시작으로",
)
QUOTE_CLOSERS = (
    "내년에는 더 많은 시민이 혜택을 보도록 하겠다", "성과를 꼼꼼히 점검해 부족한 부분은 바로 고치겠다",
    "다른 지역에도 모범이 되는 사례를 만들겠다", "주민 불편이 없도록 끝까지 챙기겠다",
    "청년들이 머무는 도시를 만드는 데 힘을 보태겠다", "시민 눈높이에 맞춰 계속 보완해 나가겠다",
    "약속한 일정은 반드시 지키겠다", "현장에서 답을 찾겠다",
)
COMMITTEES = ("기획행정위원회", "경제산업위원회", "복지환경위원회", "건설도시위원회", "문화관광위원회")


def _details(rng: random.Random, story_slots: dict[str, Any], city: City) -> list[list[str]]:
    """Two to four sentences only this story has (other subjects, numbers, places): they keep two
    unrelated stories of the same topic and city apart while every copy of one story shares them."""
    from crawler.samples import vocab

    out = []
    pairs = list(zip(rng.sample(DETAIL_SUBJECTS, 4), rng.sample(DETAIL_PREDICATES, 4), strict=True))
    makers = {
        "dong": lambda: rng.choice(city.dongs), "dong2": lambda: rng.choice(city.dongs),
        "committee": lambda: rng.choice(COMMITTEES), "prog": lambda: rng.choice(vocab.PROGRAMS),
        "m": lambda: rng.randint(1, 12), "d": lambda: rng.randint(1, 28), "n": lambda: rng.randint(2, 30),
        "n2": lambda: rng.randint(40, 990), "place": lambda: rng.choice(city.places), "venue": lambda: rng.choice(city.venues),
        "witem": lambda: rng.choice(vocab.WELFARE_ITEMS), "edu": lambda: rng.choice(vocab.EDU_ITEMS),
        "env": lambda: rng.choice(vocab.ENV_ITEMS), "dig": lambda: rng.choice(vocab.DIGITAL_ITEMS),
        "company": lambda: rng.choice(vocab.COMPANIES), "school": lambda: rng.choice(city.schools),
    }
    for (subj, role), pred in pairs[: rng.randint(2, 4)]:
        s = _Lazy(story_slots, makers)  # draws only the slots this sentence uses
        if not out and rng.random() < 0.8:  # a voice only this story has
            quote = rng.choice(QUOTE_OPENERS) + " " + rng.choice(QUOTE_CLOSERS)
            who = f"{person(rng)} {_fill(subj, s)} {role}"
            out.append([_fill(f'{who}(은) "{quote}"고 말했다.', s), _fill(f'{who}(은) "{quote}"고 강조했다.', s)])
        out.append([_fill(subj + "(은) " + pred + ".", s)])
    return out


def new_story(seed: int, story_id: str, kind: str, *, city: City | None = None) -> Story:
    """Pick a topic, a city and the facts of one story."""
    rng = rng_for(seed, "story", story_id)
    topic = rng.choice(sorted(TOPICS))
    city = city or rng.choice(CITIES)
    slots = slots_for(topic, rng, city)
    details = _details(rng, slots, city)
    n_topic = len(TOPICS[topic]["facts"])
    n_fixed = n_topic + len(BACKGROUND)
    k = rng.randint(min(5, n_topic), n_topic - 1)
    facts = rng.sample(range(n_topic), k)  # topic facts first, in a random order
    for f in rng.sample(range(n_topic, n_fixed), rng.randint(0, 2)) + [n_fixed + i for i in range(len(details))]:
        facts.insert(rng.randint(len(facts) // 2, len(facts)), f)  # background and reactions in the second half
    pool_sizes = [len(f) for f in TOPICS[topic]["facts"] + BACKGROUND] + [len(d) for d in details]
    variants = {f: rng.randrange(pool_sizes[f]) for f in facts}
    t = TOPICS[topic]
    quotes = [rng.randrange(len(t["quotes"]))]
    return Story(
        id=story_id, kind=kind, topic=topic, city=city, slots=slots, facts=facts,
        lead=rng.randrange(len(t["leads"])), title=rng.randrange(len(t["titles"])), quotes=quotes,
        wire_reporter=person(rng) if kind == "wire" else None, seed=f"{seed}", details=details,
        variants=variants,
    )


class _Lazy(dict):  # type: ignore[type-arg]
    """Slots drawn on first use (fresh ones from makers, the rest from the story's slots)."""

    def __init__(self, base: dict[str, Any], makers: dict[str, Any]) -> None:
        super().__init__()
        self.base, self.makers = base, makers

    def __missing__(self, key: str) -> Any:
        if key in self.makers:
            value = self[key] = self.makers[key]()
            return value
        return self.base[key]


def _fill(template: str, slots: dict[str, Any]) -> str:
    return fix_josa(template.format_map(slots))


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
    pool = _pool(story)
    s = story.slots
    rng = rng_for(story.seed, story.id, copy_index, outlet_id)
    facts = list(story.facts)
    quotes = list(story.quotes)
    if story.kind == "press" and copy_index > 0:
        # a desk rewrites the release: another lead, facts reordered and some dropped, rewording
        lead_i = (story.lead + copy_index) % len(t["leads"])
        title_i = (story.title + copy_index) % len(t["titles"])
        head, tail = facts[:1], facts[1:]
        for _ in range(2):  # move a few sentences, keep most of the release's order
            i = rng.randrange(len(tail))
            tail.insert(rng.randrange(len(tail)), tail.pop(i))
        n_fixed = len(pool) - len(story.details)  # story-only sentences are never cut or reworded
        for _ in range(rng.randint(1, 2)):
            cuttable = [i for i, f in enumerate(tail) if f < n_fixed]
            if len(tail) > 6 and cuttable:
                tail.pop(rng.choice(cuttable))
        facts = head + tail
        # reword about a quarter of the template sentences
        base = story.variants
        variants = [rng.randrange(len(pool[f])) if f < n_fixed and rng.random() < 0.25 else base[f] for f in facts]
        rng.shuffle(quotes)
    elif story.kind == "wire" and copy_index > 0:
        # a wire copy: same text, the desk cuts a sentence or two from the end and may retitle
        lead_i, title_i = story.lead, story.title if copy_index % 2 else (story.title + 1) % len(t["titles"])
        cut = rng.randint(0, 2)
        facts = facts[: max(6, len(facts) - cut)]
        variants = [story.variants[f] for f in facts]
    else:
        lead_i, title_i = story.lead, story.title
        variants = [story.variants[f] for f in facts]
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
    title = _fill(t["titles"][title_i], s)
    if story.kind == "press" and copy_index >= len(t["titles"]):
        # more desks than headline templates: the later ones put the city in a bracket tag
        rest = title.split(" ", 1)[1] if title.startswith(story.city.name) and " " in title else title
        title = f"[{story.city.name}] {rest}"
    return Copy(
        title=title, subtitle=subtitle, paragraphs=paras, section=t["section"],
        dateline=story.kind == "wire", used_facts=facts,
    )


def edit_text(paragraphs: list[str], story: Story, rng: random.Random) -> list[str]:
    """An editor's later change: a sentence added (update) and a number fixed where one appears."""
    paras = list(paragraphs)
    pool = _pool(story)
    extra = _fill(pool[rng.randrange(len(pool))][-1], story.slots)
    paras.insert(max(1, len(paras) - 1), "이와 관련해 " + extra)
    for i in range(1, len(paras)):
        for d in "3456789":
            if d in paras[i] and '"' not in paras[i]:
                paras[i] = paras[i].replace(d, str(int(d) - 1), 1)
                return paras
    return paras
