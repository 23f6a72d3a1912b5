"""Customer journeys: each customer's contacts across channels, in time order, cut into journeys by a gap.

A journey is the run of one (pseudonymous) customer's contacts in which no two consecutive contacts lie more than
``gap`` apart. Per journey: the contacts with their contact-level tags, the phases passed, the emotional **peak**
and the **end** (people remember an experience by these two moments), a peak-end score and flags to act on.

    for journey in iter_journeys(session, JourneyConfig(gap=timedelta(days=14))):
        journey.as_dict()

The logic (``journeys_of_customer`` and the functions it calls) is pure and works on ``JourneyContact`` values;
``iter_journeys`` feeds it from the store with one ordered, streamed query (no query per customer), so memory
holds one customer's contacts at a time, whatever the size of the store.

Definitions (what the API and dashboard show):

- **peak**: the tagged contact with the strongest emotion: the largest ``|valence|`` (the tagger's valence is the
  emotion's prior scaled by intensity, so it carries both), then the higher intensity, then the more negative
  valence (a negative and a positive moment of equal strength: the negative one is remembered), then the earlier.
- **end**: the last tagged contact of the journey.
- **peak-end score**: ``(valence(peak) + valence(end)) / 2``, in -1..1. Intensity is not multiplied in again:
  the stored valence already scales with it (``models.tagger.valence_of``: intensity 1 keeps half the prior,
  5 all of it). A journey with no tagged contact has no peak, end or score (``None``).
- flag **negative_peak_unresolved_end**: the peak's emotion is negative and the end's is not positive.
- flag **repeat_contact** (customer effort): two contacts at most ``repeat_window`` apart about the same issue:
  the same touchpoint, the same cause category (not ``other``), the same reference number (order, case,
  customer number of 5+ digits) in their texts, or texts whose content words overlap (Jaccard on 5-letter
  stems >= ``similarity_threshold``). ``repeats`` lists each such pair with the first rule that matched.
- flag **cross_channel**: the journey uses more than one channel.

Contacts without a timestamp or a customer cannot be placed in a journey and are left out, as are
out-of-office auto-replies. Timestamps without a zone are read as UTC (SQLite returns them so).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_
from sqlmodel import Session, col, select

from pipelines.ingest.dates import as_utc
from pipelines.store.tables import Contact, Customer, Tag, Turn

NEGATIVE, POSITIVE = "negative", "positive"
NO_ISSUE_CAUSES = frozenset({"other"})  # "other" says nothing about the issue being the same


@dataclass(frozen=True)
class JourneyConfig:
    gap: timedelta = timedelta(days=14)  # a longer silence starts a new journey
    repeat_window: timedelta = timedelta(days=7)  # "repeat contact": same issue again within this time
    similarity_threshold: float | None = 0.3  # content-word overlap that counts as the same issue; None: rule off
    with_text: bool = True  # read the customer turns' text (for the similarity and reference rules)

    def __post_init__(self) -> None:
        if self.gap <= timedelta(0) or self.repeat_window < timedelta(0):
            raise ValueError("gap must be positive and repeat_window not negative")


@dataclass(frozen=True)
class ContactTag:
    """The contact-level tag (``Tag.turn_id`` null) as a journey needs it."""

    emotion: str
    valence: float
    valence_label: str
    intensity: int
    phase: str
    stdc: str
    cause: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "emotion": self.emotion, "valence": self.valence, "valence_label": self.valence_label,
            "intensity": self.intensity, "phase": self.phase, "stdc": self.stdc, "cause": self.cause,
        }


@dataclass
class JourneyContact:
    id: int
    channel: str
    touchpoint: str | None
    timestamp: datetime
    tag: ContactTag | None = None
    text: str = ""  # the customer's (redacted) words; used for the repeat rules, not returned by as_dict

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "channel": self.channel, "touchpoint": self.touchpoint,
            "timestamp": self.timestamp.isoformat(), "tag": self.tag.as_dict() if self.tag else None,
        }


@dataclass(frozen=True)
class Moment:
    """A remembered moment of the journey: the peak or the end."""

    contact_id: int
    timestamp: datetime
    channel: str
    emotion: str
    valence: float
    valence_label: str
    intensity: int

    @classmethod
    def of(cls, c: JourneyContact) -> Moment:
        assert c.tag is not None
        return cls(c.id, c.timestamp, c.channel, c.tag.emotion, c.tag.valence, c.tag.valence_label, c.tag.intensity)

    def as_dict(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id, "timestamp": self.timestamp.isoformat(), "channel": self.channel,
            "emotion": self.emotion, "valence": self.valence, "valence_label": self.valence_label,
            "intensity": self.intensity,
        }


@dataclass(frozen=True)
class RepeatContact:
    first_id: int
    second_id: int
    reason: str  # touchpoint | cause | reference | text
    hours: float

    def as_dict(self) -> dict[str, Any]:
        return {"first_id": self.first_id, "second_id": self.second_id, "reason": self.reason, "hours": self.hours}


@dataclass(frozen=True)
class JourneyFlags:
    negative_peak_unresolved_end: bool = False
    repeat_contact: bool = False
    cross_channel: bool = False

    def as_dict(self) -> dict[str, bool]:
        return {
            "negative_peak_unresolved_end": self.negative_peak_unresolved_end,
            "repeat_contact": self.repeat_contact, "cross_channel": self.cross_channel,
        }


FLAG_NAMES: tuple[str, ...] = tuple(JourneyFlags().as_dict())


@dataclass
class Journey:
    customer_id: int
    customer: str  # the pseudonym: what the API shows and is queried by
    index: int  # 0 = the customer's first journey
    contacts: list[JourneyContact]
    phases: list[str]
    peak: Moment | None
    end: Moment | None
    peak_end_score: float | None
    flags: JourneyFlags
    repeats: list[RepeatContact] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable while no earlier contact of the customer is added: customer id and first contact id."""
        return f"{self.customer_id}-{self.contacts[0].id}"

    @property
    def start(self) -> datetime:
        return self.contacts[0].timestamp

    @property
    def finish(self) -> datetime:
        return self.contacts[-1].timestamp

    @property
    def channels(self) -> list[str]:
        return list(dict.fromkeys(c.channel for c in self.contacts))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "customer": self.customer, "customer_id": self.customer_id, "index": self.index,
            "start": self.start.isoformat(), "end_time": self.finish.isoformat(),
            "channels": self.channels, "contacts": [c.as_dict() for c in self.contacts], "phases": self.phases,
            "peak": self.peak.as_dict() if self.peak else None, "end": self.end.as_dict() if self.end else None,
            "peak_end_score": self.peak_end_score, "flags": self.flags.as_dict(),
            "repeats": [r.as_dict() for r in self.repeats],
        }


