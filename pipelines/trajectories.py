"""Emotion trajectories inside one conversation (a chat or a call): the customer's emotion turn by turn, the
shifts in it, and the agent moves that came before each shift.

    traj = trajectory_for_contact(session, contact_id)
    traj.points     # customer turns: position, emotion, valence, intensity
    traj.shifts     # consecutive customer turns whose valence changes by >= threshold, with the agent moves between
    move_effects(iter_trajectories(session))   # per move: how often it preceded a positive / negative shift

A **transition** is a pair of consecutive *tagged* customer turns (untagged ones, e.g. another language, are
skipped); its agent moves are those of the agent turns between the two (``models.agent_moves``; ``other`` is not
a move). A transition is a **shift** when ``|valence(after) - valence(before)| >= threshold`` (default 0.3: e.g.
annoyance at intensity 3, -0.45, to neutral, 0.0); positive when valence rises. The aggregate counts, per move,
the transitions it came before: how many were positive shifts, negative shifts or stable. Transitions with no
agent move between (``none``) give the base rate to compare with. Counts, not causes: agents apologise where
things went wrong, so a move's rates say where it is used as much as what it does.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_
from sqlmodel import Session, col, select

from models.agent_moves import MOVES, OTHER, classify
from pipelines.store.tables import Contact, Tag, Turn

DEFAULT_THRESHOLD = 0.3
NO_MOVE = "none"
CONVERSATION_CHANNELS = ("chat", "phone")
Classify = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class TurnInput:
    """One turn as the trajectory needs it; the tag fields are set for tagged customer turns only."""

    position: int
    speaker: str
    text: str
    turn_id: int | None = None
    emotion: str | None = None
    valence: float | None = None
    intensity: int | None = None


@dataclass(frozen=True)
class EmotionPoint:
    position: int
    turn_id: int | None
    emotion: str
    valence: float
    intensity: int

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "turn_id": self.turn_id, "emotion": self.emotion,
                "valence": self.valence, "intensity": self.intensity}


@dataclass(frozen=True)
class AgentTurn:
    position: int
    moves: tuple[str, ...]  # ("other",) when the turn makes none of the moves

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "moves": list(self.moves)}


@dataclass(frozen=True)
class Transition:
    """From one tagged customer turn to the next, with the agent moves in between."""

    from_position: int
    to_position: int
    delta: float  # valence after - valence before
    moves: tuple[str, ...]  # distinct moves of the agent turns between, in MOVES order
    direction: str  # positive | negative | stable

    @property
    def is_shift(self) -> bool:
        return self.direction != "stable"

    def as_dict(self) -> dict[str, Any]:
        return {"from_position": self.from_position, "to_position": self.to_position, "delta": self.delta,
                "direction": self.direction, "moves": list(self.moves)}


@dataclass
class Trajectory:
    contact_id: int
    channel: str
    points: list[EmotionPoint]
    agent_turns: list[AgentTurn]
    transitions: list[Transition]
    threshold: float = DEFAULT_THRESHOLD

    @property
    def shifts(self) -> list[Transition]:
        return [t for t in self.transitions if t.is_shift]

    def as_dict(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id, "channel": self.channel, "threshold": self.threshold,
            "points": [p.as_dict() for p in self.points], "agent_turns": [a.as_dict() for a in self.agent_turns],
            "shifts": [s.as_dict() for s in self.shifts],
        }


def build_trajectory(contact_id: int, channel: str, turns: Iterable[TurnInput],
                     threshold: float = DEFAULT_THRESHOLD, classify_moves: Classify = classify) -> Trajectory:
    """The trajectory of one conversation from its turns (any order; sorted by position)."""
    if threshold <= 0:
        raise ValueError("threshold must be positive")
    ordered = sorted(turns, key=lambda t: t.position)
    points: list[EmotionPoint] = []
    agents: list[AgentTurn] = []
    transitions: list[Transition] = []
    between: list[AgentTurn] = []
    for t in ordered:
        if t.speaker == "agent":
            a = AgentTurn(t.position, tuple(classify_moves(t.text)))
            agents.append(a)
            between.append(a)
        elif t.speaker == "customer" and t.emotion is not None and t.valence is not None:
            p = EmotionPoint(t.position, t.turn_id, t.emotion, float(t.valence), int(t.intensity or 1))
            if points:
                transitions.append(_transition(points[-1], p, between, threshold))
            points.append(p)
            between = []
    return Trajectory(contact_id, channel, points, agents, transitions, threshold)


def _transition(a: EmotionPoint, b: EmotionPoint, between: Sequence[AgentTurn], threshold: float) -> Transition:
    delta = round(b.valence - a.valence, 4)
    direction = "positive" if delta >= threshold else "negative" if delta <= -threshold else "stable"
    seen = {m for turn in between for m in turn.moves if m != OTHER}
    return Transition(a.position, b.position, delta, tuple(m for m in MOVES if m in seen), direction)


# ---- the aggregate ----------------------------------------------------------------------------------------------


@dataclass
class MoveEffect:
    move: str  # one of MOVES, or "none" for transitions without any agent move between
    transitions: int = 0
    positive: int = 0
    negative: int = 0

    @property
    def stable(self) -> int:
        return self.transitions - self.positive - self.negative

    @property
    def positive_rate(self) -> float:
        return round(self.positive / self.transitions, 4) if self.transitions else 0.0

    @property
    def negative_rate(self) -> float:
        return round(self.negative / self.transitions, 4) if self.transitions else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"move": self.move, "transitions": self.transitions, "positive": self.positive,
                "negative": self.negative, "stable": self.stable, "positive_rate": self.positive_rate,
                "negative_rate": self.negative_rate}


@dataclass
class MoveEffects:
    by_move: dict[str, MoveEffect] = field(default_factory=lambda: {m: MoveEffect(m) for m in (*MOVES, NO_MOVE)})
    conversations: int = 0

    def add(self, traj: Trajectory) -> None:
        self.conversations += 1
        for t in traj.transitions:
            for m in t.moves or (NO_MOVE,):
                e = self.by_move[m]
                e.transitions += 1
                e.positive += t.direction == "positive"
                e.negative += t.direction == "negative"

    def as_dict(self) -> dict[str, Any]:
        return {"conversations": self.conversations, "moves": [e.as_dict() for e in self.by_move.values()]}


def move_effects(trajectories: Iterable[Trajectory]) -> MoveEffects:
    """Per agent move: the transitions it came before, and how many were positive / negative shifts."""
    out = MoveEffects()
    for t in trajectories:
        out.add(t)
    return out


# ---- the store ----------------------------------------------------------------------------------------------------


def iter_trajectories(
    session: Session,
    contact_ids: Sequence[int] | None = None,
    *,
    channels: Sequence[str] | None = CONVERSATION_CHANNELS,
    model_version: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    classify_moves: Classify = classify,
    yield_per: int = 5000,
) -> Iterator[Trajectory]:
    """Trajectories of conversations in the store, by contact id: one streamed query over their turns.

    ``contact_ids``: only these contacts; ``channels``: only contacts of these channels (None: any).
    ``model_version``: per-turn tags of this model only (default: the newest tag of each turn).
    """
    tag_on = [col(Tag.turn_id) == Turn.id]
    if model_version is not None:
        tag_on.append(col(Tag.model_version) == model_version)
    cols: list[Any] = [Turn.contact_id, Contact.channel, Turn.id, Turn.position, Turn.speaker, Turn.text,
                       Tag.id, Tag.emotion, Tag.valence, Tag.intensity]
    q = (
        select(*cols)
        .join(Contact, col(Contact.id) == Turn.contact_id)
        .outerjoin(Tag, and_(*tag_on))
        .where(col(Contact.is_auto_reply).is_(False))
        .order_by(col(Turn.contact_id), col(Turn.position), col(Tag.id).desc())
    )
    if contact_ids is not None:
        q = q.where(col(Turn.contact_id).in_(list(contact_ids)))
    if channels is not None:
        q = q.where(col(Contact.channel).in_(list(channels)))
    rows = session.connection().execute(q.execution_options(yield_per=yield_per))
    for (contact_id, channel), group in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
        turns: dict[int, TurnInput] = {}
        for _, _, turn_id, position, speaker, text, tag_id, emotion, valence, intensity in group:
            if position in turns:  # an older tag of the same turn
                continue
            has_tag = tag_id is not None
            turns[position] = TurnInput(position, speaker, text, turn_id, emotion if has_tag else None,
                                        valence if has_tag else None, intensity if has_tag else None)
        yield build_trajectory(contact_id, channel, turns.values(), threshold, classify_moves)


def trajectory_for_contact(session: Session, contact_id: int, *, model_version: str | None = None,
                           threshold: float = DEFAULT_THRESHOLD) -> Trajectory | None:
    """The trajectory of one contact (any channel); None when it has no turns."""
    return next(iter_trajectories(session, [contact_id], channels=None, model_version=model_version,
                                  threshold=threshold), None)
