"""Korean search over the archive: words match inside eojeol (포항 finds 포항시는).

Public API: :func:`ensure_index` (create, or rebuild an index of an older format), :func:`ensure_search_schema`, :func:`index_article`, :func:`unindex_article`,
:func:`search` (plus :func:`reindex_all` and :func:`parse_query`); for callers that walk the index
themselves (the web's one-pass newest-first search) :func:`newest_docids`, :func:`hits_for` and
:func:`outlet_codes`. How text becomes index terms is in :mod:`archive.search.tokenize`; the table layout in :mod:`archive.search.schema`.
"""

from archive.search.index import (
    ensure_index,
    index_article,
    index_articles,
    optimize_index,
    reindex_all,
    unindex_article,
)
from archive.search.query import ParsedQuery, Term, parse_query
from archive.search.results import (
    COUNT_LIMIT,
    SearchHit,
    SearchResults,
    hits_for,
    newest_docids,
    outlet_codes,
    search,
)
from archive.search.schema import ensure_search_schema

__all__ = [
    "COUNT_LIMIT",
    "ParsedQuery",
    "SearchHit",
    "SearchResults",
    "Term",
    "ensure_index",
    "ensure_search_schema",
    "hits_for",
    "index_article",
    "index_articles",
    "newest_docids",
    "optimize_index",
    "outlet_codes",
    "parse_query",
    "reindex_all",
    "search",
    "unindex_article",
]