# ---- pure logic ----------------------------------------------------------------------------------------------


def split_journeys(contacts: Sequence[JourneyContact], gap: timedelta) -> list[list[JourneyContact]]:
    """Contacts in time order, cut wherever two consecutive ones are more than ``gap`` apart."""
    out: list[list[JourneyContact]] = []
    for c in contacts:
        if out and c.timestamp - out[-1][-1].timestamp <= gap:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _strength(c: JourneyContact) -> tuple[float, int, float]:
    assert c.tag is not None
    return abs(c.tag.valence), c.tag.intensity, -c.tag.valence


def peak_of(contacts: Sequence[JourneyContact]) -> JourneyContact | None:
    best: JourneyContact | None = None
    for c in contacts:
        if c.tag is not None and (best is None or _strength(c) > _strength(best)):  # strict: the earlier wins ties
            best = c
    return best


def end_of(contacts: Sequence[JourneyContact]) -> JourneyContact | None:
    return next((c for c in reversed(contacts) if c.tag is not None), None)


def peak_end_score(peak: ContactTag, end: ContactTag) -> float:
    return round(max(-1.0, min(1.0, (peak.valence + end.valence) / 2)), 4)


def phases_passed(contacts: Sequence[JourneyContact]) -> list[str]:
    """Phases in the order first reached, each once; ``unknown`` is no phase."""
    return list(dict.fromkeys(c.tag.phase for c in contacts if c.tag is not None and c.tag.phase != "unknown"))


