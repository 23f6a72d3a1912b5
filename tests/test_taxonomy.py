from models.taxonomy import (
    COARSE_EMOTION,
    COARSE_EMOTION_IDS,
    EMOTION_BY_ID,
    EMOTION_IDS,
    PHASE_IDS,
    STDC_IDS,
    stdc_of,
    valence_label,
)


def test_nine_emotions_with_dutch_names_and_priors():
    assert EMOTION_IDS == (
        "anger", "annoyance", "desire", "disappointment", "gratitude", "joy", "nervousness", "relief", "neutral",
    )
    assert EMOTION_BY_ID["nervousness"].nl == "bezorgdheid"
    assert EMOTION_BY_ID["annoyance"].nl == "ergernis"
    for e in EMOTION_BY_ID.values():
        assert -1 <= e.valence <= 1 and 0 <= e.arousal <= 1


def test_valence_groups():
    neg = {e for e in EMOTION_IDS if EMOTION_BY_ID[e].valence_label == "negative"}
    pos = {e for e in EMOTION_IDS if EMOTION_BY_ID[e].valence_label == "positive"}
    assert neg == {"anger", "annoyance", "disappointment", "nervousness"}
    assert pos == {"gratitude", "joy", "relief"}
    assert valence_label(0.0) == "neutral" and valence_label(-0.95) == "negative"


def test_phases_nest_in_stdc():
    assert PHASE_IDS[:-1] == (
        "latent_need", "concrete_need", "orientation", "consideration", "decision",
        "purchase", "delivery", "usage", "loyalty", "ambassador",
    )
    assert stdc_of("latent_need") == "see"
    assert {stdc_of(p) for p in ("concrete_need", "orientation", "consideration")} == {"think"}
    assert {stdc_of(p) for p in ("decision", "purchase")} == {"do"}
    assert {stdc_of(p) for p in ("delivery", "usage", "loyalty", "ambassador")} == {"care"}
    assert stdc_of("unknown") == "unknown"
    assert set(STDC_IDS) == {stdc_of(p) for p in PHASE_IDS}


def test_coarse_mapping_covers_all():
    assert set(COARSE_EMOTION) == set(EMOTION_IDS)
    assert set(COARSE_EMOTION.values()) == set(COARSE_EMOTION_IDS)
