"""Agent moves: what a customer-service agent does in one turn, from the words (Dutch and Flemish rules).

    classify("Sorry voor het wachten! Mag ik uw ordernummer?")   -> ("apology", "information_request")
    classify("Goedemiddag, waarmee kan ik u helpen?")            -> ("other",)

Multi-label: a turn can apologise, explain and ask at once. The moves (defined in data/agent_moves/GUIDE.md):

- ``apology``: the agent apologises or expresses regret on the company's behalf (sorry, excuses, het spijt me).
- ``explanation``: the agent gives a cause or reason, or explains how something works or what is going on.
- ``empathy``: the agent acknowledges the customer's feelings or the impact on them (wat vervelend, ik begrijp
  dat u boos bent, ik kan me voorstellen).
- ``offline_help``: the agent moves the help to another channel or place: a call back, a visit to a shop or
  office, a technician at the door, a DM, mail or form to continue the case.
- ``information_request``: the agent asks the customer for information (order number, postcode, a photo,
  when it started, which device).
- ``other``: none of these (greetings, closings, confirmations, actions taken, offers).

Rules, not a trained model: each move is a few dozen regular expressions over the lower-cased turn, written
on ``data/agent_moves/dev.jsonl`` and measured on the held-out ``test.jsonl`` (figures in models/MODEL_CARD.md).
Rules favour precision: a move that is said in an unusual way is missed rather than a move invented.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

MOVES: tuple[str, ...] = ("apology", "explanation", "empathy", "offline_help", "information_request")
OTHER = "other"
MOVE_IDS: tuple[str, ...] = (*MOVES, OTHER)
MOVE_NL: dict[str, str] = {
    "apology": "excuses", "explanation": "uitleg", "empathy": "empathie", "offline_help": "hulp via ander kanaal",
    "information_request": "vraagt informatie", "other": "overig",
}


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


_APOLOGY = _rx(
    r"\bsorry\b", r"\bexcus(?:es|e|eer|eren)\b", r"\bexcuus\b", r"\bverontschuldig\w*",
    r"\bspijt\s+(?:me|mij|ons|het\s+(?:me|mij|ons))\b", r"\bhet\s+spijt\b",
    r"\b(?:wij|we|ik)\s+betreuren?\b", r"^\s*pardon\b", r"\bneem\s+(?:me|mij|ons)\s+niet\s+kwalijk\b",
)

_EXPLANATION = _rx(
    # a cause or reason
    r"\bomdat\b", r"\bdoordat\b", r"\bwaardoor\b", r"\bvanwege\b", r"\bwegens\b", r"\bdaardoor\b", r"\bdaarom\b",
    r"\bvandaar\b",
    r"\bwant\b", r"\b(?:komt|kwam|kwamen)\s+(?:door|doordat|omdat)\b", r"\bveroorzaakt\b",
    r"\bde\s+(?:oorzaak|reden)\b", r"\bligt\s+aan\b", r"\bte\s+maken\s+(?:met|heeft|had)\b",
    r"\bhet\s+zit\s+zo\b", r"\bwat\s+er\s+(?:gebeurd\s+is|aan\s+de\s+hand\s+is)\s*(?:[,:]|is\b)",
    r"\bdat\s+gebeurt\s+(?:als|wanneer)\b", r"\b(?:is|zijn|werd)\s+\w+\s+door\s+(?:een|de|het)\b",
    r"\bdoor\s+(?:een|de|het)\s+(?:\w+\s+)?(?:storing|staking|fout|update|onderhoud|werkzaamheden|aanrijding|"
    r"storm|feestdag|drukte|tekort|brand|mist|defect\w*|vertraging|verhuizing|wijziging)\b",
    r"\bwordt\s+verklaard\b", r"\b(?:u|je)\s+moet\s+weten\b", r"^(?:ja\s+)?kijk,",
    r"\bik\s+leg\s+het\s+(?:even\s+)?uit\b",
    r"\bhet\s+probleem\s+(?:zit|is|ligt)\b", r"\bhet\s+lijkt\s+erop\b", r"\bzit\s+(?:waarschijnlijk\s+)?in\s+de\b",
    # how it works: rules, terms, timing
    r"\bgebaseerd\s+op\b", r"\bop\s+basis\s+van\b", r"\bberekend\s+op\b", r"\bhangt\s+af\s+van\b",
    r"\bbestaat\s+uit\b", r"\b(?:geldt|gold|gelden)\b", r"\bvalt\s+(?:niet\s+)?(?:meer\s+)?onder\b",
    r"\brecht\s+op\b", r"\bvolgens\s+de\b", r"\bpas\s+vanaf\b", r"\bloopt\s+(?:nog\s+)?tot\b",
    r"\bduurt\s+(?:ongeveer|gemiddeld|meestal|maximaal|tot|enkele|een|twee|drie|vier|vijf|\d)",
    r"\bkan\s+(?:\w+\s+){0,5}duren\b", r"\bmaximaal\b", r"\bopzegtermijn\b", r"\bworden\s+(?:\w+\s+){0,4}verwerkt\b",
    r"\bwordt\s+(?:\w+\s+){0,3}(?:verrekend|aangerekend|ingehouden|bijgeschreven|gedaan\s+via|opgesteld)\b",
    r"\bniet\s+door\s+ons\s+bepaald\b", r"\bligt\s+(?:op\s+dit\s+moment\s+|nu\s+)?in\s+ons\b",
    r"\ber\s+(?:is|wordt|zijn)\s+(?:momenteel\s+|op\s+dit\s+moment\s+|vannacht\s+)?(?:een\s+)?(?:landelijke\s+)?"
    r"(?:storing|onderhoud|werkzaamheden|gewerkt)\b",
)

_EMPATHY = _rx(
    r"\b(?:ik|wij|we)\s+(?:kan|kunnen)\s+(?:me|mij|ons)\s+(?:\w+\s+){0,4}(?:voorstellen|indenken|inleven)\b",
    r"\b(?:ik|wij|we)\s+(?:begrijp|begrijpen|snap|snappen)\s+(?:\w+\s+){0,2}(?:dat|hoe|uw|je|jouw|het|helemaal|"
    r"heel|volkomen|best)\b(?!\s+(?:vraag|verzoek))",
    r"\bsnap(?:pen)?\s+(?:we|je)\s+(?:helemaal|je|jouw)\b", r"\bdat\s+(?:snap|begrijp)\s+ik\b",
    r"\bbegrijpelijk\b", r"\bleef\s+met\s+u\s+mee\b|\bleven\s+met\s+u\s+mee\b", r"\bbeseffen\b",
    r"\brealiseren\s+ons\b",
    r"\bvervelend\w*", r"\bfrustr\w+", r"\bbalen\b", r"\bocharme\b", r"\bjeetje\b", r"\bo\s+jee\b", r"\bpech\b",
    r"\bschrik\w*\b", r"\bgeschrokken\b", r"\bteleurstel\w*|\bteleurgesteld\b", r"\bzorgen\b", r"\bongerust\w*",
    r"\bstress\b", r"\bgeen\s+pretje\b", r"\bniet\s+(?:leuk|fijn|prettig)\b", r"\bniemand\s+toe\b",
    r"\bsterkte\b", r"\bniet\s+de\s+bedoeling\b", r"\bingrijpend\b", r"\bemotionele?\b", r"\bdwarszitten\b",
    r"\bwakker\s+van\b", r"\bmoedeloos\b", r"\bergernis\b", r"\bonrust\b", r"\btegenvaller\b", r"\baangrijpt\b",
    r"\b(?:wat|zo|heel|echt|erg|super|ontzettend|inderdaad|flink)\s+(?:een\s+)?(?:naar|nare|rot|rotdag|sneu|"
    r"jammer|onprettig|onaangenaam|akelig\w*|zuur|gedoe|onhandig|ellende)\b",
    r"\bwat\s+(?:een\s+)?(?:nare|vervelende|pech|gedoe)\b", r"\b(?:echt|erg|heel)\s+(?:pech|rot)\b",
    r"\bda'?s\s+echt\s+zuur\b", r"\bamai\b,?\s+(?:dat|da's)\b",
)

_OFFLINE = _rx(
    # a call (back)
    r"\bterug\s*bel\w*", r"\bbel\w*\s+(?:\w+\s+){0,6}terug\b", r"\bbelafspraak\b", r"\bbelletje\b",
    r"\bopbellen\b", r"\b(?:telefonisch|per\s+telefoon)\s+contact\b", r"\bcontact\s+(?:\w+\s+){0,3}via\s+telefoon\b",
    r"\b(?:bel|bellen|belt)\s+(?:ons|naar|met|even|gerust|je\s+even|u\s+(?:straks|morgen|even))\b",
    r"\bbel(?:len)?\s+(?:ons\s+)?(?:eens|op)\b", r"\b(?:zal|kan)\s+ik\s+u\s+(?:\w+\s+)?bellen\b",
    r"\bu\s+(?:graag\s+)?(?:even\s+)?bellen\b", r"\b(?:ons|onze\s+\w+)\s+(?:\w+\s+){0,2}(?:bellen|belt)\b",
    r"\bbelt\s+u\s+ons\b",
    # a visit
    r"\blangs\s*(?:komen|kom|komt|gaan|ga|gaat|lopen|loop)\b", r"\blangs\s+het\s+\w+", r"\blangsgaan\b",
    r"\bbinnen\s*(?:lopen|loop|springen|brengen|brengt)\b", r"\bpasseren\b", r"\bter\s+plekke\b",
    r"\b(?:naar|bij|aan|in|op)\s+(?:de|het|een|ons|onze|uw|je)\s+(?:\w+\s+){0,3}(?:winkel|winkels|filiaal|filialen|"
    r"vestiging|kantoor|kantoren|balie|loket|servicepunt|servicebalie|transferbalie|bagagebalie|stadhuis|"
    r"gemeentehuis|stadskantoor|omgevingsloket|afhaalpunt|depot|klantcontactcentrum)\b",
    # someone at the door
    r"\bmonteur\w*", r"\btechnicus\b", r"\btechnieker\b", r"\bstoringsdienst\b", r"\bbuitendienst\b",
    r"\bdienst\s+herstellingen\b", r"\bploeg\b", r"\bbij\s+u\s+(?:aan\s+)?(?:huis|thuis)\b", r"\bbij\s+jou\s+thuis\b",
    r"\b(?:komt|komen)\s+(?:\w+\s+){0,3}bij\s+(?:u|jou|je)\b", r"\bstuur\w*\s+(?:\w+\s+){0,3}iemand\b",
    r"\b(?:inspecteur|handhaver)\b", r"\bnaar\s+u\s+toe\b",
    # another written channel for the case
    r"\bdm\b", r"\bpriv[ée]\s*bericht\w*", r"\bcontactformulier\b", r"\bformulier\s+op\s+(?:onze|de)\s+(?:web)?site\b",
    r"\b(?:mail|mailen|mailtje|e-mailen)\s+(?:\w+\s+){0,3}(?:ons|naar|op)\b|\bons\s+(?:\w+\s+){0,2}(?:mailen|mailtje)\b",
    r"\bvia\s+de\s+chat\s+in\s+de\s+app\b",
    r"\b(?:neemt|nemen)\s+(?:\w+\s+){0,4}contact\s+(?:met\s+(?:u|je|jou)\s+)?op\b",
    r"\bcontact\s+op\s+(?:te\s+)?nemen\b", r"\bneem\s+(?:\w+\s+){0,3}contact\s+op\b",
    r"\bcontact\s+(?:op\s*)?(?:te\s+)?nemen\s+met\b", r"\bnodigen\s+u\s+uit\s+voor\s+een\s+gesprek\b",
    r"\bassistentielijn\b|\bfraudelijn\b|\bstoringslijn\b|\bservicenummer\b",
    r"\bdoor\s+een\s+collega\s+(?:\w+\s+){0,5}(?:bellen|terugbellen)\b",
)

# Things an agent asks a customer for.
_INFO_NOUN = (
    r"(?:\w*nummer\w*|nr\b|postcode|huisnummer|adres|e-?mailadres|geboortedatum|foto\w*|kopie|bewijs\w*|bon\w*|"
    r"kassabon|bonnetjes|datum|naam|achternaam|meterstand\w*|stand|code|\w*code|iban|rekening\w*|type|merk|maat|"
    r"kleur|bedrag|formulier|nota|gegevens|reisdata|details)"
)
_OFFER = _rx(
    r"^\s*(?:zal|zou)\s+ik\b", r"^\s*(?:wilt|wil)\s+(?:u|je)\s+dat\s+ik\b", r"^\s*kan\s+ik\s+(?:u|je|jou)\s+"
    r"(?:\w+\s+){0,2}(?:helpen|van\s+dienst)", r"^\s*kan\s+ik\s+(?:\w+\s+){0,2}(?:iets|nog)\b",
    r"^\s*is\s+er\s+(?:\w+\s+){0,2}(?:iets|nog)\b", r"\b(?:verder\s+)?nog\s+(?:vragen|iets)\b",
    r"^\s*mag\s+ik\s+u\s+(?:even\s+)?(?:in\s+de\s+wacht|doorverbinden)",
    r"\bwaarmee\s+kan\s+ik\b", r"^\s*(?:wilt|wil)\s+(?:u|je)\s+(?:een\s+)?(?:nieuwe?|dat)\b",
)
_QUESTION_START = re.compile(
    r"^\s*(?:(?:en|ok[eé]|dan|even|verder|ja|en\s+dan)\s*,?\s+)?(?:wat|welk|welke|wanneer|hoeveel|hoe|waar|waarom|wie|"
    r"sinds|vanaf|om|op|met|in|via|voor|van|naar|uit|bij|aan|stuur|stuurt|noem|geef|heeft|hebt|heb|is|zijn|was|waren|brandt|branden|staat|"
    r"staan|doet|doen|werkt|werken|gebruikt|gebruik|reist|bent|ben|klopt|weet|ziet|zie|mag|kunt|kan|kun|wilt|"
    r"wil|zou|zoudt|gaat|ging|had|hadden)\b",
    re.IGNORECASE,
)
_MOVE_ELSEWHERE = _rx(
    r"\b(?:langs\s*(?:gaan|komen|lopen)|langsgaan|binnenlopen|bellen|belt|mailen|terugbrengen|brengen)\b",
    r"\bafspraak\s+maken\b", r"\bdm\b",
)
_INFO_STATEMENT = _rx(
    r"\bgraag\s+ontvangen\s+(?:wij|we)\b", r"\bgelieve\b", r"\b(?:wij|we)\s+verzoeken\s+u\b",
    r"\b(?:heb|hebben)\s+(?:ik|wij|we)\s+(?:\w+\s+){0,6}nodig\b",
    r"\b(?:mag|kan|kunt|kun|wilt|zou|wil)\s+(?:ik|u|je|jij)\s+(?:\w+\s+){0,5}" + _INFO_NOUN,
    r"\b(?:wat|welk|welke)\s+(?:is|zijn|was)\s+(?:uw|je|jouw|het|de)\s+(?:\w+\s+){0,2}" + _INFO_NOUN,
    r"\blaat\s+(?:\w+\s+){0,3}weten\s+(?:welk|welke|wat|wanneer|hoe|of)\b",
    r"\b(?:stuur|stuurt|sturen|uploaden|meesturen|toesturen|doorsturen)\b.{0,40}\b(?:foto|kopie|bon|nota|"
    r"formulier|bewijs)",
)
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def _asks_information(text: str) -> str | None:
    for sent in _SENTENCE.findall(text):
        s = sent.strip()
        if not s:
            continue
        if _OFFER.search(s):
            continue
        m = _INFO_STATEMENT.search(s)
        if m:
            return m.group(0)
        if s.endswith("?") and _QUESTION_START.match(s):
            if _MOVE_ELSEWHERE.search(s) and not re.search(_INFO_NOUN, s, re.IGNORECASE):
                continue  # "kunt u ons bellen?": a move to another channel, not a question for facts
            return s
    return None


_PATTERNS: dict[str, re.Pattern[str]] = {
    "apology": _APOLOGY, "explanation": _EXPLANATION, "empathy": _EMPATHY, "offline_help": _OFFLINE,
}


@dataclass(frozen=True)
class MoveResult:
    moves: tuple[str, ...]  # in MOVE_IDS order; ("other",) when no move is found
    evidence: dict[str, str]  # move -> the words that showed it

    def as_dict(self) -> dict[str, Any]:
        return {"moves": list(self.moves), "evidence": dict(self.evidence)}


def analyse(text: str) -> MoveResult:
    """The moves of one agent turn and the words that showed each."""
    evidence: dict[str, str] = {}
    t = " ".join(text.split())
    for move, rx in _PATTERNS.items():
        m = rx.search(t)
        if m:
            evidence[move] = m.group(0)
    asked = _asks_information(t)
    if asked:
        evidence["information_request"] = asked
    moves = tuple(m for m in MOVES if m in evidence) or (OTHER,)
    return MoveResult(moves, evidence)


def classify(text: str) -> tuple[str, ...]:
    return analyse(text).moves


class AgentMoveClassifier:
    """The rules behind the same interface as the other classifiers (``predict`` for a str or a list)."""

    version = "kg-moves-rules-1"

    @overload
    def predict(self, texts: str) -> tuple[str, ...]: ...  # type: ignore[overload-overlap]
    @overload
    def predict(self, texts: Sequence[str]) -> list[tuple[str, ...]]: ...
    def predict(self, texts: str | Sequence[str]) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(texts, str):
            return classify(texts)
        return [classify(t) for t in texts]


# ---- evaluation ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveExample:
    text: str
    moves: frozenset[str]


def read_moves(path: str | Path) -> list[MoveExample]:
    out = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        moves = frozenset(rec["moves"])
        if not moves or not moves <= set(MOVE_IDS) or (OTHER in moves and len(moves) > 1):
            raise ValueError(f"{path}:{lineno}: moves {sorted(moves)} are not a valid label set")
        out.append(MoveExample(rec["text"], moves))
    return out


@dataclass(frozen=True)
class MoveScore:
    move: str
    precision: float
    recall: float
    f1: float
    support: int  # gold positives
    predicted: int

    def as_dict(self) -> dict[str, Any]:
        return vars(self).copy()


def evaluate(examples: Iterable[MoveExample], classify_fn=classify) -> dict[str, MoveScore]:
    """Precision, recall and F1 per move (one-vs-rest over the multi-label sets)."""
    exs = list(examples)
    preds = [set(classify_fn(e.text)) for e in exs]
    out = {}
    for move in MOVE_IDS:
        tp = sum(1 for e, p in zip(exs, preds, strict=True) if move in e.moves and move in p)
        n_pred = sum(1 for p in preds if move in p)
        n_gold = sum(1 for e in exs if move in e.moves)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[move] = MoveScore(move, round(p, 3), round(r, 3), round(f, 3), n_gold, n_pred)
    return out


def format_scores(scores: dict[str, MoveScore]) -> str:
    lines = [f"{'move':<22}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    lines += [f"{s.move:<22}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.support:>6}{s.predicted:>6}"
              for s in scores.values()]
    return "\n".join(lines)