_WORD = re.compile(r"\w+", re.UNICODE)
_REFERENCE = re.compile(r"\b[A-Za-z]{0,4}[-#]?\d{5,}\b")
# Frequent Dutch function and service words that say nothing about which issue it is.
_STOP_WORDS = """
aan achter af al alle alleen als alsjeblieft alstublieft andere ben bent bij dag dan dank dat de deze die dit
doe doen door dus echt een eens en er ga gaan geen gewoon graag had heb hebben heeft hem het hier hij hoe hun
iemand iets ik in is ja je jij jullie kan keer klant kun kunnen maar me meer met mij mijn moet moeten mocht
morgen na naar niet niets nog nu of om omdat ons onze ook op over te tot u uit uw van vandaag veel voor waar
wanneer want was wat we weer wel werd wij wil wilde worden wordt zal ze zelf zich zijn zo zou zoals zonder
goedemorgen goedemiddag goedenavond hallo hoi groet groeten vriendelijke bedankt alvast beste geachte heer mevrouw
naam email telefoon adres postcode iban vraag vragen vraagje probleem hulp helpen even bericht mail mailtje
contact klantenservice kunt zouden hebt
"""
_STOP = frozenset(_STOP_WORDS.split())


def _stems(text: str) -> frozenset[str]:
    """Content words cut to 5 letters: a cheap stemmer that joins "bezorgd"/"bezorging", "pakket"/"pakketje"."""
    return frozenset(w[:5] for w in map(str.lower, _WORD.findall(text)) if len(w) >= 4 and w not in _STOP
                     and not w.isdigit())


