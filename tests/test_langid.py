"""pipelines.langid: language identification, and its model kept converted in the cache directory."""

from __future__ import annotations

import json

from pipelines.langid import detect_language, load_identifier
from tests.conftest import ROOT

TEXTS = [
    "Mijn pakket is nog steeds niet bezorgd en niemand neemt de telefoon op.",
    "My parcel has still not arrived and nobody answers the phone.",
    "Mon colis n'est toujours pas arrivé et personne ne répond au téléphone.",
    "Mein Paket ist immer noch nicht angekommen und niemand geht ans Telefon.",
    "Moja paczka wciąż nie dotarła i nikt nie odbiera telefonu.",
]


def _texts() -> list[str]:
    lines = (ROOT / "data" / "test").glob("*.jsonl")
    return TEXTS + [json.loads(line)["text"][:240] for f in sorted(lines) for line in f.open(encoding="utf-8")][:400]


def test_detects_the_language_of_customer_texts():
    assert [detect_language(t)[0] for t in TEXTS] == ["nl", "en", "fr", "de", "pl"]
    assert detect_language("[NAAM] [TELEFOON]") == ("und", 0.0)


def test_the_cached_model_classifies_as_the_packaged_one(tmp_path):
    packaged = load_identifier()
    first = load_identifier(tmp_path)  # from the package, then kept
    (cached_file,) = tmp_path.glob("langid-*.npz")
    cached = load_identifier(tmp_path)  # from the cache
    texts = _texts()
    expected = [packaged.classify(t) for t in texts]
    assert [first.classify(t) for t in texts] == expected
    assert [cached.classify(t) for t in texts] == expected
    assert cached.nb_classes == packaged.nb_classes
    assert not list(tmp_path.glob(".langid-*"))  # no temporary file left behind

    cached_file.write_bytes(cached_file.read_bytes()[:1000])  # damaged: loaded from the package, and kept anew
    again = load_identifier(tmp_path)
    assert [again.classify(t) for t in texts[:20]] == expected[:20]
    assert [load_identifier(tmp_path).classify(t) for t in texts[:20]] == expected[:20]
