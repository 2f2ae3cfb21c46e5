"""CSV files are opened in Excel: archived text starting with = + - @ must not become a formula,
in the `export` CSV and in the web's search download alike (one helper, ``csv_cell``)."""

from __future__ import annotations

import csv
import io

from starlette.testclient import TestClient
from store_helpers import build_data_dir

from archive.export import csv_cell, export
from archive.store import open_store
from archive.web import create_app

HOSTILE = '=HYPERLINK("http://evil.example","포항")'


def test_csv_cell() -> None:
    assert csv_cell(HOSTILE) == "'" + HOSTILE
    assert [csv_cell(v) for v in ("+1", "-1", "@SUM(A1)", "\tx")] == ["'+1", "'-1", "'@SUM(A1)", "'\tx"]
    assert csv_cell("포항시") == "포항시" and csv_cell(3) == 3 and csv_cell(None) is None


def test_export_and_web_download_neutralise_formulas(tmp_path) -> None:
    data = tmp_path / "data"
    build_data_dir(data, [("http://n.example/news/articleView.html?idxno=1", "o1", HOSTILE,
                           "-포항시는 예산을 늘렸다.\n\n@둘째 문단")])  # fmt: skip
    store = open_store(data / "archive.db", readonly=True)
    try:
        assert export(store, "csv", tmp_path / "a.csv") == 1
    finally:
        store.close()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["title"] == "'" + HOSTILE and rows[0]["body"].startswith("'-포항시는")
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values() if v)

    r = TestClient(create_app(data)).get("/download/search.csv", params={"q": "포항"})
    web = list(csv.reader(io.StringIO(r.content.decode("utf-8").lstrip("\ufeff"))))
    assert len(web) == 2 and web[1][3] == "'" + HOSTILE
    assert not any(v.startswith(("=", "+", "-", "@")) for v in web[1])