def _references(text: str) -> frozenset[str]:
    return frozenset(re.sub(r"\D", "", m) for m in _REFERENCE.findall(text))


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of the content-word stems of two texts (0..1)."""
    sa, sb = _stems(a), _stems(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def find_repeats(contacts: Sequence[JourneyContact], cfg: JourneyConfig) -> list[RepeatContact]:
    """Pairs of contacts at most ``repeat_window`` apart about the same issue (see the module docstring)."""
    out: list[RepeatContact] = []
    stems: dict[int, frozenset[str]] = {}
    refs: dict[int, frozenset[str]] = {}
    for j, later in enumerate(contacts):
        for earlier in reversed(contacts[:j]):
            dt = later.timestamp - earlier.timestamp
            if dt > cfg.repeat_window:
                break
            reason = _same_issue(earlier, later, cfg, stems, refs)
            if reason:
                out.append(RepeatContact(earlier.id, later.id, reason, round(dt.total_seconds() / 3600, 2)))
    return out


def _same_issue(a: JourneyContact, b: JourneyContact, cfg: JourneyConfig, stems: dict[int, frozenset[str]],
                refs: dict[int, frozenset[str]]) -> str | None:
    if a.touchpoint and a.touchpoint == b.touchpoint:
        return "touchpoint"
    ca, cb = (a.tag.cause if a.tag else None), (b.tag.cause if b.tag else None)
    if ca and ca == cb and ca not in NO_ISSUE_CAUSES:
        return "cause"
    if not (a.text and b.text):
        return None
    for c in (a, b):
        if c.id not in refs:
            refs[c.id], stems[c.id] = _references(c.text), _stems(c.text)
    if refs[a.id] & refs[b.id]:
        return "reference"
    if cfg.similarity_threshold is not None:
        sa, sb = stems[a.id], stems[b.id]
        if sa and sb and len(sa & sb) / len(sa | sb) >= cfg.similarity_threshold:
            return "text"
    return None


def build_journey(customer_id: int, customer: str, index: int, contacts: list[JourneyContact],
                  cfg: JourneyConfig) -> Journey:
    peak, end = peak_of(contacts), end_of(contacts)
    score = peak_end_score(peak.tag, end.tag) if peak and end and peak.tag and end.tag else None
    repeats = find_repeats(contacts, cfg)
    flags = JourneyFlags(
        negative_peak_unresolved_end=bool(
            peak and peak.tag and end and end.tag
            and peak.tag.valence_label == NEGATIVE and end.tag.valence_label != POSITIVE
        ),
        repeat_contact=bool(repeats),
        cross_channel=len({c.channel for c in contacts}) > 1,
    )
    return Journey(customer_id, customer, index, contacts, phases_passed(contacts),
                   Moment.of(peak) if peak else None, Moment.of(end) if end else None, score, flags, repeats)


def journeys_of_customer(customer_id: int, customer: str, contacts: Iterable[JourneyContact],
                         cfg: JourneyConfig = JourneyConfig()) -> list[Journey]:
    """All journeys of one customer (contacts in any order; sorted by time, then id)."""
    ordered = sorted(contacts, key=lambda c: (c.timestamp, c.id))
    return [build_journey(customer_id, customer, i, part, cfg)
            for i, part in enumerate(split_journeys(ordered, cfg.gap))]


# ---- filters and pages (what the API offers) ----------------------------------------------------------------


@dataclass(frozen=True)
class JourneyFilter:
    """Journeys to keep; every field that is set must hold."""

    since: datetime | None = None  # the journey ends at or after this moment
    until: datetime | None = None  # the journey starts before this moment
    channel: str | None = None  # one of its contacts used this channel
    touchpoint: str | None = None  # one of its contacts is about this touchpoint
    flag: str | None = None  # this flag is set (one of FLAG_NAMES)
    peak_emotion: str | None = None
    min_contacts: int = 1

    def __post_init__(self) -> None:
        if self.flag is not None and self.flag not in FLAG_NAMES:
            raise ValueError(f"unknown flag {self.flag!r}; one of {list(FLAG_NAMES)}")

    def matches(self, j: Journey) -> bool:
        return (
            len(j.contacts) >= self.min_contacts
            and (self.since is None or j.finish >= as_utc(self.since))
            and (self.until is None or j.start < as_utc(self.until))
            and (self.channel is None or any(c.channel == self.channel for c in j.contacts))
            and (self.touchpoint is None or any(c.touchpoint == self.touchpoint for c in j.contacts))
            and (self.flag is None or j.flags.as_dict()[self.flag])
            and (self.peak_emotion is None or (j.peak is not None and j.peak.emotion == self.peak_emotion))
        )


@dataclass
class JourneyPage:
    items: list[Journey]
    next_cursor: str | None  # pass back as ``after`` for the next page; None: this was the last page

    def as_dict(self) -> dict[str, Any]:
        return {"items": [j.as_dict() for j in self.items], "next_cursor": self.next_cursor}


def _cursor(j: Journey) -> str:
    return f"{j.customer_id}.{j.index}"


def _parse_cursor(after: str | None) -> tuple[int, int]:
    if not after:
        return (0, -1)
    try:
        cust, idx = after.split(".")
        return int(cust), int(idx)
    except ValueError as exc:
        raise ValueError(f"invalid cursor {after!r}") from exc


# ---- the store ------------------------------------------------------------------------------------------------


def _contact_rows(session: Session, cfg: JourneyConfig, *, customer: str | None, after_customer_id: int,
                  model_version: str | None, yield_per: int) -> Iterator[Any]:
    tag_on = [col(Tag.contact_id) == Contact.id, col(Tag.turn_id).is_(None)]
    if model_version is not None:
        tag_on.append(col(Tag.model_version) == model_version)
    cols: list[Any] = [
        Contact.customer_id, Customer.pseudonym, Contact.id, Contact.channel, Contact.touchpoint, Contact.timestamp,
        Tag.id, Tag.emotion, Tag.valence, Tag.valence_label, Tag.intensity, Tag.phase,
        Tag.stdc, Tag.cause,
    ]
    order: list[Any] = [col(Contact.customer_id), col(Contact.timestamp), col(Contact.id), col(Tag.id).desc()]
    q = (
        select(*cols)
        .join(Customer, col(Customer.id) == Contact.customer_id)
        .outerjoin(Tag, and_(*tag_on))
        .where(col(Contact.timestamp).is_not(None), col(Contact.is_auto_reply).is_(False))
        .where(col(Contact.customer_id) > after_customer_id)
    )
    if cfg.with_text:
        q = q.add_columns(Turn.position, Turn.text).outerjoin(
            Turn, and_(col(Turn.contact_id) == Contact.id, col(Turn.speaker) == "customer"))
        order.append(col(Turn.position))
    if customer is not None:
        q = q.where(col(Customer.pseudonym) == customer)
    # Core rows (plain tuples, no ORM bookkeeping), fetched in chunks: a server-side cursor on PostgreSQL
    return iter(session.connection().execute(q.order_by(*order).execution_options(yield_per=yield_per)))


def _customers(rows: Iterator[Any]) -> Iterator[tuple[int, str, list[JourneyContact]]]:
    """Rows ordered by customer, time, contact (one per tag version x customer turn) -> contacts per customer."""
    for (cust_id, pseudonym), group in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
        contacts: list[JourneyContact] = []
        seen_turns: set[int] = set()
        texts: list[str] = []
        for r in group:
            (_, _, cid, channel, touchpoint, ts, tag_id, emotion, valence, vlabel, intensity, phase, stdc, cause,
             *turn) = r
            if not contacts or contacts[-1].id != cid:
                if contacts:
                    contacts[-1].text = "\n".join(texts)
                seen_turns, texts = set(), []
                tag = None if tag_id is None else ContactTag(
                    emotion, float(valence), vlabel, int(intensity), phase, stdc, cause)
                contacts.append(JourneyContact(cid, channel, touchpoint, as_utc(ts), tag))
            if turn and turn[0] is not None and turn[0] not in seen_turns:  # the newest tag's rows carry all turns
                seen_turns.add(turn[0])
                texts.append(turn[1])
        if contacts:
            contacts[-1].text = "\n".join(texts)
        yield cust_id, pseudonym, contacts


def iter_journeys(session: Session, cfg: JourneyConfig = JourneyConfig(), *, customer: str | None = None,
                  after_customer_id: int = 0, model_version: str | None = None,
                  yield_per: int = 5000) -> Iterator[Journey]:
    """Every journey in the store, by customer id then time: one streamed query, one customer in memory at a time.

    ``customer``: only this pseudonym. ``model_version``: tags of this model only (default: the newest tag of each
    contact). ``after_customer_id``: start after this customer (keyset paging).
    """
    rows = _contact_rows(session, cfg, customer=customer, after_customer_id=after_customer_id,
                         model_version=model_version, yield_per=yield_per)
    for cust_id, pseudonym, contacts in _customers(rows):
        yield from journeys_of_customer(cust_id, pseudonym, contacts, cfg)


def journeys_for_customer(session: Session, customer: str, cfg: JourneyConfig = JourneyConfig(),
                          model_version: str | None = None) -> list[Journey]:
    """The journeys of one customer (by pseudonym), oldest first; empty when the customer is unknown."""
    return list(iter_journeys(session, cfg, customer=customer, model_version=model_version))


def list_journeys(session: Session, cfg: JourneyConfig = JourneyConfig(), filt: JourneyFilter = JourneyFilter(),
                  *, limit: int = 50, after: str | None = None, model_version: str | None = None) -> JourneyPage:
    """A page of journeys matching ``filt``, ordered by customer id and journey index; ``after`` is the previous
    page's ``next_cursor``. Reads only as far into the store as the page needs."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    cust, idx = _parse_cursor(after)
    items: list[Journey] = []
    for j in iter_journeys(session, cfg, after_customer_id=max(0, cust - 1), model_version=model_version):
        if (j.customer_id, j.index) <= (cust, idx) or not filt.matches(j):
            continue
        if len(items) == limit:
            return JourneyPage(items, _cursor(items[-1]))
        items.append(j)
    return JourneyPage(items, None)
