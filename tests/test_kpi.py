"""KPI records: indicators with targets and actuals, from the LibreOffice-printed fixtures
(fixtures/kpi/, truth written by hand in fixtures/kpi_generate.py), their value-level diff and
the CSV export."""
import json
import subprocess
import sys
import unicodedata

import pytest

from conftest import FIXTURES, ROOT, extracted
from shiryo.pipeline.contract import problems
from shiryo.pipeline.diff import diff_records
from shiryo.pipeline.kpi import kpi_records, parse_target, parse_values

KPI_DIR = FIXTURES / "kpi"
KPI_FIXTURES = ["kpi_sheet", "kpi_sheet_revised", "kpi_plan"]
SEED_000 = ROOT.parent / "shared" / "seeds" / "000_e13a3468c41cc198.txt"


def kpi_truth(stem: str) -> dict:
    return json.loads((KPI_DIR / "truth" / f"{stem}.json").read_text(encoding="utf-8"))


def kpis_of(stem: str, doc_id: str | None = None) -> list[dict]:
    return [r for r in extracted(KPI_DIR / "pdfs" / f"{stem}.pdf", doc_id).records if r["type"] == "kpi"]


def key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def close(a, b) -> bool:
    return a is None and b is None or a is not None and b is not None and abs(a - b) <= 1e-9 * max(1, abs(b))


def scores(found: list, expected: list, same) -> tuple[float, float, int, int, int]:
    """Precision and recall of `found` against `expected`, each expected item matched once."""
    unmatched = list(expected)
    hits = 0
    for f in found:
        for e in unmatched:
            if same(f, e):
                unmatched.remove(e)
                hits += 1
                break
    precision = hits / len(found) if found else 1.0
    recall = hits / len(expected) if expected else 1.0
    return precision, recall, hits, len(found), len(expected)


def value_items(kpis, field):
    return [(key(k["indicator"]), v) for k in kpis for v in k[field]]


def same_value(f, e) -> bool:
    (fi, fv), (ei, ev) = f, e
    return fi == ei and close(fv["value"], ev["value"]) and fv["unit"] == ev["unit"] and fv["fiscal_year"] == ev["fiscal_year"] and fv["label"] == ev["label"] and fv.get("kind", "value") == ev.get("kind", "value")


def measure(stems: list[str]) -> dict[str, tuple]:
    found = {"indicators": [], "actuals": [], "targets": []}
    expected = {"indicators": [], "actuals": [], "targets": []}
    for stem in stems:
        kpis, truth = kpis_of(stem), kpi_truth(stem)["indicators"]
        found["indicators"] += [(stem, key(k["indicator"])) for k in kpis]
        expected["indicators"] += [(stem, key(t["indicator"])) for t in truth]
        for field in ("actuals", "targets"):
            found[field] += [(stem, item) for item in value_items(kpis, field)]
            expected[field] += [(stem, item) for item in value_items(truth, field)]
    return {
        "indicators": scores(found["indicators"], expected["indicators"], lambda f, e: f == e),
        "actuals": scores(found["actuals"], expected["actuals"], lambda f, e: f[0] == e[0] and same_value(f[1], e[1])),
        "targets": scores(found["targets"], expected["targets"], lambda f, e: f[0] == e[0] and same_value(f[1], e[1])),
    }


@pytest.mark.parametrize("stem", KPI_FIXTURES)
def test_precision_and_recall_on_each_fixture(stem):
    figures = measure([stem])
    for what, (p, r, hits, n_found, n_expected) in figures.items():
        print(f"{stem} {what}: precision {p:.3f} recall {r:.3f} ({hits} matched, {n_found} found, {n_expected} in truth)")
    assert figures["indicators"][0] >= 0.95 and figures["indicators"][1] >= 0.95
    assert figures["actuals"][0] >= 0.95 and figures["actuals"][1] >= 0.95
    assert figures["targets"][0] >= 0.9 and figures["targets"][1] >= 0.9


