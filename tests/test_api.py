"""The HTTP API on SQLite and PostgreSQL: every figure checked against a direct count of the factory data.

Each test gets a fresh database (``db_url``) filled with tagged contacts written straight into the store (no model);
aggregate tests run twice more: with the in-memory rollup cube and with SQL only, which must agree. Only the ingest
test uses the real tagger.
"""

from __future__ import annotations

import io
import json
import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, insert, select
from sqlmodel import Session

from models.taxonomy import EMOTION_BY_ID, EMOTION_IDS, PHASE_BY_ID, PHASE_IDS
from pipelines.store import apikeys
from pipelines.store.bulk import TaggedContact, make_tag
from pipelines.store.facts import index_contacts, reindex_all
from pipelines.store.tables import Contact, ContactCard, ContactFact, ContactRollup, QuarantinedRow, Tag
from service.api import create_app
from service.settings import Settings
from tests.factories import make_tagged, store_tagged

AMS = ZoneInfo("Europe/Amsterdam")
V1 = "/api/v1"
KEY = "test-key"
CHANNELS = ("email", "chat", "phone", "review")
TOUCHPOINTS = ("delivery", "returns", "billing", None)
PRODUCTS = ("koksmes", "wok", "pan")


# ---- the planted data and what it should give -------------------------------------------------------------------


def plant(n: int = 240, seed: int = 7) -> list[TaggedContact]:
    """Contacts over four months, every dimension varied; every 17th untagged (not Dutch), every 29th without a
    timestamp, some just before or after local midnight, valences spread around the emotion priors."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        emotion = None if i % 17 == 0 else rng.choice(EMOTION_IDS)
        valence = None
        if emotion:
            valence = max(-1.0, min(1.0, round(EMOTION_BY_ID[emotion].valence + rng.uniform(-0.25, 0.25), 3)))
        if i % 29 == 0:
            ts = None
        elif i % 11 == 0:  # 23:30 UTC: the next day in Amsterdam
            ts = datetime(2026, 1, 5, 23, 30, tzinfo=UTC) + timedelta(days=rng.randrange(0, 110))
        else:
            ts = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 120 * 24 * 60))
        meta: dict[str, Any] = {"product": rng.choice(PRODUCTS), "land": rng.choice(("NL", "BE")),
                                "order": f"KK-{100000 + i}"}
        out.append(make_tagged(emotion, rng.choice(PHASE_IDS), valence=valence, channel=rng.choice(CHANNELS),
                               touchpoint=rng.choice(TOUCHPOINTS), timestamp=ts, metadata=meta))
    return out


def day_of(c: TaggedContact) -> date | None:
    return c.timestamp.astimezone(AMS).date() if c.timestamp else None


def key_of(c: TaggedContact, dim: str) -> str:
    if dim == "touchpoint":
        return c.touchpoint or "unknown"
    if dim == "channel":
        return c.channel
    assert c.tag is not None
    return {"phase": c.tag["phase"], "stdc": PHASE_BY_ID[c.tag["phase"]].stdc, "emotion": c.tag["emotion"]}[dim]


def select_planted(planted: list[TaggedContact], tagged: bool = True, date_from: date | None = None,
                   date_to: date | None = None, segments: dict[str, set[str]] | None = None,
                   **dims: set[str]) -> list[TaggedContact]:
    """The filters' meaning, written out plainly over the factory data."""
    out = []
    for c in planted:
        if (tagged or any(d in dims for d in ("phase", "stdc", "emotion"))) and c.tag is None:
            continue
        d = day_of(c)
        if (date_from or date_to) and (d is None or (date_from and d < date_from) or (date_to and d > date_to)):
            continue
        if any(key_of(c, dim) not in values for dim, values in dims.items()):
            continue
        if segments and any(str(c.metadata.get(f)) not in vals for f, vals in segments.items()):
            continue
        out.append(c)
    return out


# ---- fixtures ----------------------------------------------------------------------------------------------------


class Api:
    def __init__(self, client: TestClient, engine, planted: list[TaggedContact], ids: list[int],
                 keys: dict[str, str]) -> None:
        self.client, self.engine, self.planted, self.ids, self.keys = client, engine, planted, ids, keys
        self.by_id = dict(zip(ids, planted, strict=True))

    def get(self, path: str, scope: str = "read", **kw: Any):
        return self.client.get(V1 + path, headers={"Authorization": f"Bearer {self.keys[scope]}",
                                                   **kw.pop("headers", {})}, **kw)

    def json(self, path: str, **params: Any) -> Any:
        r = self.get(path, params=params)
        assert r.status_code == 200, r.text
        return r.json()


def _keys(engine) -> dict[str, str]:
    keys = {}
    with Session(engine) as s:
        for scope in ("read", "ingest", "admin"):
            keys[scope], _ = apikeys.create_key(s, [scope], name=f"test {scope}")
        s.commit()
    return keys


def _settings(**kw: Any) -> Settings:
    return Settings(api_ingest=False, pseudonym_key=KEY, **kw)


@pytest.fixture()
def api(engine):
    planted = plant()
    ids = store_tagged(engine, planted)
    with TestClient(create_app(_settings(), engine=engine)) as client:
        yield Api(client, engine, planted, ids, _keys(engine))


