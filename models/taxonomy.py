"""The single source of truth for Klantgevoel's labels.

Emotions are the nine customer-service clusters of the Dutch EmoTwiCS corpus (Labat et al.), each with a
Dutch display name and a valence/arousal prior (-1..1 and 0..1). Journey phases are ten phases nested in
See / Think / Do / Care, plus ``unknown``. Everything else (classifier heads, the CLI, the store) reads its
label order from here, so a label is added or renamed in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Emotion:
    id: str
    nl: str
    valence: float  # prior, -1 (very negative) .. 1 (very positive)
    arousal: float  # prior, 0 (calm) .. 1 (agitated)

    @property
    def valence_label(self) -> ValenceLabel:
        return valence_label(self.valence)


ValenceLabel = Literal["positive", "neutral", "negative"]

EMOTIONS: tuple[Emotion, ...] = (
    Emotion("anger", "woede", -0.9, 0.9),
    Emotion("annoyance", "ergernis", -0.6, 0.6),
    Emotion("desire", "verlangen", 0.2, 0.5),
    Emotion("disappointment", "teleurstelling", -0.6, 0.3),
    Emotion("gratitude", "dankbaarheid", 0.8, 0.4),
    Emotion("joy", "blijdschap", 0.9, 0.7),
    Emotion("nervousness", "bezorgdheid", -0.5, 0.7),
    Emotion("relief", "opluchting", 0.6, 0.3),
    Emotion("neutral", "neutraal", 0.0, 0.1),
)
EMOTION_IDS: tuple[str, ...] = tuple(e.id for e in EMOTIONS)
EMOTION_BY_ID: dict[str, Emotion] = {e.id: e for e in EMOTIONS}

# Valence priors between these bounds count as neutral (desire's mild +0.2 included, as in the coarse
# evaluation that merges neutral and desire).
NEUTRAL_BAND = 0.3
VALENCE_LABELS: tuple[ValenceLabel, ...] = ("negative", "neutral", "positive")


def valence_label(valence: float) -> ValenceLabel:
    if valence <= -NEUTRAL_BAND:
        return "negative"
    if valence >= NEUTRAL_BAND:
        return "positive"
    return "neutral"


# The 5-class coarse level used for cross-domain evaluation.
COARSE_EMOTION: dict[str, str] = {
    "anger": "anger_annoyance",
    "annoyance": "anger_annoyance",
    "disappointment": "disappointment",
    "nervousness": "nervousness",
    "joy": "positive",
    "gratitude": "positive",
    "relief": "positive",
    "neutral": "neutral_desire",
    "desire": "neutral_desire",
}
COARSE_EMOTION_IDS: tuple[str, ...] = (
    "anger_annoyance",
    "disappointment",
    "nervousness",
    "positive",
    "neutral_desire",
)


@dataclass(frozen=True)
class Phase:
    id: str
    nl: str
    stdc: str


STDC_IDS: tuple[str, ...] = ("see", "think", "do", "care", "unknown")
STDC_NL: dict[str, str] = {"see": "See", "think": "Think", "do": "Do", "care": "Care", "unknown": "onbekend"}

PHASES: tuple[Phase, ...] = (
    Phase("latent_need", "latente behoefte", "see"),
    Phase("concrete_need", "concrete behoefte", "think"),
    Phase("orientation", "oriëntatie", "think"),
    Phase("consideration", "overweging", "think"),
    Phase("decision", "beslissing", "do"),
    Phase("purchase", "aankoop", "do"),
    Phase("delivery", "levering", "care"),
    Phase("usage", "gebruik", "care"),
    Phase("loyalty", "loyaliteit", "care"),
    Phase("ambassador", "ambassadeur", "care"),
    Phase("unknown", "onbekend", "unknown"),
)
PHASE_IDS: tuple[str, ...] = tuple(p.id for p in PHASES)
PHASE_BY_ID: dict[str, Phase] = {p.id: p for p in PHASES}

INTENSITY_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)


def stdc_of(phase: str) -> str:
    """The See/Think/Do/Care stage a journey phase belongs to."""
    return PHASE_BY_ID[phase].stdc


# What the customer says caused the emotion: the eight cause categories of the EmoTwiCS corpus (models/causes.py).
CAUSE_IDS: tuple[str, ...] = (
    "breakdowns", "delays_cancellations", "product_information", "product_quality", "employee_service",
    "digital_design", "environment_health", "other",
)
CAUSE_NL: dict[str, str] = {
    "breakdowns": "storingen", "delays_cancellations": "vertragingen en annuleringen",
    "product_information": "productinformatie", "product_quality": "productkwaliteit",
    "employee_service": "dienstverlening medewerkers", "digital_design": "digitaal ontwerp",
    "environment_health": "milieu en gezondheid", "other": "overig",
}