def test_precision_and_recall_on_all_fixtures():
    figures = measure(KPI_FIXTURES)
    for what, (p, r, hits, n_found, n_expected) in figures.items():
        print(f"all fixtures {what}: precision {p:.3f} recall {r:.3f} ({hits} matched, {n_found} found, {n_expected} in truth)")
    assert all(p >= 0.97 and r >= 0.97 for p, r, *_ in figures.values())


@pytest.mark.parametrize("stem", KPI_FIXTURES)
def test_kpi_records_conform_to_the_contract(stem):
    kpis = kpis_of(stem)
    assert kpis
    for k in kpis:
        assert problems(k) == [], (k["indicator"], problems(k))
    assert len({k["id"] for k in kpis}) == len(kpis)


def test_table_kpis_name_their_table_and_cells():
    records = extracted(KPI_DIR / "pdfs" / "kpi_sheet.pdf").records
    tables = {r["id"]: r for r in records if r["type"] == "table"}
    kpis = [r for r in records if r["type"] == "kpi"]
    assert kpis and all(k["source_table"] in tables for k in kpis)
    for k in kpis:
        cells = {(c["row"], c["col"]): c for c in tables[k["source_table"]]["cells"]}
        texts = [cells[(s["row"], s["col"])]["text"] for s in k["sources"]]
        assert k["indicator"][:10] in key(texts[0]) or key(k["indicator"])[:10] in key(texts[0])
        if k["actuals"]:
            assert any(key(k["actuals"][0]["text"])[:6] in key(t) for t in texts[1:])
    # one actuals cell holds ①②③ of three indicators (7-3-2): three kpis share it
    shared = [k for k in kpis if "ISTC" in k["indicator"] or "MoU" in k["indicator"] or "GSF" in k["indicator"]]
    assert len(shared) == 3 and len({(s["row"], s["col"]) for k in shared for s in k["sources"][1:2]}) == 1
    assert [len(k["actuals"]) for k in shared] == [3, 4, 4]


def test_value_details_882oku_estimates_and_series():
    kpis = {key(k["indicator"]): k for k in kpis_of("kpi_sheet")}
    money = kpis[key("大学等及び国立研究開発法人における民間企業からの共同研究の受入額")]
    assert [(a["value"], a["unit"], a["fiscal_year"]) for a in money["actuals"]] == [(88200000000, "円", 2018), (128300000000, "円", 2022)]
    assert money["target"]["kind"] == "text" and money["target"]["value"] is None and "７割" in money["target"]["text"]
    doctoral = kpis[key("生活費相当額（年間180万円以上）を受給する博士後期課程学生の人数")]
    assert {a["note"] for a in doctoral["actuals"]} == {"（推計値）"}
    women = kpis[key("大学の研究者の採用に占める女性の割合")]
    assert women["series"] == ["理学系", "工学系", "農学系"]
    assert {(t["label"], t["value"], t["fiscal_year"]) for t in women["targets"]} == {("理学系", 20, 2025), ("工学系", 15, 2025), ("農学系", 30, 2025)}


def test_revised_figure_is_one_changed_kpi_naming_the_fiscal_year():
    old = extracted(KPI_DIR / "pdfs" / "kpi_sheet.pdf", "sheet").records
    new = extracted(KPI_DIR / "pdfs" / "kpi_sheet_revised.pdf", "sheet").records
    revision = kpi_truth("kpi_sheet_revised")["revision"]
    assert [k["id"] for k in old if k["type"] == "kpi"] == [k["id"] for k in new if k["type"] == "kpi"]
    entries = diff_records(old, new)
    kpi_entries = [e for e in entries if e["type"] == "kpi"]
    assert len(kpi_entries) == 1
    (entry,) = kpi_entries
    assert entry["op"] == "changed" and entry["fields"] == ["actuals"]
    assert entry["after"]["indicator"] == revision["indicator"]
    assert [(c["kind"], c["fiscal_year"], c["before"]["value"], c["after"]["value"]) for c in entry["changes"]] == [
        ("actual", revision["fiscal_year"], revision["before"], revision["after"])
    ]
    # besides the document record (new sha256), the only other entry is the table whose cell changed
    others = [e for e in entries if e["type"] not in ("kpi", "document")]
    assert [(e["op"], e["type"]) for e in others] == [("changed", "table")]
    assert others[0]["id"] == entry["after"]["source_table"]


