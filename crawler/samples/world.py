"""The sample world: outlets, their articles (the ground truth) and a simulated KST clock.

Everything derives from ``seed``: building the same world twice gives the same articles, URLs and
faults. Pages are not stored; the renderers build them on request from these records.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from archive.kst import KST
from crawler.samples import content
from crawler.samples.content import Story
from crawler.samples.faults import ARTICLE_FAULTS, merge
from crawler.samples.outlets import OUTLETS, OutletSpec
from crawler.samples.topics import person
from crawler.samples.vocab import CITY_BY_KEY, REPORTER_TITLES

DEFAULT_START = datetime(2026, 11, 20, 9, 0, tzinfo=KST)
HISTORY_DAYS = 30


def iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.astimezone(KST).isoformat()


@dataclass
class Reporter:
    name: str
    title: str  # 기자, 편집차장, ...
    email: str


@dataclass(eq=False)  # identity semantics: two copies of one story are different articles
class SampleArticle:
    """One article page of one outlet, with everything a perfect extractor should return."""

    outlet: str
    num: int  # outlet-local id, grows with publication order; the family turns it into a URL
    story_id: str
    copy_index: int
    title: str
    subtitle: str
    authors: list[Reporter]
    section_key: str  # topic section; the outlet maps it to its own section
    published: datetime
    paragraphs: list[str]
    images: list[dict[str, str]]  # {"url": path as served, "caption": full figcaption text}
    path: str = ""
    modified: datetime | None = None
    status: str = "live"  # live | deleted | moved
    gone_status: int = 404
    moved_to: str | None = None  # new path when moved
    version: int = 1
    faulty: str | None = None
    wire: bool = False
    city: str = ""  # vocab city key of the story

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Changes:
    """What one ``advance()`` did (ground-truth dicts for new/edited; URLs for deleted/moved)."""

    new: list[dict[str, Any]] = field(default_factory=list)
    edited: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[dict[str, Any]] = field(default_factory=list)  # {"outlet", "url", "status"}
    moved: list[dict[str, Any]] = field(default_factory=list)  # {"outlet", "old_url", "new_url"}

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new, "edited": self.edited, "deleted": self.deleted, "moved": self.moved}


class SampleWorld:
    """A deterministic, evolving little Korean regional news web (see the package docstring)."""

    def __init__(
        self,
        seed: int = 0,
        articles: int = 120,
        start: datetime | None = None,
        *,
        faults: dict[str, Any] | bool | None = None,
    ) -> None:
        from crawler.samples.render import family_for

        self.seed = seed
        self.size = articles
        self.now = (start or DEFAULT_START).astimezone(KST)
        self.version = 0  # bumps on every change; caches key on it
        self.lock = threading.RLock()
        self.day = 0
        self.outlets: list[OutletSpec] = []
        for o in OUTLETS:
            change = faults if isinstance(faults, bool) or faults is None else faults.get(o.id)
            prof = merge(o.faults, change)
            self.outlets.append(replace(o, faults=prof))
        self.outlet_by_id = {o.id: o for o in self.outlets}
        self.families = {o.id: family_for(o) for o in self.outlets}
        self.reporters = {o.id: self._staff(o) for o in self.outlets}
        self._articles: dict[str, dict[str, SampleArticle]] = {o.id: {} for o in self.outlets}  # by path
        self._next_num = {o.id: 1 for o in self.outlets}
        self._stories: dict[str, Story] = {}
        self._n_stories = 0
        self._populate(articles, self.now - timedelta(days=HISTORY_DAYS), self.now, "init")
        self._assign_faults()
        self.last_change = {o.id: self._latest_time(o.id) for o in self.outlets}

    # ----- generation -------------------------------------------------------------------------
    def _staff(self, o: OutletSpec) -> list[Reporter]:
        rng = content.rng_for(self.seed, "staff", o.id)
        staff = []
        for i in range(6):
            staff.append(Reporter(person(rng), REPORTER_TITLES[rng.randrange(len(REPORTER_TITLES))] if i else "기자",
                                  f"news{rng.randint(10, 99)}{i}@{o.domain}"))
        return staff

    def _populate(self, n: int, since: datetime, until: datetime, tag: str) -> list[SampleArticle]:
        """Write stories until n article copies exist, spread over (since, until)."""
        rng = content.rng_for(self.seed, "populate", tag)
        weights = [o.share for o in self.outlets]
        plan: list[tuple[datetime, str, Story, int]] = []
        made = 0
        span = (until - since).total_seconds() / 60
        while made < n:
            left = n - made
            r = rng.random()
            kind, k = ("original", 1)
            if r < 0.14 and left >= 3:
                kind, k = "press", min(rng.choice((3, 3, 4, 5)), left)
            elif r < 0.24 and left >= 2:
                kind, k = "wire", min(rng.choice((2, 3)), left)
            self._n_stories += 1
            sid = f"s{self.seed}-{tag}-{self._n_stories}"
            chosen: list[OutletSpec] = []
            while len(chosen) < k:
                o = rng.choices(self.outlets, weights)[0]
                if o not in chosen:
                    chosen.append(o)
            city = CITY_BY_KEY[chosen[0].city] if kind == "original" and rng.random() < 0.6 else None
            story = content.new_story(self.seed, sid, kind, city=city)
            self._stories[sid] = story
            base = since + timedelta(minutes=int(rng.random() * max(span - 400, 1)))
            for i, o in enumerate(chosen):
                when = base + timedelta(minutes=(0 if i == 0 else rng.randint(20, 390)))
                when = when.replace(hour=max(6, when.hour), second=0, microsecond=0)
                plan.append((when, o.id, story, i))
            made += k
        plan.sort(key=lambda p: (p[0], p[1]))
        made_articles = [self._make_article(when, oid, story, i, rng) for when, oid, story, i in plan]
        self.version += 1
        return made_articles

    def _make_article(self, when: datetime, oid: str, story: Story, i: int, rng: Any) -> SampleArticle:
        o = self.outlet_by_id[oid]
        text = content.write_copy(story, i, oid)
        staff = self.reporters[oid]
        if story.kind == "wire":
            authors = [Reporter(story.wire_reporter or "", "기자", f"press{len(story.id)}@{content.WIRE_DOMAIN}")]
        else:
            authors = [staff[rng.randrange(len(staff))]]
            if rng.random() < 0.12:
                other = staff[rng.randrange(len(staff))]
                if other is not authors[0]:
                    authors.append(other)
        num = self._next_num[oid]
        self._next_num[oid] += 1
        art = SampleArticle(
            outlet=oid, num=num, story_id=story.id, copy_index=i, title=text.title, subtitle=text.subtitle,
            authors=authors, section_key=text.section, published=when, paragraphs=text.paragraphs, images=[],
            wire=story.kind == "wire", city=story.city.key,
        )
        fam = self.families[oid]
        art.path = fam.article_path(art)
        s = story.slots
        n_img = rng.choice((0, 1, 1, 1, 2))
        credit = o.name if rng.random() < 0.3 else s["cityn"]
        captions = [f"{s['place']}에서 열린 행사 모습. /사진={credit} 제공",
                    f"{s['official']} {s['cityn']} {s['dept']} {s['offtitle']}이 설명하고 있다. /사진={s['cityn']} 제공"]
        for k in range(n_img):
            art.images.append({"url": fam.image_path(art, k + 1), "caption": captions[k]})
        self._articles[oid][art.path] = art
        return art

    def _assign_faults(self) -> None:
        """Give each fault of an outlet's profile to fixed original (non-syndicated) articles.

        The bundled counts are capped to what a small world holds; counts the caller raised must
        fit, else a clear ValueError (a count meant as a size, e.g. ``huge`` for ``huge_bytes``,
        would otherwise ask for millions of faulty URLs).
        """
        from crawler.samples.outlets import OUTLET_BY_ID

        for o in self.outlets:
            counts = o.faults.counts()
            for name, value in counts.items():
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"fault profile of {o.id!r}: {name}={value!r} must be a whole number >= 0 "
                                     f"(how many article URLs carry the fault)")
            pool = [a for a in self._articles[o.id].values() if self._stories[a.story_id].kind == "original"]
            pool.sort(key=lambda a: a.num)
            # not the newest (they churn) and not the oldest page of lists
            pool = pool[len(pool) // 5:] or pool
            total = sum(counts.values())
            default = OUTLET_BY_ID.get(o.id)
            bundled = default.faults.counts() if default is not None else dict.fromkeys(counts, 0)
            if total > len(pool) and any(counts[k] > bundled[k] for k in counts):
                asked = ", ".join(f"{k}={v}" for k, v in counts.items() if v)
                raise ValueError(f"fault profile of {o.id!r} asks for {total} faulty article URLs ({asked}) but this "
                                 f"world has only {len(pool)} eligible articles for it; use a bigger world or fewer "
                                 f"faults (sizes go in huge_bytes/hang_seconds/slow_seconds)")
            # spread the faults over the pool: positions 0, 3, 6, ... then 1, 4, 7, ...
            order = [pool[j] for r in range(3) for j in range(r, len(pool), 3)]
            wanted = (name for name in ARTICLE_FAULTS for _ in range(counts[name]))
            for art, name in zip(order, wanted, strict=False):
                art.faulty = name
                if name == "disallowed":
                    self._reroute(art, self.families[o.id].disallowed_path(art))

    def _reroute(self, art: SampleArticle, new_path: str) -> None:
        del self._articles[art.outlet][art.path]
        art.path = new_path
        self._articles[art.outlet][new_path] = art

    def _latest_time(self, oid: str) -> datetime:
        times = [a.modified or a.published for a in self._articles[oid].values()]
        return max(times) if times else self.now

    # ----- queries ----------------------------------------------------------------------------
    def _cached(self, key: tuple[Any, ...], make: Any) -> Any:
        cache: dict[tuple[Any, ...], Any] = self.__dict__.setdefault("_cache", {})
        key = (*key, self.version)
        if key not in cache:
            if len(cache) > 256:
                cache.clear()
            cache[key] = make()
        return cache[key]

    def articles(self, outlet: str, *, live: bool = True) -> list[SampleArticle]:
        """An outlet's articles, newest first (live only unless live=False); do not mutate."""

        def make() -> list[SampleArticle]:
            arts = [a for a in self._articles[outlet].values() if a.status == "live" or not live]
            arts.sort(key=lambda a: (a.published, a.num), reverse=True)
            return arts

        return self._cached(("articles", outlet, live), make)

    def by_num(self, outlet: str) -> list[SampleArticle]:
        """All of an outlet's articles (any status) in id order; do not mutate."""
        return self._cached(("by_num", outlet), lambda: sorted(self._articles[outlet].values(), key=lambda a: a.num))

    def article_at(self, outlet: str, path: str) -> SampleArticle | None:
        return self._articles[outlet].get(path)

    def find(self, outlet: str, url: str) -> SampleArticle | None:
        """Look an article up by the path+query it is served under (or a full URL)."""
        if "://" in url:
            url = "/" + url.split("://", 1)[1].split("/", 1)[1]
        return self._articles[outlet].get(url)

    def story(self, story_id: str) -> Story:
        return self._stories[story_id]

    def section_name(self, art: SampleArticle) -> str:
        return self.families[art.outlet].section_of(art)[1]

    def truth(self, art: SampleArticle) -> dict[str, Any]:
        """The ground-truth record of one article (see the package docstring for the fields)."""
        o = self.outlet_by_id[art.outlet]
        return {
            "outlet": art.outlet, "cms": o.cms, "url": art.path, "title": art.title, "subtitle": art.subtitle or None,
            "authors": [r.name for r in art.authors], "published": iso(art.published), "modified": iso(art.modified),
            "section": self.section_name(art), "body": art.body, "images": [dict(i) for i in art.images],
            "story_id": art.story_id, "story_kind": self._stories[art.story_id].kind, "faulty": art.faulty,
        }

    def live_articles(self) -> list[dict[str, Any]]:
        """Ground truth of every currently published article, by outlet then publication order."""
        with self.lock:
            out = []
            for o in self.outlets:
                out += [self.truth(a) for a in reversed(self.articles(o.id))]
            return out

    # ----- time -------------------------------------------------------------------------------
    def advance(self, days: int = 1) -> Changes:
        """Move the clock: publish new articles, edit recent ones, delete some, move some."""
        changes = Changes()
        with self.lock:
            for _ in range(days):
                self._advance_day(changes)
        return changes

    def _advance_day(self, ch: Changes) -> None:
        self.day += 1
        rng = content.rng_for(self.seed, "advance", self.day)
        start, end = self.now, self.now + timedelta(days=1)
        per_day = max(3, round(self.size / HISTORY_DAYS))
        new = self._populate(per_day, start, end, f"d{self.day}")
        ch.new += [self.truth(a) for a in new]
        fresh = {id(a) for a in new}
        live = [a for o in self.outlets for a in self.articles(o.id) if not a.faulty and id(a) not in fresh]
        recent = [a for a in live if a.published > start - timedelta(days=3)]
        for art in rng.sample(recent, min(len(recent), max(1, per_day // 3))):
            art.paragraphs = content.edit_text(art.paragraphs, self._stories[art.story_id], rng)
            art.modified = (end - timedelta(minutes=rng.randint(30, 600))).replace(second=0, microsecond=0)
            art.version += 1
            ch.edited.append(self.truth(art))
        edited_ids = {id(a) for a in recent}
        older = [a for a in live if id(a) not in edited_ids]
        picks = rng.sample(older, min(len(older), 2))
        touched = {a.outlet for a in picks}
        if picks:
            gone = picks[0]
            gone.status = "deleted"
            gone.gone_status = 410 if self.day % 2 else 404
            ch.deleted.append({"outlet": gone.outlet, "url": gone.path, "status": gone.gone_status})
        if len(picks) > 1:
            self._move(picks[1], ch)
        self.now = end
        for o in self.outlets:
            self.last_change[o.id] = max(self.last_change[o.id], self._latest_time(o.id))
            if o.id in touched:  # deletions and moves change lists too
                self.last_change[o.id] = max(self.last_change[o.id], end - timedelta(hours=1))
        self.version += 1

    def _move(self, art: SampleArticle, ch: Changes) -> None:
        """The outlet re-files an article under a new id: old URL answers 301."""
        oid = art.outlet
        old_path = art.path
        num = self._next_num[oid]
        self._next_num[oid] += 1
        moved = SampleArticle(**{**art.__dict__, "num": num, "images": [dict(i) for i in art.images]})
        moved.path = self.families[oid].article_path(moved, moved_at=self.now)
        self._articles[oid][moved.path] = moved
        art.status = "moved"
        art.moved_to = moved.path
        ch.moved.append({"outlet": oid, "old_url": old_path, "new_url": moved.path})