@pytest.fixture(params=["cube", "sql"])
def api_both(request, engine):
    """The API answering aggregates from the in-memory cube (and its result cache), and from SQL only."""
    planted = plant()
    ids = store_tagged(engine, planted)
    fast = request.param == "cube"
    with TestClient(create_app(_settings(api_cube=fast, api_result_cache=fast), engine=engine)) as client:
        yield Api(client, engine, planted, ids, _keys(engine))


# ---- health and keys ---------------------------------------------------------------------------------------------


def test_health_needs_no_key_and_names_the_database(api, engine):
    r = api.client.get(V1 + "/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"] == engine.dialect.name
    assert body["model_version"].startswith("kg-tagger-") and body["version"]


def test_keys_are_checked_hashed_and_scoped(api):
    c = api.client
    no_key = c.get(V1 + "/meta")
    assert no_key.status_code == 401 and no_key.json()["error"]["code"] == "unauthorized"
    assert no_key.headers["www-authenticate"] == "Bearer"
    assert c.get(V1 + "/meta", headers={"Authorization": "Bearer kg_00000000_nope"}).status_code == 401
    assert c.get(V1 + "/meta", headers={"Authorization": f"Basic {api.keys['read']}"}).status_code == 401
    assert api.get("/meta").status_code == 200
    assert api.get("/meta", scope="admin").status_code == 200  # admin implies read
    wrong = api.get("/meta", scope="ingest")
    assert wrong.status_code == 403 and wrong.json()["error"]["details"] == {"scopes": ["ingest"]}
    post = c.post(V1 + "/contacts", json={"channel": "chat", "text": "hoi"},
                  headers={"Authorization": f"Bearer {api.keys['read']}"})
    assert post.status_code == 403 and "ingest" in post.json()["error"]["message"]
    with Session(api.engine) as s:
        rows = {k.scopes: k for k in apikeys.list_keys(s)}
        assert all(len(k.key_hash) == 64 and k.key_hash not in api.keys.values() for k in rows.values())
        assert rows["read"].last_used_at is not None and rows["admin"].last_used_at is not None
        apikeys.revoke_key(s, rows["read"].prefix)
        s.commit()
    revoked = api.get("/meta")
    assert revoked.status_code == 401 and "revoked" in revoked.json()["error"]["message"]


# ---- heatmap -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rows", "cols"), [("touchpoint", "emotion"), ("phase", "emotion"), ("stdc", "channel"),
                                            ("channel", "touchpoint")])
def test_heatmap_counts_are_the_factory_counts(api_both, rows, cols):
    hm = api_both.json("/heatmap", rows=rows, cols=cols, metric="count")
    tagged = select_planted(api_both.planted)
    want = Counter((key_of(c, rows), key_of(c, cols)) for c in tagged)
    got = {(r, c): hm["counts"][i][j] for i, r in enumerate(hm["rows"]) for j, c in enumerate(hm["cols"])}
    assert {k: v for k, v in got.items() if v} == dict(want)
    assert hm["values"] == hm["counts"] and hm["total"] == len(tagged) < len(api_both.planted)
    if cols == "emotion":
        assert hm["cols"] == list(EMOTION_IDS)
        assert hm["labels"]["cols"]["anger"] == "woede"
    if rows == "touchpoint":
        assert hm["rows"][-1] == "unknown" and hm["labels"]["rows"]["unknown"] == "onbekend"
    if rows == "phase":
        assert hm["rows"] == list(PHASE_IDS)


def test_heatmap_metrics_share_valence_and_negative_share(api_both):
    tagged = select_planted(api_both.planted)
    cells: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in tagged:
        assert c.tag is not None
        cells[(key_of(c, "touchpoint"), key_of(c, "emotion"))].append(c.tag)
    share = api_both.json("/heatmap", rows="touchpoint", cols="emotion", metric="share")
    valence = api_both.json("/heatmap", rows="touchpoint", cols="emotion", metric="mean_valence")
    negative = api_both.json("/heatmap", rows="touchpoint", cols="emotion", metric="negative_share")
    for i, r in enumerate(share["rows"]):
        row = [v for v in share["values"][i] if v is not None]
        assert sum(row) == pytest.approx(1.0)
        row_total = sum(len(cells[(r, c)]) for c in share["cols"])
        for j, c in enumerate(share["cols"]):
            tags = cells.get((r, c), [])
            if not tags:
                assert share["values"][i][j] is None or share["values"][i][j] == 0
                assert valence["values"][i][j] is None and negative["values"][i][j] is None
                continue
            assert share["values"][i][j] == pytest.approx(len(tags) / row_total)
            assert valence["values"][i][j] == pytest.approx(sum(t["valence"] for t in tags) / len(tags))
            assert negative["values"][i][j] == pytest.approx(
                sum(t["valence_label"] == "negative" for t in tags) / len(tags))
    assert any(v not in (None, 0.0, 1.0) for row in negative["values"] for v in row)  # a real mix, not 0/1 only


