"""CI's training smoke step: a tiny, seeded training run end to end (the full run is `make train`)."""

from __future__ import annotations

import numpy as np
import pytest

from models.tagger import Tagger
from models.training import TrainConfig, train_tagger
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
CONFIG = ROOT / "models" / "configs" / "tagger.toml"


def _small_config(seed: int = 7) -> TrainConfig:
    cfg = TrainConfig.from_toml(CONFIG, seed=seed, max_examples=180)
    cfg.aux.xed_weight = 0.0  # the optional extra data (where present) would dominate a 180-example smoke run
    for h in cfg.heads.values():
        h.epochs = 5
    return cfg


def test_smoke_training_saves_loadable_reproducible_heads(encoder, tmp_path, settings):
    cache = tmp_path / "emb"
    a = train_tagger(_small_config(), encoder, cache_dir=cache, root=ROOT)
    b = train_tagger(_small_config(), encoder, cache_dir=cache, root=ROOT)
    for name in a.heads:
        for wa, wb in zip(a.heads[name].weights, b.heads[name].weights, strict=True):
            np.testing.assert_array_equal(wa, wb)  # same seed, same data -> same weights
    assert a.model_version == b.model_version
    c = train_tagger(_small_config(seed=8), encoder, cache_dir=cache, root=ROOT)
    assert not np.array_equal(a.heads["emotion"].weights[0], c.heads["emotion"].weights[0])

    a.save_pretrained(tmp_path / "model")
    loaded = Tagger.from_pretrained(tmp_path / "model", encoder=encoder)
    res = loaded.predict(["Bedankt voor de snelle levering!", "Mijn factuur klopt niet."])
    assert len(res) == 2
    assert loaded.config["training"]["examples"] <= 180


def test_config_rejects_unknown_keys(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('seed = 1\nlearning_rat = 3\n')
    with pytest.raises(ValueError, match="unknown config keys"):
        TrainConfig.from_toml(bad)
