"""The article page: text, images from the archive, its story cluster, versions with a diff,
and its captures."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from archive.store import Store
from archive.store import queries as store_queries
from archive.web import queries
from archive.web.diff import diff_texts
from archive.web.state import web_state


def article_bundle(store: Store, article_id: int) -> dict[str, Any]:
    """Everything the page and ``/api/articles/{id}`` show about one article."""
    art = store_queries.get_article(store, int(article_id))
    if art is None:
        raise HTTPException(404, "기사를 찾을 수 없습니다.")
    images = [i for i in art.get("images") or [] if isinstance(i, dict) and i.get("url")]
    archived = queries.captured_images(store.conn, [i["url"] for i in images])
    art["images"] = [{**i, "capture_id": archived.get(i["url"])} for i in images]
    story = store_queries.cluster_members(store, art.get("cluster_id"))  # earliest first, this one too
    for member in story:
        member["current"] = member["id"] == art["id"]
    return {
        "article": art,
        "story": story,
        "cluster": [m for m in story if not m["current"]],
        "versions": store_queries.article_versions(store, art["id"], diffs=False),
        "captures": store_queries.article_captures(store, art["id"]),
    }


def _pick(versions: list[dict[str, Any]], raw: str | None, default: int) -> int:
    ids = [v["id"] for v in versions]
    try:
        wanted = int(raw) if raw else None
    except ValueError:
        wanted = None
    return ids.index(wanted) if wanted in ids else default


def article_page(request: Request) -> Response:
    state = web_state(request)
    bundle = article_bundle(state.store(), request.path_params["id"])
    versions = bundle["versions"]
    diff = old = new = None
    if len(versions) >= 2:
        i = _pick(versions, request.query_params.get("a"), len(versions) - 2)
        j = _pick(versions, request.query_params.get("b"), len(versions) - 1)
        old, new = versions[i], versions[j]
        diff = {
            "title": diff_texts(old.get("title"), new.get("title"), context=0),
            "subtitle": diff_texts(old.get("subtitle"), new.get("subtitle"), context=0),
            "body": diff_texts(old.get("body"), new.get("body")),
        }
    paragraphs = [p for p in (bundle["article"].get("body") or "").split("\n\n") if p.strip()]
    return state.render(
        request, "article.html", **bundle, paragraphs=paragraphs, diff=diff, old=old, new=new
    )
