"""Explanations: occlusion through the real tagger (models/explain.py), their cache in the store (pipelines/
explanations.py, on SQLite and PostgreSQL) and the API (GET /contacts/{id}/explanations, contacts?explain=true)."""

from __future__ import annotations

import copy
import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models.explain import (
    MAX_UNITS,
    deletion_check,
    explain,
    explain_batch,
    explainer_version,
    units,
    without,
    words,
)
from pipelines import explanations as store_explanations
from pipelines.store import apikeys
from pipelines.store.bulk import TurnRecord, make_tag
from pipelines.store.tables import Explanation as ExplanationRow
from service.api import create_app
from service.settings import Settings
from tests.conftest import ROOT
from tests.factories import make_tagged, migrate_to, store_tagged

V1 = "/api/v1"


@pytest.fixture(scope="module")
def causes(settings, encoder):
    from models.causes import CauseClassifier

    return CauseClassifier.from_pretrained(settings.model_dir, encoder=encoder)


# ---- the method, no model -----------------------------------------------------------------------------------


def test_words_keep_offsets_and_skip_placeholders():
    text = "Bel me op [TELEFOON], ik wacht al 3 weken op m'n e-mail 😡"
    spans = words(text)
    assert [text[s:e] for s, e in spans] == ["Bel", "me", "op", "ik", "wacht", "al", "3", "weken", "op", "m'n",
                                             "e-mail", "😡"]
    assert without("Ik ben woedend over de bezorging", 7, 14) == "Ik ben over de bezorging"
    assert without("Ik ben woedend.", 7, 14) == "Ik ben."
    assert without("Woedend ben ik", 0, 7) == "ben ik"


def test_a_long_text_is_occluded_in_at_most_max_units_runs():
    text = " ".join(f"woord{i}" for i in range(101))
    spans, size = units(text)
    assert size == 3 and len(spans) == 34 <= MAX_UNITS
    assert text[spans[0][0]:spans[0][1]] == "woord0 woord1 woord2" and spans[-1][1] == len(text)
    assert units("kort en klein")[1] == 1


# ---- with the real tagger -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "emotion", "trigger"), [
    ("Ik ben zo blij met mijn nieuwe telefoon", "joy", "blij"),
    ("Ik ben bang dat mijn pakket zoekraakt", "nervousness", "bang"),
    ("Bedankt voor de snelle hulp", "gratitude", "Bedankt"),
])
def test_the_trigger_word_ranks_first(tagger, text, emotion, trigger):
    tag = explain(tagger, text).tag("emotion")
    assert tag is not None and tag.label == emotion and tag.predicted
    assert tag.top[0] == trigger
    best = max(tag.attributions, key=lambda a: a.weight)
    assert text[best.start:best.end] == trigger and best.weight > 0.1


def test_weights_are_probability_drops_of_the_real_tagger(tagger, causes):
    text = "Mijn internet ligt er al drie dagen uit omdat er een storing is in de wijk"
    e = explain(tagger, text, causes=causes)
    assert [t.task for t in e.tags] == ["emotion", "phase", "cause"] and e.units == len(words(text))
    cause = e.tag("cause")
    assert cause is not None and cause.label == "breakdowns" and "storing" in cause.top
    emotion = e.tag("emotion")
    assert emotion is not None
    p = tagger.predict_proba(text)[emotion.label]
    assert emotion.probability == pytest.approx(p, abs=1e-3)
    for a in emotion.attributions[::4]:  # recomputed one variant at a time
        assert a.weight == pytest.approx(p - tagger.predict_proba(without(text, a.start, a.end))[emotion.label],
                                         abs=2e-3)


def test_targets_and_batches(tagger):
    texts = ["Ik ben bang dat mijn pakket zoekraakt", "Bedankt voor de snelle hulp", "[NAAM]"]
    batch = explain_batch(tagger, texts, targets=[{"emotion": "anger"}, {}, {}])
    one = explain(tagger, texts[1])
    forced = batch[0].tag("emotion")
    assert forced is not None and forced.label == "anger" and not forced.predicted
    assert batch[1].to_dict()["tags"][0]["top"] == one.to_dict()["tags"][0]["top"]
    assert batch[2].units == 0 and all(t.attributions == [] for t in batch[2].tags)  # a placeholder only


