"""Language identification of customer texts (py3langid: langid.py's model, bundled, offline).

Restricted to the languages Dutch and Flemish customer services actually receive, which keeps langid from
calling short Dutch texts Afrikaans or Frisian. Texts too short to judge are "und" (undetermined) rather
than silently "nl"; the pipeline tags those but never tags a text it recognised as another language.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
import zipfile
from array import array
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

LANGUAGES = ("nl", "en", "fr", "de", "es", "it", "pt", "pl", "tr", "ar", "ro", "bg", "uk", "ru")
MIN_LETTERS = 12  # fewer letters than this: undetermined
MIN_CONFIDENCE = 0.75
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")  # redaction placeholders are not language
_URL = re.compile(r"https?://\S+|www\.\S+")
_LETTER = re.compile(r"[^\W\d_]")
MAX_CHARS = 240


_LOADING = threading.Lock()
_MODEL: list[Any] = []  # the identifier, once loaded
CACHE_FORMAT = 1  # bump when what _save writes changes


def load_model(cache_dir: Path | None = None) -> Any:
    """The langid model, loaded on first use. From the package that is 0.5 s, nearly all of it xz decompression
    (without the GIL: a thread can load it while the main thread imports); with ``cache_dir``, the model restricted
    to LANGUAGES is kept there uncompressed after the first load, and later loads take a tenth of that."""
    if not _MODEL:
        with _LOADING:  # one load, whichever thread asks first
            if not _MODEL:
                _MODEL.append(load_identifier(cache_dir))
    return _MODEL[0]


def load_identifier(cache_dir: Path | None = None) -> Any:
    """A new identifier (``load_model`` keeps one), from ``cache_dir`` where it is kept there, else from the
    package (and then kept there)."""
    path = _cache_path(cache_dir) if cache_dir is not None else None
    if path is not None and path.exists():
        try:
            return _from_arrays(path)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # damaged or foreign: load anew
            log.warning("langid cache %s unreadable (%s); loading the packaged model", path, exc)
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    _contiguous(ident)
    if path is not None:
        _save(ident, path)
    return ident


def _contiguous(ident: Any) -> None:
    """The restricted weights as one contiguous float32 table: set_languages leaves a strided float16 view, which
    costs each classify() a conversion (float16 to float32 is exact: the scores stay the same)."""
    ident.nb_ptc = np.ascontiguousarray(ident.nb_ptc, dtype=np.float32)


def _cache_path(cache_dir: Path) -> Path:
    from importlib.metadata import version

    key = hashlib.sha256(f"{CACHE_FORMAT}|{version('py3langid')}|{','.join(LANGUAGES)}".encode()).hexdigest()[:16]
    return cache_dir / f"langid-{key}.npz"


def _save(ident: Any, path: Path) -> None:
    """Uncompressed arrays (numpy's npz: no pickle), written whole or not at all."""
    arrays = {
        "ptc": ident.nb_ptc, "pc": ident.nb_pc, "classes": np.array(ident.nb_classes),
        "nextmove": np.frombuffer(ident.tk_nextmove, dtype=f"u{ident.tk_nextmove.itemsize}"),
        "row": np.frombuffer(ident.tk_row, dtype=f"u{ident.tk_row.itemsize}"),
        "output": np.asarray(ident.tk_output, dtype=np.int32),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".langid-", suffix=".npz", delete=False) as fh:
            np.savez(fh, **arrays)
        os.replace(fh.name, path)
    except OSError as exc:  # a read-only or full cache directory: the next run loads from the package again
        log.warning("langid cache %s not written (%s)", path, exc)


def _from_arrays(path: Path) -> Any:
    from py3langid.langid import LanguageIdentifier

    with np.load(path, allow_pickle=False) as data:
        nextmove, row = (_array(data[k]) for k in ("nextmove", "row"))
        ident = LanguageIdentifier(data["ptc"], data["pc"], data["classes"].tolist(), nextmove,
                                   data["output"].tolist(), norm_probs=True, tk_row=row)
    ident.set_languages(list(LANGUAGES))  # all of them, as saved: sets up what set_languages derives
    _contiguous(ident)
    return ident


_TYPECODE = {2: "H", 4: "I", 8: "L"}  # array typecodes by item size, as py3langid builds its automaton


def _array(values: np.ndarray) -> array:
    """The automaton's tables as py3langid keeps them: stdlib arrays (indexing one is cheaper than a numpy array)."""
    out = array(_TYPECODE[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Fast path: text dense in Dutch function words is Dutch; langid (pure Python, ~0.3 ms a text) only runs on
# the rest. The words are frequent in Dutch and Flemish and rare in English, German, French.
_NL_WORDS = _words(
    "het een ik niet mijn wij jullie bij ook nog maar wel geen heb hebben heeft wordt werd zijn dat deze waar "
    "wanneer graag bestelling zou kunnen moet gisteren vandaag al nu u uw ge gij da nie dan van op met voor naar "
    "weer wat hoe waarom dus zonder echt heel kan wil gaan doen zo er je jij ze mij hier daar komt kom zeg "
    "bedankt groet groetjes alvast zal omdat want"
)
_OTHER_WORDS = _words(
    "the and you my not to with und nicht ich der das ist les pas est une que el los suis avec pour dans mais "
    "jest się bir ve bu para con por"
)
# a regex rather than str.translate: translate looks each character up in a dict once the text is not ASCII
_PUNCTUATION = re.compile("[" + re.escape("!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~‘’“”„…–—«»¿¡") + "]")


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or "und", confidence 0..1)."""
    low = text[:600].lower()
    tokens = _PUNCTUATION.sub(" ", low).split()
    nl = sum(map(_NL_WORDS.__contains__, tokens))
    dutch = nl >= 4 or (nl >= 2 and nl * 4 >= len(tokens))  # enough Dutch words ...
    if dutch and sum(map(_OTHER_WORDS.__contains__, tokens)) <= nl // 4:  # ... and few of other languages
        return "nl", 1.0
    # the first sentences decide, and langid's cost grows with length: judge a prefix
    clean = _URL.sub(" ", _PLACEHOLDER.sub(" ", text[:600]))[:MAX_CHARS]
    if len(_LETTER.findall(clean)) < MIN_LETTERS:
        return "und", 0.0
    lang, prob = load_model().classify(clean)
    prob = float(prob)
    if prob < MIN_CONFIDENCE:
        return "und", prob
    return str(lang), prob
