"""The journeys and trajectory endpoints over HTTP, on SQLite and PostgreSQL, against the same factory data as the
domain tests in test_journeys.py / test_trajectories.py (the endpoints are thin: shapes, filters, paging, errors)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from pipelines.store import apikeys
from service.api import create_app
from service.settings import Settings
from tests.factories import add_contact, add_conversation
from tests.test_journeys import _seed, day

V1 = "/api/v1"


@pytest.fixture()
def client(engine):
    with Session(engine) as s:
        key, _ = apikeys.create_key(s, ["read"], name="journeys test")
        s.commit()
    with TestClient(create_app(Settings(api_ingest=False, pseudonym_key="k"), engine=engine)) as c:
        c.headers["Authorization"] = f"Bearer {key}"
        yield c


def test_journeys_list_has_customer_contacts_peak_end_and_score(engine, client):
    ids = _seed(engine)
    body = client.get(f"{V1}/journeys", params={"limit": 50}).json()
    assert body["next_cursor"] is None and len(body["items"]) == 5
    first = next(j for j in body["items"] if j["contacts"][0]["id"] == ids["a1"])
    assert first["customer"] == "anna"
    assert [c["channel"] for c in first["contacts"]] == ["webform", "email", "chat", "phone"]
    assert all(c["timestamp"] and c["tag"]["emotion"] for c in first["contacts"])
    assert first["peak"]["emotion"] == "anger" and first["end"]["emotion"] == "disappointment"
    assert -1 <= first["peak_end_score"] < 0
    assert first["flags"]["negative_peak_unresolved_end"] and first["flags"]["repeat_contact"]


def test_journeys_filters_pages_and_errors(engine, client):
    ids = _seed(engine)
    flagged = client.get(f"{V1}/journeys", params={"flag": "negative_peak_unresolved_end"}).json()
    assert [j["contacts"][0]["id"] for j in flagged["items"]] == [ids["a1"], ids["b1"]]
    assert flagged["filters"]["flag"] == "negative_peak_unresolved_end"
    chats = client.get(f"{V1}/journeys", params={"channel": "chat", "date_from": day(10).date().isoformat()}).json()
    assert [j["contacts"][0]["id"] for j in chats["items"]] == [ids["b2"]]
    p1 = client.get(f"{V1}/journeys", params={"limit": 2}).json()
    p2 = client.get(f"{V1}/journeys", params={"limit": 2, "after": p1["next_cursor"]}).json()
    assert len(p1["items"]) == len(p2["items"]) == 2
    assert not {j["id"] for j in p1["items"]} & {j["id"] for j in p2["items"]}
    bad = client.get(f"{V1}/journeys", params={"flag": "nonsense"})
    assert bad.status_code == 400 and "unknown flag" in bad.json()["error"]["message"]
    assert client.get(f"{V1}/journeys", params={"limit": 0}).status_code == 422
    assert client.get(f"{V1}/journeys", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_one_customers_journeys_and_a_gap_setting(engine, client):
    _seed(engine)
    anna = client.get(f"{V1}/journeys/anna").json()
    assert anna["customer"] == "anna" and [len(j["contacts"]) for j in anna["journeys"]] == [4, 1]
    one = client.get(f"{V1}/journeys/anna", params={"gap_days": 60}).json()
    assert [len(j["contacts"]) for j in one["journeys"]] == [5]
    missing = client.get(f"{V1}/journeys/nobody")
    assert missing.status_code == 404 and "nobody" in missing.json()["error"]["message"]


def test_trajectory_of_a_chat_with_the_moves_before_each_shift(engine, client):
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with Session(engine) as s:
        chat = add_conversation(s, "eva", t0, [
            ("customer", "Dit is nu al de derde keer dat het misgaat!", "anger", 4),
            ("agent", "Het spijt me echt. Kunt u mij uw klantnummer geven?"),
            ("customer", "KK-123456", "neutral", 1),
            ("agent", "Ik stuur morgen een monteur langs."),
            ("customer", "Oh, top, dank u wel!", "gratitude", 4),
        ])
        mail = add_contact(s, "eva", t0, "email", emotion="anger", intensity=4)
        s.commit()
    body = client.get(f"{V1}/contacts/{chat}/trajectory").json()
    assert [p["emotion"] for p in body["points"]] == ["anger", "neutral", "gratitude"]
    assert [(t["direction"], t["moves"]) for t in body["shifts"]] == [
        ("positive", ["apology", "information_request"]), ("positive", ["offline_help"])]
    assert client.get(f"{V1}/contacts/{mail}/trajectory").json()["points"] == []
    assert client.get(f"{V1}/contacts/999999/trajectory").status_code == 404


def test_causes_per_cell_with_their_key_phrases(engine, client):
    from sqlalchemy import update

    from pipelines.store.tables import Tag

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    planted = [("delivery", "delays_cancellations", ["pakket te laat", "bezorger"]),
               ("delivery", "delays_cancellations", ["pakket te laat"]),
               ("delivery", "product_quality", ["mes bot"]),
               ("returns", "digital_design", ["retourportaal"])]
    with Session(engine) as s:
        for i, (tp, cause, phrases) in enumerate(planted):
            cid = add_contact(s, f"k{i}", t0, "email", emotion="annoyance", intensity=3, touchpoint=tp, cause=cause)
            s.execute(update(Tag).where(Tag.contact_id == cid).values(cause_phrases=phrases))
        s.commit()
    body = client.get(f"{V1}/causes", params={"rows": "touchpoint", "cols": "cause"}).json()
    r, c = body["rows"].index("delivery"), body["cols"].index("delays_cancellations")
    assert body["counts"][r][c] == 2 and sum(map(sum, body["counts"])) == 4
    top = next(x for x in body["cells"] if x["row"] == "delivery" and x["col"] == "delays_cancellations")
    assert top["top_phrases"][0] == {"phrase": "pakket te laat", "n": 2}
    assert client.get(f"{V1}/causes", params={"rows": "nonsense"}).status_code == 400


def test_cause_is_a_heatmap_axis_and_a_filter(engine, client):
    """Issue 5: heatmap axis `cause` with the top phrases per cell; the drill-down behind a cell filters on it."""
    from sqlalchemy import update

    from pipelines.store.facts import index_contacts
    from pipelines.store.tables import Tag

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    planted = [("delivery", "annoyance", "delays_cancellations", ["pakket te laat", "bezorger"]),
               ("delivery", "anger", "delays_cancellations", ["pakket te laat"]),
               ("delivery", "disappointment", "product_quality", ["mes bot"]),
               ("returns", "annoyance", "digital_design", ["retourportaal"]),
               ("returns", "neutral", None, None)]
    with Session(engine) as s:
        ids = []
        for i, (tp, emotion, cause, phrases) in enumerate(planted):
            cid = add_contact(s, f"h{i}", t0, "email", emotion=emotion, intensity=3, touchpoint=tp, cause=cause)
            s.execute(update(Tag).where(Tag.contact_id == cid).values(cause_phrases=phrases))
            ids.append(cid)
        index_contacts(s, ids)
        s.commit()
    body = client.get(f"{V1}/heatmap", params={"rows": "touchpoint", "cols": "cause"}).json()
    assert body["cols"][:2] == ["breakdowns", "delays_cancellations"] and body["labels"]["cols"]["other"] == "overig"
    r, c = body["rows"].index("delivery"), body["cols"].index("delays_cancellations")
    assert body["counts"][r][c] == 2 and body["total"] == 4  # the contact without a cause is left out
    assert body["phrases"][r][c] == ["pakket te laat", "bezorger"]
    assert body["phrases"][body["rows"].index("returns")][body["cols"].index("digital_design")] == ["retourportaal"]
    by_emotion = client.get(f"{V1}/heatmap", params={"rows": "cause", "cols": "emotion", "metric": "share"}).json()
    row = by_emotion["values"][by_emotion["rows"].index("delays_cancellations")]
    assert row[by_emotion["cols"].index("annoyance")] == row[by_emotion["cols"].index("anger")] == 0.5
    csv = client.get(f"{V1}/heatmap", params={"rows": "touchpoint", "cols": "cause", "format": "csv"}).text
    assert csv.splitlines()[0].endswith(",top_phrases") and "pakket te laat; bezorger" in csv
    drill = client.get(f"{V1}/contacts", params={"touchpoint": "delivery", "cause": "delays_cancellations"}).json()
    assert drill["total"] == 2 and {i["id"] for i in drill["items"]} == set(ids[:2])
    assert drill["filters"]["cause"] == ["delays_cancellations"]
    assert client.get(f"{V1}/heatmap", params={"cols": "cause", "cause": "weather"}).status_code == 400
    plain = client.get(f"{V1}/heatmap", params={"rows": "touchpoint", "cols": "emotion"}).json()
    assert plain["phrases"] is None