def _test_utterances(n: int, max_words: int) -> list[str]:
    """Every m-th labelled test utterance of at most ``max_words`` words (short ones: the suite stays fast; the
    full figure over all of data/test is tests/benchmarks/bench_explain.py's)."""
    texts = [json.loads(line)["text"] for f in sorted((ROOT / "data" / "test").glob("*.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [t for t in texts if len(words(t)) <= max_words]
    return texts[:: max(1, len(texts) // n)][:n]


def test_deletion_check_top_words_matter_more_than_random_ones(tagger):
    texts = _test_utterances(30, max_words=25)
    top, rand, n = deletion_check(tagger, texts)
    print(f"\ndeletion check ({n} short test utterances, k=3): top-3 drop {top:.3f}, random-3 drop {rand:.3f}")
    assert n >= 20
    assert top > rand + 0.05


# ---- the store: computed once, kept per model version ---------------------------------------------------------


def _contacts():
    anger = make_tag("anger", "delivery")
    return [
        make_tagged("gratitude", "usage", text="Bedankt voor de snelle hulp"),
        make_tagged("anger", "delivery", turns=[
            TurnRecord("customer", "Mijn pakket is weer niet bezorgd, bel me op [TELEFOON].", tag=anger),
            TurnRecord("agent", "Excuses, [NAAM]. Ik zoek het uit."),
            TurnRecord("customer", "Ik ben woedend,\n\nal drie keer gebeld!", tag=anger)]),
        make_tagged(None, text="Where is my parcel?"),  # not Dutch, untagged: nothing to explain
    ]


def test_explanations_are_computed_once_and_again_for_a_new_model(engine, tagger, monkeypatch):
    ids = store_tagged(engine, _contacts())
    calls: list[int] = []
    real = store_explanations.explain_batch

    def counting(tg, texts, **kw):
        calls.append(len(texts))
        return real(tg, texts, **kw)

    monkeypatch.setattr(store_explanations, "explain_batch", counting)
    with Session(engine) as s:
        first = store_explanations.contact_explanations(s, tagger, ids)
        s.commit()
    assert calls == [3]  # the three customer turns of the two tagged contacts, in one batch
    assert set(first) == {ids[0], ids[1]} and [t["position"] for t in first[ids[1]]] == [0, 2]
    turn = first[ids[1]][1]
    assert [t["label"] for t in turn["tags"]] == ["anger", "delivery"]  # the stored tags' labels
    with Session(engine) as s:
        again = store_explanations.contact_explanations(s, tagger, ids)
        rows = s.exec(select(ExplanationRow)).all()
    assert calls == [3] and again == first
    assert len(rows) == 3 and {r.model_version for r in rows} == {explainer_version(tagger)}

    newer = copy.copy(tagger)
    newer.config = {**tagger.config, "model_version": "kg-tagger-newer"}
    with Session(engine) as s:
        store_explanations.contact_explanations(s, newer, [ids[1]])
        s.commit()
        assert s.exec(select(ExplanationRow).where(ExplanationRow.model_version == explainer_version(newer))).all()
    assert calls == [3, 2]


def test_migration_0005_adds_the_explanation_table_and_downgrades(db_url):
    from alembic import command

    assert "explanation" in migrate_to(db_url, command.upgrade, "head")["tables"]
    assert "explanation" not in migrate_to(db_url, command.downgrade, "0004")["tables"]
    assert "explanation" in migrate_to(db_url, command.upgrade, "head")["tables"]


# ---- the API -----------------------------------------------------------------------------------------------------


@pytest.fixture()
def api(engine, tagger):
    ids = store_tagged(engine, _contacts())
    with Session(engine) as s:
        key, _ = apikeys.create_key(s, ["read"], name="test read")
        s.commit()
    with TestClient(create_app(Settings(api_ingest=False, pseudonym_key="k"), engine=engine, tagger=tagger)) as c:
        c.headers["Authorization"] = f"Bearer {key}"
        yield c, ids


def _check_offsets(turn: dict) -> None:
    for tag in turn["tags"]:
        assert tag["attributions"], tag
        for a in tag["attributions"]:
            assert turn["text"][a["start"]:a["end"]] == a["text"]
        assert tag["top"] == [a["text"] for a in sorted(tag["attributions"], key=lambda a: -a["weight"])
                              if a["weight"] > 0][:3]


def test_explanations_endpoint(api):
    client, ids = api
    r = client.get(f"{V1}/contacts/{ids[1]}/explanations")
    assert r.status_code == 200, r.text
    body = r.json()
    contact = client.get(f"{V1}/contacts/{ids[1]}").json()
    said = [t for t in contact["turns"] if t["speaker"] == "customer"]
    assert body["contact_id"] == ids[1] and body["model_version"].startswith("kg-tagger-")
    assert [(t["position"], t["text"]) for t in body["turns"]] == [(t["position"], t["text"]) for t in said]
    for turn in body["turns"]:
        _check_offsets(turn)
        assert "[TELEFOON]" not in {a["text"] for tag in turn["tags"] for a in tag["attributions"]}
        assert turn["method"] == "occlusion" and turn["units"] == len(turn["tags"][0]["attributions"])
    assert [t["label"] for t in body["turns"][0]["tags"]][:2] == ["anger", "delivery"]
    assert client.get(f"{V1}/contacts/{ids[2]}/explanations").json()["turns"] == []  # untagged
    assert client.get(f"{V1}/contacts/999999/explanations").status_code == 404
    anonymous = client.get(f"{V1}/contacts/{ids[1]}/explanations", headers={"Authorization": ""})
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthorized"
    assert "/api/v1/contacts/{contact_id}/explanations" in client.get("/openapi.json").json()["paths"]


def test_contact_list_with_explain(api):
    client, ids = api
    plain = client.get(f"{V1}/contacts", params={"page_size": 10})
    assert plain.status_code == 200 and all("explanations" not in i for i in plain.json()["items"])
    r = client.get(f"{V1}/contacts", params={"page_size": 10, "explain": "true"})
    assert r.status_code == 200, r.text
    items = {i["id"]: i for i in r.json()["items"]}
    assert set(items) == set(ids)
    assert len(items[ids[0]]["explanations"]) == 1 and items[ids[2]]["explanations"] == []
    turn = items[ids[0]]["explanations"][0]
    _check_offsets(turn)
    assert turn["text"] == items[ids[0]]["turns"][0]["text"] and turn["tags"][0]["top"][0] == "Bedankt"
    too_big = client.get(f"{V1}/contacts", params={"page_size": 51, "explain": "true"})
    assert too_big.status_code == 422 and too_big.json()["error"]["details"] == {"max_page_size": 50}


def test_explanations_need_the_tagger(engine):
    ids = store_tagged(engine, _contacts()[:1])
    with Session(engine) as s:
        key, _ = apikeys.create_key(s, ["read"])
        s.commit()
    with TestClient(create_app(Settings(api_ingest=False, pseudonym_key="k"), engine=engine)) as c:
        r = c.get(f"{V1}/contacts/{ids[0]}/explanations", headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 503 and "KLANTGEVOEL_API_EXPLAIN" in r.json()["error"]["message"]