def test_heatmap_csv_is_the_json_as_tidy_rows(api):
    js = api.json("/heatmap", rows="phase", cols="emotion", metric="negative_share", channel="chat")
    for r in (api.get("/heatmap", params={"rows": "phase", "cols": "emotion", "metric": "negative_share",
                                          "channel": "chat", "format": "csv"}),
              api.get("/heatmap", params={"rows": "phase", "cols": "emotion", "metric": "negative_share",
                                          "channel": "chat"}, headers={"Accept": "text/csv"})):
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        lines = r.text.strip().split("\n")
        assert lines[0] == "row_dim,col_dim,row,col,count,value"
        assert len(lines) == 1 + len(js["rows"]) * len(js["cols"])
        for line in lines[1:]:
            rd, cd, row, col, count, value = line.split(",")
            i, j = js["rows"].index(row), js["cols"].index(col)
            assert (rd, cd, int(count)) == ("phase", "emotion", js["counts"][i][j])
            assert (float(value) if value else None) == js["values"][i][j]


FILTER_CASES = [
    ({"date_from": "2026-02-01", "date_to": "2026-02-28"},
     {"date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28)}),
    ({"date_to": "2026-01-31"}, {"date_to": date(2026, 1, 31)}),
    ({"channel": ["chat", "phone"]}, {"channel": {"chat", "phone"}}),
    ({"channel": "chat,phone", "touchpoint": "unknown"}, {"channel": {"chat", "phone"}, "touchpoint": {"unknown"}}),
    ({"phase": ["delivery", "usage"], "emotion": "anger"}, {"phase": {"delivery", "usage"}, "emotion": {"anger"}}),
    ({"stdc": "care"}, {"stdc": {"care"}}),
    ({"stdc": "care", "phase": ["delivery", "purchase"]}, {"stdc": {"care"}, "phase": {"delivery"}}),
    ({"segment.product": "koksmes"}, {"segments": {"product": {"koksmes"}}}),
    ({"segment.product": ["wok", "pan"], "segment.land": "BE", "date_from": "2026-03-01"},
     {"segments": {"product": {"wok", "pan"}, "land": {"BE"}}, "date_from": date(2026, 3, 1)}),
]


@pytest.mark.parametrize(("params", "meaning"), FILTER_CASES)
def test_filters_select_what_they_say(api_both, params, meaning):
    hm = api_both.json("/heatmap", rows="touchpoint", cols="emotion", **params)
    want = select_planted(api_both.planted, **meaning)
    assert want, "the case must select something"
    assert hm["total"] == len(want)
    assert Counter((key_of(c, "touchpoint"), key_of(c, "emotion")) for c in want) == Counter(
        {(r, c): hm["counts"][i][j] for i, r in enumerate(hm["rows"]) for j, c in enumerate(hm["cols"])
         if hm["counts"][i][j]})
    listed = api_both.json("/contacts", page_size=500, **params)
    assert listed["total"] == len(select_planted(api_both.planted, tagged=False, **meaning))
    assert {i["id"] for i in listed["items"]} == {
        i for i, c in api_both.by_id.items() if c in select_planted(api_both.planted, tagged=False, **meaning)}
    if "segments" in meaning:  # the filters echoed, normalised
        assert {f: set(v) for f, v in hm["filters"]["segment"].items()} == meaning["segments"]
    if "channel" in meaning:
        assert set(hm["filters"]["channel"]) == meaning["channel"]


def test_a_filter_value_outside_the_data_gives_an_empty_heatmap(api_both):
    hm = api_both.json("/heatmap", rows="touchpoint", cols="emotion", touchpoint="nergens")
    assert hm["rows"] == [] and hm["total"] == 0 and hm["cols"] == list(EMOTION_IDS)
    assert api_both.json("/contacts", touchpoint="nergens")["total"] == 0


# ---- trends --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_trends_per_period_are_the_factory_counts(api_both, interval):
    tr = api_both.json("/trends", by="emotion", interval=interval, metric="share", date_from="2026-01-10",
                       date_to="2026-03-20", channel="email")
    want = select_planted(api_both.planted, date_from=date(2026, 1, 10), date_to=date(2026, 3, 20),
                          channel={"email"})

    def start(d: date) -> date:
        return {"day": d, "week": d - timedelta(days=d.weekday()), "month": d.replace(day=1)}[interval]

    counts = Counter((start(day_of(c)), key_of(c, "emotion")) for c in want)  # type: ignore[arg-type]
    periods = [date.fromisoformat(p) for p in tr["periods"]]
    assert periods[0] == start(date(2026, 1, 10)) and periods[-1] == start(date(2026, 3, 20))
    assert len(periods) == len(set(periods)) and periods == sorted(periods)
    assert [s["key"] for s in tr["series"]] == list(EMOTION_IDS)
    got = {(p, s["key"]): s["counts"][i] for s in tr["series"] for i, p in enumerate(periods) if s["counts"][i]}
    assert got == dict(counts)
    for i, total in enumerate(tr["totals"]):
        shares = [s["values"][i] for s in tr["series"] if s["values"][i] is not None]
        assert (sum(shares) == pytest.approx(1.0)) if total else shares == []


def test_trends_csv_and_defaults(api):
    tr = api.json("/trends", by="phase", interval="month")
    assert tr["metric"] == "count" and tr["periods"][0] == "2026-01-01"
    assert sum(tr["totals"]) == len([c for c in select_planted(api.planted) if c.timestamp])
    r = api.get("/trends", params={"by": "phase", "interval": "month", "format": "csv"})
    lines = r.text.strip().split("\n")
    assert lines[0] == "by,interval,period,key,count,value"
    assert len(lines) == 1 + len(tr["periods"]) * len(tr["series"])
    assert sum(int(line.split(",")[4]) for line in lines[1:]) == sum(tr["totals"])


# ---- contacts ------------------------------------------------------------------------------------------------------


def test_contacts_pages_cover_the_cell_newest_first_without_overlap(api_both):
    want = select_planted(api_both.planted, tagged=False, touchpoint={"delivery"}, channel={"email", "chat"})
    seen: list[dict] = []
    first = api_both.json("/contacts", touchpoint="delivery", channel="email,chat", page_size=7)
    assert first["total"] == len(want) and first["pages"] == -(-len(want) // 7) and first["page_size"] == 7
    sizes = []
    for page in range(1, first["pages"] + 2):
        got = api_both.json("/contacts", touchpoint="delivery", channel="email,chat", page_size=7, page=page)
        sizes.append(len(got["items"]))
        seen += got["items"]
    assert sizes[:-2] == [7] * (first["pages"] - 1) and 0 < sizes[-2] <= 7 and sizes[-1] == 0
    assert len({i["id"] for i in seen}) == len(seen) == len(want)
    stamps = [i["timestamp"] for i in seen]
    dated = [s for s in stamps if s is not None]
    assert dated == sorted(dated, reverse=True) and stamps[len(dated):] == [None] * (len(stamps) - len(dated))
    assert any(i["tag"] is None for i in seen) or not any(c.tag is None for c in want)


def test_drill_down_lists_exactly_the_contacts_of_a_heatmap_cell(api):
    hm = api.json("/heatmap", rows="touchpoint", cols="emotion", date_from="2026-02-01")
    i, j = max(((i, j) for i in range(len(hm["rows"])) for j in range(len(hm["cols"]))),
               key=lambda ij: hm["counts"][ij[0]][ij[1]])
    tp, emo = hm["rows"][i], hm["cols"][j]
    page = api.json("/contacts", touchpoint=tp, emotion=emo, date_from="2026-02-01", page_size=500)
    assert page["total"] == hm["counts"][i][j] == len(page["items"])
    want = {id_ for id_, c in api.by_id.items() if c.tag and key_of(c, "touchpoint") == tp
            and c.tag["emotion"] == emo and day_of(c) and day_of(c) >= date(2026, 2, 1)}  # type: ignore[operator]
    assert {it["id"] for it in page["items"]} == want
    item = page["items"][0]
    planted = api.by_id[item["id"]]
    assert item["tag"]["emotion"] == emo and item["touchpoint"] == tp
    assert planted.tag is not None and item["tag"]["valence"] == pytest.approx(planted.tag["valence"])
    assert [t["text"] for t in item["turns"]] == [t.text for t in planted.turns]
    assert item["turns"][0]["tag"]["emotion"] == emo and item["turns"][1]["tag"] is None
    assert item["customer"] == planted.customer and item["metadata"] == planted.metadata
    assert datetime.fromisoformat(item["timestamp"]) == planted.timestamp


def test_contact_detail_and_404(api):
    cid = api.ids[3]
    one = api.json(f"/contacts/{cid}")
    assert one["id"] == cid and one["external_id"] == api.by_id[cid].external_id
    assert one == api.json("/contacts", page_size=500, sort="id")["items"][3]
    missing = api.get("/contacts/99999999")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_untagged_contacts_are_listed_but_never_aggregated(api):
    untagged = [i for i, c in api.by_id.items() if c.tag is None]
    assert untagged
    assert api.json(f"/contacts/{untagged[0]}")["tag"] is None
    everything = api.json("/contacts", page_size=500)
    assert everything["total"] == len(api.planted)
    assert api.json("/contacts", emotion=list(EMOTION_IDS))["total"] == len(api.planted) - len(untagged)
    meta = api.json("/meta")
    assert (meta["contacts"], meta["tagged"]) == (len(api.planted), len(api.planted) - len(untagged))


def test_meta_lists_the_choices(api):
    meta = api.json("/meta")
    assert [c["id"] for c in meta["channels"]] == [c for c in ("email", "chat", "phone", "review")]
    assert [t["id"] for t in meta["touchpoints"]] == ["billing", "delivery", "returns", "unknown"]
    assert {t["id"]: t["name_nl"] for t in meta["touchpoints"]}["delivery"] == "bezorging"
    assert [e["id"] for e in meta["emotions"]] == list(EMOTION_IDS)
    assert meta["emotions"][0] == {"id": "anger", "name_nl": "woede", "valence": -0.9}
    assert [p["id"] for p in meta["phases"]] == list(PHASE_IDS)
    days = sorted(d for c in api.planted if (d := day_of(c)))
    assert (meta["date_min"], meta["date_max"]) == (days[0].isoformat(), days[-1].isoformat())
    # "order" holds one value per contact (KK-100003...): no segment to choose from
    assert meta["segments"] == {"land": ["BE", "NL"], "product": sorted(PRODUCTS)}


# ---- export --------------------------------------------------------------------------------------------------------


def test_export_csv_and_parquet_hold_the_tagged_contacts(api):
    import csv

    import pyarrow.parquet as pq

    want = {i for i, c in api.by_id.items() if c in select_planted(api.planted, channel={"chat"})}
    r = api.get("/export", params={"format": "csv", "channel": "chat"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {int(row["id"]) for row in rows} == want and len(rows) == len(want)
    p = api.get("/export", params={"format": "parquet", "channel": "chat"})
    assert p.status_code == 200 and p.content[:4] == b"PAR1"
    table = pq.read_table(io.BytesIO(p.content))
    assert table.column_names == list(rows[0].keys())
    records = {rec["id"]: rec for rec in table.to_pylist()}
    assert set(records) == want
    some = next(iter(want))
    planted = api.by_id[some]
    rec = records[some]
    assert rec["text"] == "\n".join(t.text for t in planted.turns if t.speaker == "customer")
    assert planted.tag is not None
    assert (rec["emotion"], rec["phase"], rec["channel"]) == (planted.tag["emotion"], planted.tag["phase"], "chat")
    assert rec["valence"] == pytest.approx(planted.tag["valence"])
    assert rec["timestamp"] == planted.timestamp
    csv_row = next(row for row in rows if int(row["id"]) == some)
    assert csv_row["text"] == rec["text"] and csv_row["emotion"] == rec["emotion"]


# ---- errors --------------------------------------------------------------------------------------------------------


def _error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_errors_are_json_and_name_the_problem(api):
    e = _error(api.get("/heatmap", params={"rows": "product"}), 400, "bad_request")
    assert "product" in e["message"] and e["details"]["allowed"] == ["touchpoint", "channel", "phase", "stdc",
                                                                      "emotion", "cause"]
    _error(api.get("/heatmap", params={"rows": "emotion", "cols": "emotion"}), 400, "bad_request")
    e = _error(api.get("/heatmap", params={"metric": "median"}), 400, "bad_request")
    assert "share" in e["message"]
    e = _error(api.get("/contacts", params={"emotion": "woede"}), 400, "bad_request")
    assert "anger" in e["details"]["allowed"]
    _error(api.get("/trends", params={"interval": "year"}), 400, "bad_request")
    _error(api.get("/heatmap", params={"date_from": "2026-03-01", "date_to": "2026-02-01"}), 400, "bad_request")
    e = _error(api.get("/contacts", params={"page_size": 501}), 422, "validation_error")
    assert e["details"][0]["field"] == "query.page_size"
    e = _error(api.get("/heatmap", params={"date_from": "gisteren"}), 422, "validation_error")
    assert e["details"][0]["field"] == "query.date_from"
    _error(api.get("/contacts/abc"), 422, "validation_error")
    _error(api.get("/nothing-here"), 404, "not_found")
    _error(api.client.delete(V1 + "/heatmap"), 405, "method_not_allowed")


def test_post_limits_and_validation(api):
    h = {"Authorization": f"Bearer {api.keys['ingest']}"}
    big = b'{"channel": "chat", "text": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    e = _error(api.client.post(V1 + "/contacts", content=big, headers={**h, "Content-Type": "application/json"}),
               413, "payload_too_large")
    assert e["details"]["max_bytes"] == 5 * 1024 * 1024

    def chunks():  # no Content-Length: the limit counts what arrives
        yield b'{"channel": "chat", "text": "'
        for _ in range(6):
            yield b"a" * (1024 * 1024)
        yield b'"}'

    _error(api.client.post(V1 + "/contacts", content=chunks(), headers={**h, "Content-Type": "application/json"}),
           413, "payload_too_large")
    many = {"contacts": [{"channel": "chat", "text": f"bericht {i}"} for i in range(1001)]}
    e = _error(api.client.post(V1 + "/contacts", json=many, headers=h), 413, "payload_too_large")
    assert "1000" in e["message"]
    e = _error(api.client.post(V1 + "/contacts", json={"contacts": [{"channel": "chat", "text": "a"}, {"text": "b"}]},
                               headers=h), 422, "validation_error")
    assert e["details"][0]["field"] == "body.contacts.1.channel"
    e = _error(api.client.post(V1 + "/contacts", json={"channel": "fax", "text": "a"}, headers=h), 422,
               "validation_error")
    assert e["details"][0]["field"] == "body.channel"
    _error(api.client.post(V1 + "/contacts", json={"channel": "chat", "txt": "a"}, headers=h), 422,
           "validation_error")
    _error(api.client.post(V1 + "/contacts", content=b"{not json", headers={**h, "Content-Type": "application/json"}),
           422, "validation_error")
    e = _error(api.client.post(V1 + "/contacts", json={"channel": "chat", "text": "hoi"}, headers=h), 503,
               "unavailable")  # this app runs without ingest: no tagger loaded
    assert "KLANTGEVOEL_API_INGEST" in e["message"]


# ---- POST through the real pipeline ----------------------------------------------------------------------------


def test_post_contacts_goes_through_the_ingest_pipeline(engine, tagger):
    keys = _keys(engine)
    h = {"Authorization": f"Bearer {keys['ingest']}"}
    complaint = "Mijn pakket is nog steeds niet bezorgd! Bel me op 06-12345678, ik ben het echt zat."
    body = {"contacts": [
        {"external_id": "API-1", "channel": "email", "touchpoint": "Bezorging", "timestamp": "2026-04-02T10:00:00",
         "customer": "Jan Jansen <Jan@Example.nl>", "text": complaint, "metadata": {"product": "koksmes"}},
        {"external_id": "API-2", "channel": "chat", "turns": [
            {"speaker": "customer", "text": "Hallo, mijn bestelling is kapot aangekomen."},
            {"speaker": "agent", "text": "Wat vervelend! We sturen vandaag een nieuwe."},
            {"speaker": "customer", "text": "Top, dank jullie wel voor de snelle hulp!"}]},
        {"external_id": "API-3", "channel": "email",
         "text": "Where is my parcel? I ordered two weeks ago and nothing has arrived yet."},
        {"external_id": "API-4", "channel": "webform", "text": "   "},
        {"external_id": "API-1", "channel": "email", "text": complaint},  # the same contact twice in one request
    ]}
    settings = Settings(api_ingest=True, pseudonym_key=KEY)
    with TestClient(create_app(settings, engine=engine, tagger=tagger)) as client:
        assert client.get(V1 + "/meta", headers={"Authorization": f"Bearer {keys['read']}"}).json()["contacts"] == 0
        r = client.post(V1 + "/contacts", json=body, headers=h)
        assert r.status_code == 201, r.text
        out = r.json()
        assert (out["added"], out["duplicates"]) == (3, 1)
        assert out["quarantined"] == [{"index": 3, "reason": "no text"}]
        items = {c["external_id"]: c for c in out["contacts"]}
        assert list(items) == ["API-1", "API-2", "API-3"]
        one = items["API-1"]
        assert "06-12345678" not in one["turns"][0]["text"] and "[TELEFOON]" in one["turns"][0]["text"]
        assert one["touchpoint"] == "delivery" and one["timestamp"] == "2026-04-02T08:00:00Z"  # CEST -> UTC
        from pipelines.prepare import pseudonymise

        assert one["customer"] == pseudonymise("jan@example.nl", KEY.encode())
        assert one["tag"]["valence_label"] == "negative" and one["tag"]["model_version"] == tagger.model_version
        two = items["API-2"]
        assert [t["tag"] is not None for t in two["turns"]] == [True, False, True] and two["tag"] is not None
        assert items["API-3"]["language"] == "en" and items["API-3"]["tag"] is None
        # the read side follows at once: the cube sees the new data version
        read = {"Authorization": f"Bearer {keys['read']}"}
        meta = client.get(V1 + "/meta", headers=read).json()
        assert (meta["contacts"], meta["tagged"]) == (3, 2) and meta["segments"] == {"product": ["koksmes"]}
        hm = client.get(V1 + "/heatmap", params={"rows": "channel", "cols": "emotion"}, headers=read).json()
        assert hm["total"] == 2 and hm["rows"] == ["email", "chat"]
        assert client.get(V1 + "/contacts", params={"segment.product": "koksmes"}, headers=read).json()["total"] == 1
        again = client.post(V1 + "/contacts", json=body, headers=h).json()
        assert (again["added"], again["duplicates"]) == (0, 4)
        assert [c["id"] for c in again["contacts"]] == [c["id"] for c in out["contacts"]]
        single = client.post(V1 + "/contacts", json={"channel": "chat", "text": "Bedankt, alles is opgelost!"},
                             headers=h)
        assert single.status_code == 201 and single.json()["added"] == 1
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == 4
        assert s.scalar(select(func.count()).select_from(QuarantinedRow)) == 1


# ---- the read side stays in step with the writes -----------------------------------------------------------------


def _rollup(engine) -> dict[tuple, tuple]:
    with Session(engine) as s:
        return {(r.day, r.channel, r.touchpoint, r.phase, r.emotion): (r.n, round(r.valence_sum, 6), r.negative)
                for r in s.scalars(select(ContactRollup)) if r.n}


def test_the_cube_follows_new_contacts_and_replaced_tags(api):
    before = api.json("/heatmap", rows="touchpoint", cols="emotion")  # builds the cube
    new = [make_tagged("joy", "loyalty", channel="social", touchpoint="app", valence=0.7,
                       timestamp=datetime(2027, 6, 1, 9, tzinfo=UTC)),  # a new day, channel and touchpoint
           make_tagged("anger", "delivery", channel="email", touchpoint="delivery", valence=-0.8,
                       timestamp=datetime(2026, 2, 3, 9, tzinfo=UTC))]
    new_ids = store_tagged(api.engine, new)
    api.planted += new
    api.by_id.update(zip(new_ids, new, strict=True))
    # what retag does: replace contact-level tags, re-index in the same transaction
    changed = [i for i, c in api.by_id.items() if c.tag and c.tag["emotion"] != "relief"][:12]
    with Session(api.engine) as s, s.begin():
        s.execute(delete(Tag).where(Tag.contact_id.in_(changed), Tag.turn_id.is_(None)))  # type: ignore[union-attr,attr-defined]
        tag = make_tag("relief", "usage", valence=0.55, model_version="kg-tagger-newer")
        s.execute(insert(Tag), [{**tag, "contact_id": i, "turn_id": None, "created_at": datetime.now(UTC)}
                                for i in changed])
        index_contacts(s, changed)
    for i in changed:
        api.by_id[i].tag = tag
    after = api.json("/heatmap", rows="touchpoint", cols="emotion")
    want = Counter((key_of(c, "touchpoint"), key_of(c, "emotion")) for c in select_planted(api.planted))
    got = {(r, c): after["counts"][i][j] for i, r in enumerate(after["rows"]) for j, c in enumerate(after["cols"])
           if after["counts"][i][j]}
    assert got == dict(want) and after["total"] == before["total"] + 2
    assert "app" in after["rows"]
    trend = api.json("/trends", by="channel", interval="month")
    assert trend["periods"][-1] == "2027-06-01" and trend["series"][-1]["key"] == "social"
    # the incremental rollup equals one rebuilt from scratch
    incremental = _rollup(api.engine)
    with Session(api.engine) as s, s.begin():
        reindex_all(s)
    assert _rollup(api.engine) == incremental
    with Session(api.engine) as s:
        assert s.scalar(select(func.count()).select_from(ContactFact)) == len(api.planted)


def test_migration_0002_backfills_stored_contacts(db_url):
    from alembic import command
    from alembic.config import Config

    from pipelines.store.db import MIGRATIONS, make_engine, migrate

    engine = make_engine(db_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    contact, tag = Contact.__table__, Tag.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        for i, (emotion, tp) in enumerate([("anger", "delivery"), ("joy", None), (None, "returns")]):
            cid = conn.execute(insert(contact).values(
                dedup_key=f"k{i}", source="old", channel="email", touchpoint=tp, language="nl",
                language_confidence=1.0, is_auto_reply=False, metadata={"product": "wok"}, file="", row=i,
                timestamp=datetime(2026, 1, 2 + i, 23, 30, tzinfo=UTC)).returning(contact.c.id)).scalar_one()
            if emotion:
                conn.execute(insert(tag).values(**make_tag(emotion, "delivery"), contact_id=cid, turn_id=None,
                                                created_at=datetime.now(UTC)))
    migrate(engine)
    with Session(engine) as s:
        facts = sorted(s.scalars(select(ContactFact)).all(), key=lambda f: f.contact_id)
        assert [(f.emotion, f.touchpoint, f.day) for f in facts] == [
            ("anger", "delivery", date(2026, 1, 3)), ("joy", "unknown", date(2026, 1, 4)),
            (None, "returns", date(2026, 1, 5))]
        assert s.scalar(select(func.count()).select_from(ContactCard)) == 3  # 0003's backfill
    app = create_app(_settings(), engine=engine)
    keys = _keys(engine)
    with TestClient(app) as client:
        read = {"Authorization": f"Bearer {keys['read']}"}
        hm = client.get(V1 + "/heatmap", headers=read, params={"segment.product": "wok"}).json()
        page = client.get(V1 + "/contacts", headers=read, params={"sort": "id"}).json()
    assert hm["total"] == 2
    assert [(i["touchpoint"], i["tag"] and i["tag"]["emotion"]) for i in page["items"]] == [
        ("delivery", "anger"), ("unknown", "joy"), ("returns", None)]
    engine.dispose()


def test_apikey_cli_prints_the_key_last_and_it_works(tmp_path, cli_env):
    import subprocess
    import sys

    from tests.conftest import ROOT

    db = tmp_path / "k.db"
    made = subprocess.run([sys.executable, "-m", "service.cli", "apikey", "create", "--db", str(db), "--scope",
                           "read", "--scope", "ingest", "--name", "bi"], cwd=ROOT, env=cli_env, capture_output=True,
                          text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    from pipelines.store.db import open_store

    engine = open_store(str(db))
    with Session(engine) as s:
        live = apikeys.verify_key(s, key)
        (row,) = apikeys.list_keys(s)
        assert live is not None and live.id == row.id and live.scopes == ("read", "ingest")
        assert (row.scopes, row.name) == ("read ingest", "bi") and row.key_hash == apikeys.hash_key(key)
    listed = subprocess.run([sys.executable, "-m", "service.cli", "apikey", "list", "--db", str(db)], cwd=ROOT,
                            env=cli_env, capture_output=True, text=True, timeout=120)
    assert f"kg_{row.prefix}_" in listed.stdout and key not in listed.stdout
    bad = subprocess.run([sys.executable, "-m", "service.cli", "apikey", "create", "--db", str(db), "--scope",
                          "root"], cwd=ROOT, env=cli_env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "unknown scope root" in bad.stderr
    engine.dispose()


def test_openapi_documents_the_endpoints(api):
    spec = api.client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/health", "/meta", "/heatmap", "/trends", "/contacts", "/contacts/{contact_id}", "/export"):
        assert V1 + p in paths
    assert "post" in paths[V1 + "/contacts"] and "HTTPBearer" in json.dumps(spec["components"])
    assert api.client.get("/docs").status_code == 200


def test_responses_match_their_documented_models(api):
    """The routes send the domain functions' JSON as is (no re-validation per request): it must still be exactly
    what /docs promises."""
    from pydantic import BaseModel

    from service.api import schemas

    cid = api.ids[0]
    cases: list[tuple[str, dict[str, Any], type[BaseModel]]] = [
        ("/meta", {}, schemas.Meta),
        ("/heatmap", {"rows": "phase", "cols": "channel", "metric": "mean_valence"}, schemas.Heatmap),
        ("/trends", {"by": "touchpoint", "interval": "month", "metric": "negative_share"}, schemas.Trends),
        ("/contacts", {"page_size": 20}, schemas.ContactPage),
        (f"/contacts/{cid}", {}, schemas.ContactOut),
    ]
    for path, params, model in cases:
        body = api.json(path, **params)
        parsed = model.model_validate(body)
        assert set(body) == set(model.model_fields)
        again = json.loads(parsed.model_dump_json())
        assert again == body, path


def test_repeated_questions_come_from_the_result_cache_until_the_data_changes(api):
    cache = api.client.app.state.result_cache
    first = api.json("/heatmap", rows="touchpoint", cols="emotion")
    hits = cache.hits
    assert api.json("/heatmap", rows="touchpoint", cols="emotion") == first and cache.hits == hits + 1
    csv = api.get("/heatmap", params={"rows": "touchpoint", "cols": "emotion", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and cache.hits == hits + 1  # not the JSON answer
    assert api.get("/heatmap", params={"rows": "touchpoint", "cols": "emotion", "format": "csv"}).text == csv.text
    store_tagged(api.engine, [make_tagged("anger", "delivery", touchpoint="delivery", channel="chat")])
    after = api.json("/heatmap", rows="touchpoint", cols="emotion")
    assert after["total"] == first["total"] + 1
    assert api.get("/contacts/99999999").status_code == 404  # errors are never kept


def test_voc_serve_answers_over_http(tmp_path, cli_env):
    """`voc serve` (uvicorn, two workers) on a store of factory data: health without a key, a heatmap with one."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from pipelines.store.db import open_store
    from tests.conftest import ROOT

    db = f"sqlite:///{tmp_path / 'serve.db'}"
    engine = open_store(db)
    planted = plant(60)
    store_tagged(engine, planted)
    key = _keys(engine)["read"]
    engine.dispose()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--db", db, "--port", str(port),
                             "--workers", "2", "--no-ingest", "--no-access-log"], cwd=ROOT, env=cli_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if httpx.get(base + "/health", timeout=2).json()["status"] == "ok":
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("voc serve did not answer")
        hm = httpx.get(base + "/heatmap", params={"rows": "channel", "cols": "emotion"},
                       headers={"Authorization": f"Bearer {key}"}, timeout=10).json()
        assert hm["total"] == len(select_planted(planted))
        assert httpx.get(base + "/heatmap", timeout=10).status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize("max_changes", [50_000, 1])  # changes laid over the prefix sums / the rollup read again
def test_the_cube_after_writes_agrees_with_sql(engine, max_changes):
    from pipelines.store import aggregations as agg

    store_tagged(engine, plant(120))
    cube = agg.RollupCube(max_changes=max_changes)
    with Session(engine) as s:
        assert cube.snapshot(s) is not None
    store_tagged(engine, [make_tagged("joy", "loyalty", channel="store", touchpoint="app",
                                      timestamp=datetime(2026, 9, 9, 9, tzinfo=UTC)),
                          make_tagged("anger", "delivery", timestamp=datetime(2026, 2, 2, 9, tzinfo=UTC)),
                          make_tagged(None, timestamp=None)])
    with Session(engine) as s, s.begin():  # a re-tag moves contacts between cells
        ids = [f.contact_id for f in s.scalars(select(ContactFact)) if f.emotion == "neutral"][:5]
        s.execute(delete(Tag).where(Tag.contact_id.in_(ids)))  # type: ignore[attr-defined]
        s.execute(insert(Tag), [{**make_tag("anger", "purchase"), "contact_id": i, "turn_id": None,
                                 "created_at": datetime.now(UTC)} for i in ids])
        index_contacts(s, ids)
    filters = [agg.Filters(), agg.make_filters(date(2026, 2, 1), date(2026, 3, 15), channel=["email", "chat"]),
               agg.make_filters(stdc=["do", "care"], touchpoint=["unknown", "app"]),
               agg.make_filters(emotion=["anger"])]
    with Session(engine) as s:
        for f in filters:
            for by in (("touchpoint", "emotion"), ("stdc", "channel"), ()):
                a, b = agg.cells(s, f, by, tagged_only=not by, cube=cube), agg.cells(s, f, by, not by, None)
                assert a.keys() == b.keys()
                assert all(a[k][0] == b[k][0] and a[k][2] == b[k][2] and a[k][1] == pytest.approx(b[k][1])
                           for k in a)
            for interval in ("day", "month"):
                a_t = agg.trends(s, "channel", interval, "mean_valence", f, cube)
                b_t = agg.trends(s, "channel", interval, "mean_valence", f, None)
                assert (a_t["periods"], a_t["totals"]) == (b_t["periods"], b_t["totals"])
                assert [(x["key"], x["counts"]) for x in a_t["series"]] == [(x["key"], x["counts"]) for x in
                                                                             b_t["series"]]
                for x, y in zip(a_t["series"], b_t["series"], strict=True):
                    assert [v is None for v in x["values"]] == [v is None for v in y["values"]]
                    assert [v for v in x["values"] if v is not None] == pytest.approx(
                        [v for v in y["values"] if v is not None])
        assert agg.date_range(s, cube) == agg.date_range(s, None)
