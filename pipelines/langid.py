"""Language identification of customer texts (py3langid: langid.py's model, bundled, offline).

Restricted to the languages Dutch and Flemish customer services actually receive, which keeps langid from
calling short Dutch texts Afrikaans or Frisian. Texts too short to judge are "und" (undetermined) rather
than silently "nl"; the pipeline tags those but never tags a text it recognised as another language.
"""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ("nl", "en", "fr", "de", "es", "it", "pt", "pl", "tr", "ar", "ro", "bg", "uk", "ru")
MIN_LETTERS = 12  # fewer letters than this: undetermined
MIN_CONFIDENCE = 0.75
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")  # redaction placeholders are not language
_URL = re.compile(r"https?://\S+|www\.\S+")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or "und", confidence 0..1)."""
    clean = _URL.sub(" ", _PLACEHOLDER.sub(" ", text))
    if sum(ch.isalpha() for ch in clean) < MIN_LETTERS:
        return "und", 0.0
    lang, prob = _identifier().classify(clean[:400])  # the first sentences decide; cost grows with length
    prob = float(prob)
    if prob < MIN_CONFIDENCE:
        return "und", prob
    return str(lang), prob
