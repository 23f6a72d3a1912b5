"""Redaction: every kind of personal data in its usual spellings, nothing else touched, and the measured
recall on the planted corpora (data/pii)."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest

from pipelines.redact import find_pii, redact
from pipelines.redact_eval import evaluate_planted, load_planted
from tests.conftest import ROOT

PII = ROOT / "data" / "pii"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me op jan.de-vries+shop@ziggo.nl aub", "mail me op [EMAIL] aub"),
        ("bel 06-12345678 of +31 (0)6 1234 5678", "bel [TELEFOON] of [TELEFOON]"),
        ("gsm 0470 12 34 56, vast 09/234.56.78", "gsm [TELEFOON], vast [TELEFOON]"),
        ("IBAN NL91 ABNA 0417 1643 00 graag", "IBAN [IBAN] graag"),
        ("terug op be68539007547034 aub", "terug op [IBAN] aub"),
        ("Mijn BSN is 111.222.333.", "Mijn BSN is [BSN]."),
        ("rijksregisternummer 93.05.18-223.61", "rijksregisternummer [RIJKSREGISTERNUMMER]"),
        ("kaart 4111 1111 1111 1111 geblokkeerd", "kaart [KAARTNUMMER] geblokkeerd"),
        ("ik woon op Kerkstraat 12a, 1234 AB Zwolle", "ik woon op [ADRES], [POSTCODE] Zwolle"),
        ("Grote Markt 5 bus 3, 9000 Gent", "[ADRES], [POSTCODE] Gent"),
        ("Beste Sanne, dank je.", "Beste [NAAM], dank je."),
        ("Geachte heer Van den Berg,", "Geachte heer [NAAM],"),
        ("Klopt niet.\n\nMet vriendelijke groet,\nPiet de Vries", "Klopt niet.\n\nMet vriendelijke groet,\n[NAAM]"),
        ("goedemiddag, u spreekt met Fatima El Amrani", "goedemiddag, u spreekt met [NAAM]"),
    ],
)
def test_each_kind_is_replaced_by_its_placeholder(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bestelnummer 123456782 van 12-03-2026 om 14:05, totaal € 1.249,00.",
        "Ordernr. 0612345678 is nog niet verzonden.",
        "Ik wacht al 3 weken, sinds 1 maart 2026. Retour aangemeld op 05-05-2026.",
        "Geachte heer/mevrouw, ik ben boos.",
        "Beste klantenservice, waar blijft mijn pakket?",
        "Top service weer, 3 weken wachten 👏",
        "ik ga naar de markt 2 keer per week",
        "Track & trace 3SKAB1234567, factuur F-2026-0412, 25% korting.",
    ],
)
def test_clean_text_is_left_alone(text):
    assert redact(text) == text


def test_redact_cli_keeps_line_count_and_order(cli_env):
    lines = ["bel 06-12345678", "", "niets persoonlijks hier", "mail: a@b.nl", "Groetjes, Anouk"]
    proc = subprocess.run([sys.executable, "-m", "service.cli", "redact", "-"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, cwd=ROOT, env=cli_env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:-1] == ["bel [TELEFOON]", "", "niets persoonlijks hier", "mail: [EMAIL]",
                                            "Groetjes, [NAAM]"]


def test_recall_on_the_planted_corpus():
    """data/pii/planted.jsonl: 600 generated records (build_planted.py); the redactor was developed on it."""
    records = load_planted(PII / "planted.jsonl")
    assert len(records) >= 500
    report = evaluate_planted(records)
    assert report["recall"] >= 0.99, report["misses"]
    assert report["clean_chars_altered"] <= 0.01


def test_spans_do_not_overlap_and_are_ordered():
    text = "Beste Jan, bel 06-12345678 of mail jan@x.nl, IBAN NL91ABNA0417164300. Groet, Piet"
    spans = find_pii(text)
    assert [s.kind for s in spans] == ["name", "phone", "email", "iban", "name"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_planted_corpus_is_well_formed():
    for line in (PII / "planted.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        for p in r["pii"]:
            assert r["text"][p["start"] : p["end"]] == p["value"]


def test_recall_on_the_independently_written_corpus():
    """data/pii/heldout.jsonl: 388 messages written by someone who never saw the redactor. First measured at
    recall 0.851; the redactor was then improved on its misses (0.998 now), so it guards against regressions
    rather than being unseen (data/pii/unseen.jsonl is the unseen one)."""
    report = evaluate_planted(load_planted(PII / "heldout.jsonl"))
    assert report["items"] >= 500
    assert report["recall"] >= 0.99, report["misses"]
    assert report["clean_chars_altered"] <= 0.01


def test_recall_on_the_third_corpus():
    """data/pii/unseen.jsonl: 575 messages (1,284 values) by a writer who saw neither the redactor nor the other
    corpora; many lower-case call transcripts and names in running text. First measured at recall 0.826 (names
    0.745); the redactor was then improved on its misses (0.964), so this guards against regressions too."""
    report = evaluate_planted(load_planted(PII / "unseen.jsonl"))
    assert report["items"] >= 1200
    assert report["recall"] >= 0.95, report["misses"]
    assert report["recall_per_kind"]["name"] >= 0.93
    assert report["clean_chars_altered"] <= 0.01


def test_the_first_name_list_kept_in_the_cache_directory_is_the_built_one(tmp_path):
    from pipelines.redact_names import _build_first_names, _cached_first_names

    built = _build_first_names()
    assert {"sanne", "mohammed", "griet"} <= built and "roos" not in built  # ambiguous words are no names
    assert _cached_first_names(tmp_path) == built  # built, then kept
    (kept,) = tmp_path.glob("first-names-*.txt")
    assert _cached_first_names(tmp_path) == built  # read back
    kept.write_text(kept.read_text()[:500])  # cut off: built again
    assert _cached_first_names(tmp_path) == built
    assert _cached_first_names(tmp_path) == built
