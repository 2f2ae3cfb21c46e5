"""The bundled sample outlets: a local, evolving, messy Korean regional news web.

Seven fictional outlets, one per CMS family of research/kr-news-cms.md (NDSoft 2019+ twice,
NDSoft 2017, ``view.php?idx=`` old skin in CP949, ``article.html?no=``, ``/page/view/<19 digits>``,
and a no-family JSON-LD site with sitemaps), each on its own loopback address.

Python API::

    world = SampleWorld(seed=0, articles=120, start=None, faults=None)
    world.outlets                 # OutletSpec: id, name, cms, skin, host, charset, faults (FaultProfile)
    world.now                     # simulated KST clock (datetime, +09:00)
    world.live_articles()         # ground truth, list of dicts (below)
    changes = world.advance(days=1)   # Changes(new, edited, deleted, moved)

    page, ctype = render_article(world, truth_dict)      # bytes as served (charset of the outlet)
    status, data, ctype = render_page(world, "saeachim", "/rss/allArticle.xml")

    with SampleServer(world, latency=0.0, faults=True) as server:
        server.base_url("saeachim")      # http://127.0.0.11:<port>; server.host(id) -> "127.0.0.11"
        server.registry_entries()        # crawler/samples/outlets.toml with {base} filled
        server.requests_log              # RequestRecord(time, outlet, method, target, status, kind, headers)
        server.counts(kind="article")    # Counter by kind (also outlet=, status=)
        server.fetched(kind="article", outlet="geumo")   # requested targets in order; clear_log()
        server.advance(1)                # or GET /__samples__/advance?days=1 on any host
        # also GET /__samples__/truth and /__samples__/registry (JSON)

Request kinds in the log: home, list, feed, sitemap, article (also 301/404/410/500 answers for
article URLs), robots, image, static, missing (404 of unknown paths), control.

Ground truth (``live_articles()`` items): ``outlet``, ``cms``, ``url`` (path+query as served, e.g.
``/news/articleView.html?idxno=10012``; join with ``base_url``), ``title``, ``subtitle`` (or None),
``authors`` (names only, no 기자/편집차장), ``published`` / ``modified`` (ISO 8601 +09:00, whole
minutes; modified is None until an edit), ``section`` (the outlet's display name; for the CP949
outlet the city, as its breadcrumb ``뉴스 > 포항`` shows), ``body`` (paragraphs joined by "\\n\\n"),
``images`` (``{"url": path, "caption": full caption incl. "/사진=… 제공"}``), ``story_id`` (shared
by every copy of one press release or wire story), ``story_kind`` (press | wire | original),
``faulty`` (fault name or None).

The body excludes what a perfect extractor drops: figure captions, in-text bylines
(``신서라벌일보 OOO 기자 | ``), reporter e-mail lines, copyright lines, ad blocks, related boxes.
It keeps a wire copy's own dateline (``(포항=새날통신) OOO 기자 = ``), as wire text does.

Faults (per outlet, see faults.FaultProfile; ``faults=False`` turns them off): error500, flaky (500
twice then 200), hang, truncated, redirect_loop, huge (30 MB), malformed, lying_charset,
disallowed (robots.txt), slow (body trickles in over ~1 s), broken_rss. A crawler should still
get flaky, malformed, lying_charset and slow articles. With ``SampleServer(faults=False)`` the
truth keeps naming the designed fault but the server serves those URLs cleanly (a disallowed
article keeps its Disallow path); ``SampleWorld(faults=False)`` has no faulty articles at all. Transport: gzip, chunked, ETag/Last-Modified + 304,
Crawl-delay, latency. Deleted articles answer 404 or 410, moved ones 301.
"""

from __future__ import annotations

from crawler.samples.faults import FaultProfile
from crawler.samples.render import render_article, render_page
from crawler.samples.server import RequestRecord, SampleServer
from crawler.samples.world import KST, Changes, SampleArticle, SampleWorld

__all__ = [
    "KST", "Changes", "FaultProfile", "RequestRecord", "SampleArticle", "SampleServer", "SampleWorld",
    "render_article", "render_page",
]
