"""The `voc predict` / `voc evaluate` command contract, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from models.taxonomy import EMOTION_IDS, PHASE_IDS, STDC_IDS

pytestmark = pytest.mark.slow
VOC = [sys.executable, "-m", "service.cli"]


def _run(args, data: bytes, env) -> list[dict]:
    proc = subprocess.run([*VOC, *args], input=data, capture_output=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


def _assert_result(rec: dict) -> None:
    assert rec["emotion"] in EMOTION_IDS
    assert set(rec["emotion_scores"]) == set(EMOTION_IDS)
    assert abs(sum(rec["emotion_scores"].values()) - 1) < 1e-2
    assert -1 <= rec["valence"] <= 1
    assert rec["valence_label"] in ("positive", "neutral", "negative")
    assert rec["intensity"] in (1, 2, 3, 4, 5)
    assert rec["phase"] in PHASE_IDS and rec["stdc"] in STDC_IDS
    assert 0 <= rec["confidence"] <= 1


def test_plain_text_one_object_per_line_in_order(cli_env):
    long = ("Ik heb op 3 maart een koelkast besteld en sindsdien niets meer gehoord. " * 300)[:20000]
    lines = [
        "Top service weer, 3 weken wachten 👏",
        "",
        "   ",
        long,
        "Bedankt Sanne, het is helemaal opgelost!",
    ]
    data = ("\n".join(lines) + "\n").encode() + b"caf\xe9 niet utf-8\n" + b"laatste regel zonder newline"
    out = _run(["predict", "-"], data, cli_env)
    assert len(out) == 7
    assert [r["line"] for r in out] == list(range(1, 8))
    for i in (0, 3, 4, 6):
        _assert_result(out[i])
    assert "empty" in out[1]["error"] and "empty" in out[2]["error"]
    assert "UTF-8" in out[5]["error"]
    assert out[4]["valence_label"] == "positive"


def test_jsonl_input_keeps_ids_and_reports_bad_lines(cli_env, tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(
        '{"id": "a1", "text": "Waar blijft mijn pakket nou?!"}\n'
        '{"id": "a2", "tekst": "verkeerd veld"}\n'
        '{"id": "a3", "text": "kapot json"\n'
        "\n"
        '["geen", "object"]\n'
        '{"id": 7, "text": "Ik wil graag mijn adres wijzigen."}\n',
        encoding="utf-8",
    )
    out = _run(["predict", str(f)], b"", cli_env)
    assert len(out) == 6
    assert out[0]["id"] == "a1"
    _assert_result(out[0])
    assert "text" in out[1]["error"] and out[1]["id"] == "a2"
    assert "malformed JSON" in out[2]["error"]
    assert "empty" in out[3]["error"]
    assert "JSON object" in out[4]["error"]
    assert out[5]["id"] == 7
    _assert_result(out[5])


def test_missing_file_is_a_clear_error(cli_env):
    proc = subprocess.run([*VOC, "predict", "/nonexistent.txt"], capture_output=True, env=cli_env, check=False)
    assert proc.returncode == 2
    assert b"no such file" in proc.stderr


def test_evaluate_prints_per_class_and_macro_f1(cli_env, tmp_path):
    f = tmp_path / "gold.jsonl"
    f.write_text(
        "\n".join(
            json.dumps({"text": t, "emotion": e, "phase": p}, ensure_ascii=False)
            for t, e, p in [
                ("Dit is echt schandalig, ik stap naar de Geschillencommissie!!!", "anger", "usage"),
                ("Heel erg bedankt voor de snelle hulp, top!", "gratitude", "usage"),
                ("Wat zijn de openingstijden van jullie winkel?", "neutral", "orientation"),
            ]
        ),
        encoding="utf-8",
    )
    proc = subprocess.run([*VOC, "evaluate", str(f), "--json"], capture_output=True, env=cli_env, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    rep = json.loads(proc.stdout)
    assert set(rep["emotion"]["classes"]) == {"anger", "gratitude", "neutral"}
    assert 0 <= rep["emotion"]["macro_f1"] <= 1
    assert rep["phase"]["n"] == 3
