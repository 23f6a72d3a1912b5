"""notebooks/analyst.ipynb, executed with nbclient against the real service (``voc serve``) on the sample exports,
ingested and tagged by the real tagger. Its figures, trend and period comparison are checked against the store
itself, and the comparison has to show the delivery delays planted in March 2026 (data/samples/README.md)."""

from __future__ import annotations

import json
from collections import Counter
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from pipelines.store.tables import Contact, Tag
from tests.conftest import ROOT
from tests.live_server import create_key, serve, voc_env

pytestmark = pytest.mark.slow  # the real tagger tags the sample exports
NOTEBOOK = ROOT / "notebooks" / "analyst.ipynb"
LOCAL = ZoneInfo("Europe/Amsterdam")  # the API's calendar days
# appended to the executed copy only: what the notebook computed, as JSON on stdout
REPORT = """import json
print(json.dumps({
    "comparison": json.loads(comparison.to_json(orient="index")),
    "trend_shape": list(trend.shape), "trend_columns": list(trend.columns),
    "heatmap_rows": list(tp_share.index), "heatmap_counts": int(tp_counts.to_numpy().sum()),
}))"""


@pytest.fixture(scope="module")
def sample_service(tmp_path_factory, sample_store, settings):
    engine, _, _, db = sample_store
    env = {**voc_env(settings.cache_dir), "KLANTGEVOEL_API_INGEST": "false"}  # read-only: no tagger to load
    key = create_key(db, env, "read", "notebook-test")
    with serve(db, env, tmp_path_factory.mktemp("notebook") / "serve.log") as url:
        yield {"url": url, "key": key, "engine": engine}


def _month_counts(engine, month: str) -> tuple[Counter, Counter]:
    """Tagged contacts and negative ones per touchpoint in a month (local calendar), straight from the store."""
    with Session(engine) as s:
        rows = s.execute(
            select(Contact.touchpoint, Contact.timestamp, Tag.valence_label)
            .join(Tag, (col(Tag.contact_id) == Contact.id) & col(Tag.turn_id).is_(None))
        ).all()
    n, neg = Counter(), Counter()
    for tp, ts, valence in rows:
        if ts is None:
            continue
        ts = ts.replace(tzinfo=ts.tzinfo or ZoneInfo("UTC")).astimezone(LOCAL)
        if ts.strftime("%Y-%m") == month:
            n[tp or "unknown"] += 1
            neg[tp or "unknown"] += valence == "negative"
    return n, neg


def test_analyst_notebook_runs_against_the_service(sample_service, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("KLANTGEVOEL_API_URL", sample_service["url"])
    monkeypatch.setenv("KLANTGEVOEL_API_KEY", sample_service["key"])
    monkeypatch.setenv("KLANTGEVOEL_PERIOD_A", "2026-03")
    monkeypatch.setenv("KLANTGEVOEL_PERIOD_B", "2026-04")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) >= 5  # two heatmaps, two trends, the comparison chart
    report = json.loads(nb.cells[-1].outputs[-1]["text"])

    # the touchpoint heatmap covers every tagged contact of the store
    engine = sample_service["engine"]
    with Session(engine) as s:
        tagged = s.scalars(select(Contact.touchpoint).join(
            Tag, (col(Tag.contact_id) == Contact.id) & col(Tag.turn_id).is_(None))).all()
    assert report["heatmap_counts"] == len(tagged)
    assert set(report["heatmap_rows"]) == {tp or "unknown" for tp in tagged}
    # the monthly trend: six months, nine emotions by their Dutch names
    assert report["trend_shape"] == [6, 9] and "woede" in report["trend_columns"]

    # the comparison: every touchpoint of either month, counts as in the store
    comparison = report["comparison"]
    n_a, neg_a = _month_counts(engine, "2026-03")
    n_b, neg_b = _month_counts(engine, "2026-04")
    assert set(comparison) == set(n_a) | set(n_b)
    for tp, row in comparison.items():
        assert row["contacten 2026-03"] == n_a[tp] and row["negatief 2026-03"] == neg_a[tp], tp
        assert row["contacten 2026-04"] == n_b[tp] and row["negatief 2026-04"] == neg_b[tp], tp
    # PakketPijl's delays in March: delivery turns markedly less negative in April
    delivery = comparison["delivery"]
    assert delivery["% negatief 2026-03"] - delivery["% negatief 2026-04"] >= 0.15
    assert delivery["verschil (pp)"] <= -15 and delivery["p-waarde"] < 0.01
    names = {t["id"]: t["name_nl"] for t in httpx.get(
        f"{sample_service['url']}/api/v1/meta", headers={"Authorization": f"Bearer {sample_service['key']}"}
    ).json()["touchpoints"]}
    assert {tp: row["naam"] for tp, row in comparison.items()} == {tp: names[tp] for tp in comparison}
