"""The committed tagger: loading, the Python API, persistence, and obvious cases."""

from __future__ import annotations

import numpy as np
import pytest

from models.tagger import Tagger, TagResult
from models.taxonomy import EMOTION_IDS

pytestmark = pytest.mark.slow


def test_predict_single_and_batch(tagger):
    one = tagger.predict("Mijn pakket is kwijt en niemand helpt me!")
    assert isinstance(one, TagResult)
    many = tagger.predict(["Dank je wel!", "Wat kost verzending naar België?"])
    assert len(many) == 2 and all(isinstance(r, TagResult) for r in many)
    assert tagger.predict([]) == []
    p = tagger.predict_proba("Dank je wel!")
    assert set(p) == set(EMOTION_IDS) and abs(sum(p.values()) - 1) < 1e-5
    assert tagger.predict_proba(["a", "b"]).shape == (2, 9)


@pytest.mark.parametrize(
    ("text", "valence"),
    [
        ("Dit is de derde keer dat mijn bestelling niet komt. Belachelijk, ik ben er klaar mee!!!", "negative"),
        ("Super blij met mijn nieuwe koptelefoon, geweldig geluid 😍", "positive"),
        ("Heel erg bedankt voor jullie snelle hulp, echt top geregeld!", "positive"),
        ("Wat is het verschil tussen het Basis- en het Plus-abonnement?", "neutral"),
        ("Ik ben echt niet blij met hoe dit gelopen is.", "negative"),
    ],
)
def test_obvious_valence(tagger, text, valence):
    assert tagger.predict(text).valence_label == valence


def test_save_and_reload_give_identical_predictions(tagger, tmp_path):
    tagger.save_pretrained(tmp_path)
    assert not list(tmp_path.glob("*.pkl")) and (tmp_path / "heads.safetensors").is_file()
    again = Tagger.from_pretrained(tmp_path, encoder=tagger.encoder)
    texts = ["Waar blijft mijn geld?", "Fijne service, dank!"]
    np.testing.assert_allclose(tagger.predict_proba(texts), again.predict_proba(texts), atol=1e-6)
    assert again.model_version == tagger.model_version


def test_neutral_has_intensity_one(tagger):
    for r in tagger.predict(["Mijn klantnummer is 123456.", "Wat zijn jullie openingstijden?"]):
        if r.emotion == "neutral":
            assert r.intensity == 1