def test_parse_values_of_seed_shapes():
    assert [(v["value"], v["unit"], v["fiscal_year"], v["note"]) for v in parse_values("①令和３年度：15,300人（推計値）、令和４年度：16,300人（推計値）"[1:])] == [
        (15300, "人", 2021, "（推計値）"),
        (16300, "人", 2022, "（推計値）"),
    ]
    values = parse_values("理学部：27.8％・工学部：15.7％（令和３年度）、理学部：27.8％・工学部：15.8％（令和４年度）")
    assert [(v["label"], v["value"], v["fiscal_year"]) for v in values] == [("理学部", 27.8, 2021), ("工学部", 15.7, 2021), ("理学部", 27.8, 2022), ("工学部", 15.8, 2022)]
    values = parse_values("データなし（令和３年度）、357研究・50,828人（令和４年度）")
    assert [(v["value"], v["unit"], v["fiscal_year"]) for v in values] == [(None, None, 2021), (357, "研究", 2022), (50828, "人", 2022)]
    assert parse_values("32362本（2022年度）、30638本（2019年度）※直近の実績値は調査中")[-1]["note"] == "※直近の実績値は調査中"
    assert [(t["value"], t["unit"], t["fiscal_year"], t["kind"]) for t in parse_target("1,200（2025 年度）")] == [(1200, None, 2025, "value")]
    assert [(t["value"], t["kind"], t["text"]) for t in parse_target("前年度以上※")] == [(None, "text", "前年度以上")]


def test_paragraph_kpis_from_seed_000_text():
    """Seed 000's sheet as extracted text lines (no table): the indicator line, then the actuals line."""
    if not SEED_000.is_file():
        pytest.skip(f"shared seeds not present: {SEED_000}")
    lines = SEED_000.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("①生活費相当額"))
    texts = [line for line in lines[start : start + 42] if line.strip()]
    records = [{"type": "paragraph", "id": f"p{i}", "doc": "seed000", "version": "v", "page": 1, "bbox": [0, 0, 1, 1], "section": [], "text": t} for i, t in enumerate(texts)]
    kpis = {k["marker"]: k for k in kpi_records(records)}
    assert [a["value"] for a in kpis["①"]["actuals"]] == [15300, 16300, 18400, 20400]
    assert kpis["②"]["target"]["value"] == 82.9 and [a["fiscal_year"] for a in kpis["②"]["actuals"]] == [2021, 2022, 2023]
    assert kpis["③"]["target"]["value"] == 2151 and [a["value"] for a in kpis["③"]["actuals"]] == [1176, 1363]
    assert kpis["⑥"]["series"][:3] == ["理学系", "工学系", "農学系"] and len(kpis["⑥"]["actuals"]) == 6


def shiryo(*args):
    return subprocess.run([sys.executable, "-m", "shiryo", *args], capture_output=True, text=True, timeout=300)


