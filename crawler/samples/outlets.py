"""The bundled sample outlets: fictional regional papers, one per CMS family (two NDSoft 2019+).

Each outlet is served on its own loopback address (``127.0.0.<first_host + host>``) so a crawler
sees distinct hosts. ``sections`` maps the generator's topic sections to the outlet's own section
code and display name (the display name is what the ground truth calls ``section``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.samples.faults import FaultProfile

TOPIC_SECTIONS = ("행정", "경제", "사회", "문화", "교육")


@dataclass(frozen=True)
class OutletSpec:
    id: str
    name: str
    domain: str  # fictional; only used in e-mail and copyright lines
    cms: str  # ndsoft | idx_view | article_no | page_view | generic (registry / extractor name)
    skin: str  # renderer: ndsoft2019 | ndsoft2019h1 | ndsoft2017 | idx_view | article_no | page_view | generic
    host: int  # offset from SampleServer.first_host
    charset: str  # the bytes' real encoding
    region: str
    city: str  # home city key (vocab.CITIES)
    sections: dict[str, tuple[str, str]]  # topic section -> (code, display name)
    faults: FaultProfile = field(default_factory=FaultProfile)
    feed: bool = True
    share: float = 1.0  # relative share of the world's articles

    @property
    def ip(self) -> str:
        """The loopback address with SampleServer's default first_host (11); see SampleServer.host()."""
        return f"127.0.0.{11 + self.host}"


def _sections(codes: tuple[str, ...], names: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    return dict(zip(TOPIC_SECTIONS, zip(codes, names, strict=True), strict=True))


NDSOFT_CODES = ("S1N1", "S1N2", "S1N3", "S1N4", "S1N5")

OUTLETS: tuple[OutletSpec, ...] = (
    OutletSpec(
        "saeachim", "경북새아침신문", "gbsaeachim.example", "ndsoft", "ndsoft2019", 0, "utf-8", "경북", "pohang",
        _sections(NDSOFT_CODES, ("정치·행정", "경제", "사회", "문화", "교육")),
        FaultProfile(gzip=True, error500=1, flaky=1, redirect_loop=1, disallowed=1, broken_rss=True),
    ),
    OutletSpec(
        "yeongil", "영일만타임즈", "yeongiltimes.example", "ndsoft", "ndsoft2017", 1, "utf-8", "경북", "pohang",
        _sections(NDSOFT_CODES, ("행정", "경제", "사회", "문화·관광", "교육")),
        FaultProfile(chunked=True, hang=1, truncated=1),
    ),
    OutletSpec(
        "dalgubeol", "달구벌광역일보", "dalgubeol.example", "idx_view", "idx_view", 2, "cp949", "대구", "daegu",
        {},  # sections are cities: part_idx per city, see render.idx_view
        FaultProfile(error500=1, lying_charset=1),
        feed=False,
    ),
    OutletSpec(
        "seorabeol", "신서라벌일보", "sinseorabeol.example", "article_no", "article_no", 3, "utf-8", "경북",
        "gyeongju", _sections(("1", "2", "3", "4", "5"), ("자치행정", "경제", "사회", "문화", "교육")),
        FaultProfile(chunked=True, crawl_delay=1.0, malformed=1),
        feed=False,
    ),
    OutletSpec(
        "hahoe", "안동하회신문", "andonghahoe.example", "page_view", "page_view", 4, "utf-8", "경북", "andong",
        _sections(("politics", "economy", "society", "culture", "education"), ("정치", "경제", "사회", "문화", "교육")),
        FaultProfile(huge=1, error500=1, slow=1),
    ),
    OutletSpec(
        "geumo", "구미금오온뉴스", "gumigeumo.example", "generic", "generic", 5, "utf-8", "경북", "gumi",
        _sections(("gov", "economy", "society", "culture", "edu"), ("행정", "경제", "사회", "문화", "교육")),
        FaultProfile(gzip=True, lying_charset=1, disallowed=1),
    ),
    OutletSpec(
        "hyeongsan", "형산강뉴스", "hyeongsangang.example", "ndsoft", "ndsoft2019h1", 6, "utf-8", "경북", "pohang",
        _sections(NDSOFT_CODES, ("행정", "경제", "사회", "문화", "교육")),
        FaultProfile(gzip=True, flaky=1),
        share=0.6,
    ),
)

OUTLET_BY_ID = {o.id: o for o in OUTLETS}
