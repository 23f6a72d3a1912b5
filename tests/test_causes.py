"""Causes: the committed classifier's quality on the held-out set, key phrases, a seeded smoke training, the
labelled data, and cause prediction in the batch path (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from models.causes import (
    CAUSE_IDS,
    CauseClassifier,
    CauseTrainConfig,
    PhraseExtractor,
    evaluate_causes,
    key_term_hit_rate,
    read_causes,
    train_causes,
)
from models.heads import HeadConfig
from pipelines.batch import Pipeline, ingest_items, retag
from pipelines.ingest.records import TurnDraft
from pipelines.langid import detect_language
from pipelines.redact import redact
from pipelines.store.tables import Tag
from tests.conftest import ROOT
from tests.factories import make_draft

DATA = ROOT / "data" / "causes"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def causes(encoder, settings):
    return CauseClassifier.from_pretrained(settings.model_dir, encoder=encoder)


def test_the_labelled_sets_are_valid_large_enough_and_disjoint():
    train, test = read_causes([DATA / "train.jsonl"]), read_causes([DATA / "test.jsonl"])
    assert len(train) >= 1200 and len(test) >= 300
    assert not {e.text for e in train} & {e.text for e in test}
    for cause in CAUSE_IDS:
        assert sum(e.cause == cause for e in train) >= 100
        assert sum(e.cause == cause for e in test) >= 30
    assert all(e.key_terms for e in test)


def test_macro_f1_on_the_held_out_set(causes):
    report = evaluate_causes(causes, read_causes([DATA / "test.jsonl"]))
    assert report.macro_f1 >= 0.70, report.format()
    assert min(c.f1 for c in report.classes) >= 0.5, report.format()


def test_key_phrases_name_the_cause(causes):
    assert key_term_hit_rate(causes, read_causes([DATA / "test.jsonl"])) >= 0.6
    r = causes.predict("Mijn internet ligt er al twee dagen uit omdat er een storing is in de wijkkast.")
    assert r.cause == "breakdowns" and r.phrases[0] == "storing wijkkast"
    late = causes.predict("Ik heb drie weken op mijn pakket gewacht door de vertraging bij de vervoerder.")
    assert late.cause == "delays_cancellations" and late.phrases[0] == "vertraging vervoerder"
    # no cue word: the content words that weigh most for the cause in the lexical head
    app = causes.predict("De nieuwe app is onoverzichtelijk, alle menu's zijn verstopt.")
    assert app.cause == "digital_design" and app.phrases and "onoverzichtelijk" in " ".join(app.phrases)
    assert set(r.scores) == set(CAUSE_IDS) and abs(sum(r.scores.values()) - 1) < 1e-3


def test_phrases_are_lemmatised_content_words_after_cause_cues():
    px = PhraseExtractor()
    toks = px.tokens("Ik ben boos vanwege de geannuleerde vluchten, en door de lange wachttijden bij Kabelweb.")
    assert px.cue_phrases(toks) == ["annuleren vlucht", "lang wachttijd"]  # "Kabelweb" is a name, no cause
    assert px.cue_phrases(px.tokens("Ik heb geen bereik want de mast is kapot.")) == ["mast kapot"]
    assert px.cue_phrases(px.tokens("Kun je dat even doorgeven?")) == []


def test_a_contact_is_read_turn_by_turn_and_names_and_sign_offs_weigh_little(causes):
    call = ["Met [NAAM].", "Het retourportaal geeft steeds een foutmelding als ik mijn retour wil aanmelden.",
            "Ja, dat is [POSTCODE], nummer 12.", "Nee, laat maar, ik wacht het af."]
    r, short, late = causes.predict_contacts([call, ["Ja"], ["Mijn pakket is al een week te laat."]])
    assert r.cause == "breakdowns" and "foutmelding" in r.phrases and not any("naam" in p for p in r.phrases)
    assert short.cause == "other"  # nothing usable: read as a whole
    assert late.cause == "delays_cancellations" and abs(sum(late.scores.values()) - 1) < 1e-3
    assert causes.predict_contacts([]) == []


def test_predict_accepts_a_string_or_a_list(causes):
    one = causes.predict("De app is zo onoverzichtelijk, ik vind mijn facturen nergens.")
    many = causes.predict(["De app is zo onoverzichtelijk, ik vind mijn facturen nergens.", "Leuke reclame!"])
    assert one.cause == many[0].cause and len(many) == 2 and causes.predict([]) == []
    p = causes.predict_proba(["Leuke reclame!"])
    assert p.shape == (1, len(CAUSE_IDS)) and isinstance(causes.predict_proba("Leuke reclame!"), dict)


def _smoke(seed: int) -> CauseTrainConfig:
    return CauseTrainConfig(seed=seed, max_examples=160, head=HeadConfig(hidden=(32,), epochs=10))


def test_smoke_training_is_reproducible_and_round_trips(encoder, tmp_path):
    cache = tmp_path / "emb"
    a = train_causes(_smoke(3), encoder, cache_dir=cache, root=ROOT)
    b = train_causes(_smoke(3), encoder, cache_dir=cache, root=ROOT)
    c = train_causes(_smoke(4), encoder, cache_dir=cache, root=ROOT)
    for wa, wb in zip(a.head.weights, b.head.weights, strict=True):
        np.testing.assert_array_equal(wa, wb)
    assert a.model_version == b.model_version != c.model_version
    assert not np.array_equal(a.head.weights[0], c.head.weights[0])
    a.save_pretrained(tmp_path / "model")
    assert not list((tmp_path / "model").glob("*.pkl"))
    loaded = CauseClassifier.from_pretrained(tmp_path / "model", encoder=encoder)
    texts = ["Mijn pakket is te laat.", "De medewerker was onbeleefd."]
    np.testing.assert_allclose(loaded.predict_proba(texts), a.predict_proba(texts), atol=1e-6)
    assert json.loads((tmp_path / "model" / "causes_config.json").read_text())["training"]["examples"] <= 160


def test_the_batch_path_stores_causes_on_contact_tags(engine, tagger, causes):
    pipe = Pipeline(pseudonym_key=b"k", redact=redact, detect_language=detect_language, tagger=tagger,
                    causes=causes)
    drafts = [
        make_draft("Al drie dagen geen internet omdat er een storing is bij jullie in de wijk."),
        make_draft(channel="chat", turns=[
            TurnDraft("customer", "Mijn pakket zou maandag komen maar is er nog steeds niet."),
            TurnDraft("agent", "Wat vervelend, ik kijk het na."),
            TurnDraft("customer", "Het is nu al de derde keer dat de levering wordt uitgesteld."),
        ]),
    ]
    ingest_items(engine, drafts, pipe)
    with Session(engine) as s:
        rows = s.execute(select(Tag.contact_id, Tag.turn_id, Tag.cause, Tag.cause_phrases)
                         .order_by(col(Tag.contact_id), col(Tag.turn_id))).all()
    contact_level = [r for r in rows if r.turn_id is None]
    assert [r.cause for r in contact_level] == ["breakdowns", "delays_cancellations"]
    assert "storing wijk" in contact_level[0].cause_phrases
    assert all(r.cause is None for r in rows if r.turn_id is not None)  # causes are per contact

    class Renamed:
        model_version = "kg-tagger-newer"

        def predict(self, texts):
            return tagger.predict(texts)

    assert retag(engine, Renamed(), causes=causes) == 2
    with Session(engine) as s:
        assert sorted(s.scalars(select(Tag.cause).where(col(Tag.turn_id).is_(None)))) == \
            ["breakdowns", "delays_cancellations"]


def test_read_causes_names_every_bad_line(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"text": "Pakket te laat.", "cause": "delays_cancellations"}\n{"text": \n["a list"]\n'
                 '{"text": "", "cause": "other"}\n{"text": "Mes bot.", "cause": "weather"}\n', encoding="utf-8")
    with pytest.raises(ValueError) as err:
        read_causes([f])
    msg = str(err.value)
    assert msg.startswith("4 problem(s)") and f"{f}:2: invalid JSON" in msg
    assert f"{f}:3: expected a JSON object" in msg and f"{f}:4: text missing" in msg and "'weather'" in msg
    with pytest.raises(ValueError, match="no such file"):
        read_causes([tmp_path / "missing.jsonl"])