def test_kpis_csv_loads_into_pandas_and_duckdb(tmp_path):
    import duckdb  # both pinned in the test extra (requirements.lock)
    import pandas

    jsonl = tmp_path / "kpi_sheet.jsonl"
    records = extracted(KPI_DIR / "pdfs" / "kpi_sheet.pdf").records
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    csv_path = tmp_path / "kpis.csv"
    done = shiryo("kpis", str(jsonl), "--format", "csv", "-o", str(csv_path))
    assert done.returncode == 0, done.stderr
    kpis = [r for r in records if r["type"] == "kpi"]
    n_values = sum(len(k["actuals"]) + len(k["targets"]) for k in kpis)

    frame = pandas.read_csv(csv_path)
    assert len(frame) == n_values
    assert set(frame["kind"]) == {"actual", "target"}
    money = frame[(frame["indicator"] == "大学等及び国立研究開発法人における民間企業からの共同研究の受入額") & (frame["kind"] == "actual")]
    assert sorted(zip(money["fiscal_year"], money["value"], money["unit"])) == [(2018, 88200000000, "円"), (2022, 128300000000, "円")]

    con = duckdb.connect()
    rows = con.execute(f"select series, value from read_csv_auto('{csv_path}') where kind = 'actual' and fiscal_year = 2021 and series = '理学系'").fetchall()
    assert rows == [("理学系", 19.9)]
    total = con.execute(f"select count(*), count(distinct kpi_id) from read_csv_auto('{csv_path}')").fetchone()
    assert total == (n_values, len(kpis))
    assert shiryo("kpis", str(jsonl), "--format", "parquet").returncode == 2  # binary: needs -o

    parquet = tmp_path / "kpis.parquet"
    done = shiryo("kpis", str(jsonl), "--format", "parquet", "-o", str(parquet))
    assert done.returncode == 0, done.stderr
    from_parquet = pandas.read_parquet(parquet) if _has_parquet_engine() else con.execute(f"select * from read_parquet('{parquet}')").df()
    assert len(from_parquet) == n_values
    assert str(from_parquet["value"].dtype) == "float64"
    typed = con.execute(f"select typeof(fiscal_year), value from read_parquet('{parquet}') where kind = 'actual' and fiscal_year = 2021 and series = '理学系'").fetchall()
    assert typed == [("INTEGER", 19.9)]


def _has_parquet_engine() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def test_separate_target_column_of_the_reportlab_sheet():
    """fixtures/pdfs/policy_evaluation_sheet.pdf: `目標値（年度）` and `実績値（計画期間分）` under one
    colspan header, full-width digits (`１，２００名（２０２５年度）`)."""
    records = extracted(FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf").records
    kpis = [r for r in records if r["type"] == "kpi"]
    assert [k["marker"] for k in kpis] == ["①", "②", "③", "①", "②"]
    first = kpis[0]
    assert first["indicator"] == "実践的なアントレプレナーシップ教育プログラムの受講者数"
    assert (first["target"]["value"], first["target"]["unit"], first["target"]["fiscal_year"]) == (1200, "名", 2025)
    assert [(a["value"], a["fiscal_year"]) for a in first["actuals"]] == [(592, 2020), (3133, 2021), (4113, 2022), (3930, 2023), (5450, 2024)]
    assert len(first["sources"]) == 3  # indicator, actuals and target cells


def test_table_without_kpi_headers_pairs_target_cells_with_the_values_beside_them():
    def cell(row, col, text):
        return {"row": row, "col": col, "rowspan": 1, "colspan": 1, "text": text, "page": 1, "bbox": [col * 100, row * 20, col * 100 + 90, row * 20 + 18]}

    table = {
        "type": "table", "id": "t:table:1", "doc": "t", "version": "v", "page": 1, "bbox": [0, 0, 300, 60], "section": [], "header_rows": 1,
        "cells": [
            cell(0, 0, "項目"), cell(0, 1, "内容"), cell(0, 2, "備考"),
            cell(1, 0, "7-1-1"), cell(1, 1, "①大学等発スタートアップ創業数（目標値：350（2025年度））"), cell(1, 2, "①368件（2020年度）、378件（2021年度）"),
            cell(2, 0, "7-1-2"), cell(2, 1, "研究開発の推進"), cell(2, 2, "文部科学省調べ"),
        ],
    }
    (kpi,) = kpi_records([table])
    assert kpi["indicator"] == "大学等発スタートアップ創業数" and kpi["source_table"] == "t:table:1"
    assert [(a["value"], a["unit"], a["fiscal_year"]) for a in kpi["actuals"]] == [(368, "件", 2020), (378, "件", 2021)]
    assert kpi["sources"] == [{"record": "t:table:1", "row": 1, "col": 1}, {"record": "t:table:1", "row": 1, "col": 2}]
