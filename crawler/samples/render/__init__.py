"""Family renderers: one module per CMS family, all behind :class:`~crawler.samples.render.base.Family`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.samples.render.base import Family, Page

if TYPE_CHECKING:
    from crawler.samples.outlets import OutletSpec
    from crawler.samples.world import SampleArticle, SampleWorld

__all__ = ["Family", "Page", "family_for", "render_article", "render_page"]


def family_for(outlet: OutletSpec) -> Family:
    from crawler.samples.render.article_no import ArticleNo
    from crawler.samples.render.generic import Generic
    from crawler.samples.render.idx_view import IdxView
    from crawler.samples.render.ndsoft import Ndsoft
    from crawler.samples.render.page_view import PageView

    classes: dict[str, type[Family]] = {
        "ndsoft2019": Ndsoft, "ndsoft2019h1": Ndsoft, "ndsoft2017": Ndsoft, "idx_view": IdxView,
        "article_no": ArticleNo, "page_view": PageView, "generic": Generic,
    }
    return classes[outlet.skin](outlet)


def default_base(world: SampleWorld, outlet_id: str) -> str:
    return f"http://127.0.0.{11 + world.outlet_by_id[outlet_id].host}"


def _article(world: SampleWorld, article: Any) -> SampleArticle:
    if isinstance(article, dict):
        found = world.find(article["outlet"], article["url"])
        if found is None:
            raise KeyError(f"no article {article['url']} on {article['outlet']}")
        return found
    return article


def render_article(world: SampleWorld, article: Any, *, base: str | None = None,
                   faults: bool = True) -> tuple[bytes, str]:
    """The article page as the server sends it (decoded from any transfer/content coding): (bytes, content_type).

    ``article`` is a ground-truth dict from ``world.live_articles()`` or a ``SampleArticle``.
    Malformed / lying-charset pages come out as served unless ``faults=False``.
    """
    from crawler.samples.site import Site

    art = _article(world, article)
    site = Site(world, world.outlet_by_id[art.outlet], base or default_base(world, art.outlet), faults=faults)
    return site.article_bytes(art)


def render_page(world: SampleWorld, outlet_id: str, target: str, *, base: str | None = None) -> tuple[int, bytes, str]:
    """Any page of an outlet (home, list, feed, sitemap, article) without a server: (status, bytes, content_type)."""
    from crawler.samples.site import Site

    site = Site(world, world.outlet_by_id[outlet_id], base or default_base(world, outlet_id))
    resp = site.handle("GET", target, {})
    ctype = dict(resp.headers).get("Content-Type", "")
    return resp.status, resp.body, ctype
