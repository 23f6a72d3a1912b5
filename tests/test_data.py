"""The project's own labelled corpus: schema, quotas from the issue, and train/test separation."""

from __future__ import annotations

import json

import pytest

from models.data import DataError, read_jsonl
from models.taxonomy import EMOTION_IDS, PHASE_IDS
from tests.conftest import ROOT

TRAIN = ROOT / "data" / "train"
TEST = ROOT / "data" / "test"


@pytest.fixture(scope="module")
def train():
    return read_jsonl([TRAIN], strict=True)


@pytest.fixture(scope="module")
def test():
    return read_jsonl([TEST], strict=True)


def test_training_corpus_meets_its_quotas(train):
    assert len(train) >= 3000
    emo, phase = train.counts("emotion"), train.counts("phase")
    assert {e: emo[e] for e in EMOTION_IDS if emo[e] < 200} == {}
    assert {p: phase[p] for p in PHASE_IDS if p != "unknown" and phase[p] < 150} == {}
    assert len(train.counts("sector")) >= 6
    assert len(train.counts("channel")) >= 5
    assert train.counts("variant")["be"] >= 0.15 * len(train)


def test_test_set_is_separate(train, test):
    assert len(test) >= 600
    assert not set(train.texts) & set(test.texts)


def test_bad_records_are_reported_with_file_and_line(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text(
        json.dumps({"text": "ok", "emotion": "joy"}) + "\n"
        + json.dumps({"text": "", "emotion": "joy"}) + "\n"
        + "{kapot\n"
        + json.dumps({"text": "x", "emotion": "blij"}) + "\n"
        + json.dumps({"text": "y", "emotion": "neutral", "intensity": 4}) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        read_jsonl([f])
    msg = str(info.value)
    assert "4 problem(s)" in msg
    assert f"{f}:2: text" in msg and f"{f}:3: invalid JSON" in msg
    assert f"{f}:4: emotion" in msg and "neutral utterances have intensity 1" in msg
