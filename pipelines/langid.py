"""Language identification of customer texts (py3langid: langid.py's model, bundled, offline).

Restricted to the languages Dutch and Flemish customer services actually receive, which keeps langid from
calling short Dutch texts Afrikaans or Frisian. Texts too short to judge are "und" (undetermined) rather
than silently "nl"; the pipeline tags those but never tags a text it recognised as another language.
"""

from __future__ import annotations

import re
import threading
from typing import Any

LANGUAGES = ("nl", "en", "fr", "de", "es", "it", "pt", "pl", "tr", "ar", "ro", "bg", "uk", "ru")
MIN_LETTERS = 12  # fewer letters than this: undetermined
MIN_CONFIDENCE = 0.75
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")  # redaction placeholders are not language
_URL = re.compile(r"https?://\S+|www\.\S+")
_LETTER = re.compile(r"[^\W\d_]")
MAX_CHARS = 240


_LOADING = threading.Lock()
_MODEL: list[Any] = []  # the identifier, once loaded


def load_model() -> Any:
    """The langid model, loaded on first use (0.5 s, most of it xz decompression, which runs without the GIL: a
    thread can load it while the main thread imports)."""
    if not _MODEL:
        with _LOADING:  # one load, whichever thread asks first
            if not _MODEL:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                ident.set_languages(list(LANGUAGES))
                _MODEL.append(ident)
    return _MODEL[0]


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
