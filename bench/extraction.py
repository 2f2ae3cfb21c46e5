"""Extraction quality and speed: newsarchive vs trafilatura vs readability-lxml, same pages, same run.

Page sets: ``../shared/kr-pages`` (22 real Korean article pages with hand-made ground truth; skipped
when absent), the project's sample outlets (``crawler.samples``: every family, ground truth from
the sample world) and ``heldout`` (tests/extract/heldout: family pages written after the rules). Scores per tool and set: mean body token-F1, title exact, published equal to
the minute, authors exact set, pages per CPU-second (one core; CPU time, so a busy machine does
not skew it). The last output line is one JSON object.

    .venv/bin/python bench/extraction.py [--repeat N] [--samples N]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extract import decode_html, extract  # noqa: E402
from archive.extract.scoring import authors_match, same_minute, title_match, token_f1  # noqa: E402

KR_PAGES = ROOT.parent / "shared" / "kr-pages"
HELDOUT = ROOT / "tests" / "extract" / "heldout"


def load_truth_pages(folder: Path) -> list[dict]:
    """Every ``*.html`` of a folder with its ground truth (the ``.json`` beside it)."""
    cases = []
    for html in sorted(folder.glob("*.html")):
        truth = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
        cases.append({"name": html.stem, "data": html.read_bytes(), "url": truth["url"], "content_type": None,
                      "title": truth["title"], "body": truth["body"], "published": truth.get("published"),
                      "authors": truth.get("author")})
    return cases


def load_kr_pages() -> list[dict]:
    return load_truth_pages(KR_PAGES) if KR_PAGES.is_dir() else []


def load_heldout() -> list[dict]:
    """Pages written after the rules (tests/extract/heldout), to check that the rules generalize."""
    return load_truth_pages(HELDOUT)


def load_samples(limit: int) -> list[dict]:
    """Up to ``limit`` article pages per sample outlet, as the sample server sends them (faults off)."""
    try:
        from crawler.samples import SampleWorld, render_article
        from crawler.samples.render import default_base
    except ImportError:
        return []
    world = SampleWorld()
    cases: list[dict] = []
    seen: dict[str, int] = {}
    for truth in world.live_articles():
        if seen.get(truth["outlet"], 0) >= limit:
            continue
        seen[truth["outlet"]] = seen.get(truth["outlet"], 0) + 1
        data, content_type = render_article(world, truth, faults=False)
        cases.append({"name": f"{truth['outlet']}{truth['url']}", "outlet": truth["outlet"], "data": data,
                      "url": default_base(world, truth["outlet"]) + truth["url"], "content_type": content_type,
                      "title": truth["title"], "body": truth["body"], "published": truth["published"],
                      "authors": truth["authors"], "cms": truth["cms"]})
    return cases


def run_newsarchive(case: dict, **kw) -> dict:
    article = extract(case["data"], case["url"], content_type=case["content_type"], **kw)
    return {"title": article.title, "body": article.body, "published": article.published, "authors": article.authors}


def run_generic(case: dict) -> dict:
    return run_newsarchive(case, overrides={"cms": "generic"})


def run_generic_trafilatura(case: dict) -> dict:
    """Our metadata layers with trafilatura as the generic body extractor (the alternative we measured)."""
    import trafilatura

    got = run_generic(case)
    text, _ = decode_html(case["data"], case["content_type"])
    body = trafilatura.extract(text, url=case["url"], include_comments=False, include_tables=False) or ""
    got["body"] = body.replace("\n", "\n\n")
    return got


def run_trafilatura(case: dict) -> dict:
    import trafilatura

    text, _ = decode_html(case["data"], case["content_type"])
    doc = trafilatura.bare_extraction(text, url=case["url"], with_metadata=True, favor_precision=False)
    if doc is None:
        return {"title": None, "body": "", "published": None, "authors": []}
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    author = get("author") or ""
    return {"title": get("title"), "body": (get("text") or "").replace("\n", "\n\n"),
            "published": get("date"), "authors": [a.strip() for a in author.split(";") if a.strip()]}


def run_readability(case: dict) -> dict:
    import lxml.html
    from readability import Document

    text, _ = decode_html(case["data"], case["content_type"])
    doc = Document(text)
    summary = lxml.html.fromstring(doc.summary(html_partial=True))
    body = "\n\n".join(t.strip() for t in summary.itertext() if t.strip())
    return {"title": doc.short_title(), "body": body, "published": None, "authors": []}


TOOLS = {"newsarchive": run_newsarchive, "newsarchive-generic": run_generic,
         "generic+trafilatura-body": run_generic_trafilatura,
         "trafilatura": run_trafilatura, "readability-lxml": run_readability}


def score(tool, cases: list[dict], repeat: int) -> dict:
    results = [tool(case) for case in cases]  # warm-up + the scored outputs
    started = time.process_time()  # CPU time of this process: pages/s per core, whatever else runs
    for _ in range(repeat):
        for case in cases:
            tool(case)
    elapsed = time.process_time() - started
    rows = []
    for case, got in zip(cases, results, strict=True):
        rows.append({
            "name": case["name"],
            "body_f1": token_f1(got["body"], case["body"]),
            "title": title_match(got["title"], case["title"]),
            "published": same_minute(got["published"], case["published"]),
            "authors": authors_match(got["authors"], case["authors"]),
        })
    return {
        "pages": len(cases),
        "body_f1": round(mean(r["body_f1"] for r in rows), 4),
        "title_exact": round(mean(r["title"] for r in rows), 4),
        "published_minute": round(mean(r["published"] for r in rows), 4),
        "authors_exact": round(mean(r["authors"] for r in rows), 4),
        "pages_per_s": round(len(cases) * repeat / elapsed, 1) if elapsed else None,
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over each set")
    parser.add_argument("--samples", type=int, default=6, help="sample pages per outlet")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--verbose", action="store_true", help="per-page rows")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.CRITICAL)
    sets = {"kr-pages": load_kr_pages(), "samples": load_samples(args.samples), "heldout": load_heldout()}
    figures: dict = {}
    for set_name, cases in sets.items():
        if not cases:
            print(f"{set_name}: no pages (skipped)")
            continue
        for tool_name in args.tools.split(","):
            result = score(TOOLS[tool_name], cases, args.repeat)
            rows = result.pop("rows")
            figures.setdefault(tool_name, {})[set_name] = result
            print(f"{set_name:9} {tool_name:20} body_f1={result['body_f1']:.3f} title={result['title_exact']:.3f} "
                  f"published={result['published_minute']:.3f} authors={result['authors_exact']:.3f} "
                  f"pages/s={result['pages_per_s']}")
            if args.verbose:
                for row in rows:
                    flags = "".join(k[0] if not row[k] else "." for k in ("title", "published", "authors"))
                    print(f"    {row['name']:28} f1={row['body_f1']:.3f} {flags}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
