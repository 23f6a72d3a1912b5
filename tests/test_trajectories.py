"""Trajectories: the customer's emotion turn by turn inside a conversation, shifts, the agent moves before them,
and the per-move aggregate; on factory data in SQLite and PostgreSQL, and once through the real tagger."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from models.tagger import valence_of
from pipelines.batch import Pipeline, ingest_items
from pipelines.ingest.records import TurnDraft
from pipelines.langid import detect_language
from pipelines.redact import redact
from pipelines.store.tables import Tag, Turn
from pipelines.trajectories import (
    TurnInput,
    build_trajectory,
    iter_trajectories,
    move_effects,
    trajectory_for_contact,
)
from tests.factories import add_contact, add_conversation, make_draft

T0 = datetime(2026, 5, 4, 10, tzinfo=UTC)


def cust(pos: int, emotion: str, intensity: int = 3, text: str = "...") -> TurnInput:
    intensity = 1 if emotion == "neutral" else intensity
    return TurnInput(pos, "customer", text, pos + 100, emotion, valence_of(emotion, intensity)[0], intensity)


def agent(pos: int, text: str) -> TurnInput:
    return TurnInput(pos, "agent", text)


ANGRY_TO_GRATEFUL = [
    cust(0, "anger", 4), agent(1, "Goedemiddag, u spreekt met Sanne."),
    agent(2, "Wat vervelend, excuses daarvoor! Mag ik uw bestelnummer?"),
    cust(3, "annoyance", 3), agent(4, "Dat komt doordat de vervoerder een storing had. Ik bel u morgen terug."),
    cust(5, "gratitude", 4), cust(6, "gratitude", 4), agent(7, "Graag gedaan!"),
    TurnInput(8, "customer", "Thanks!"),  # untagged (another language): no point
    cust(9, "disappointment", 4),
]


def test_points_shifts_and_the_moves_before_them():
    t = build_trajectory(1, "chat", reversed(ANGRY_TO_GRATEFUL), threshold=0.3)  # any order in
    assert [p.position for p in t.points] == [0, 3, 5, 6, 9]
    assert [p.emotion for p in t.points] == ["anger", "annoyance", "gratitude", "gratitude", "disappointment"]
    assert [a.moves for a in t.agent_turns] == [("other",), ("apology", "empathy", "information_request"),
                                                ("explanation", "offline_help"), ("other",)]
    trans = {(x.from_position, x.to_position): x for x in t.transitions}
    # anger 4 (-0.7875) -> annoyance 3 (-0.45): +0.3375, a positive shift after apology, empathy and the question
    assert trans[(0, 3)].direction == "positive" and trans[(0, 3)].moves == ("apology", "empathy",
                                                                              "information_request")
    assert trans[(3, 5)].direction == "positive" and trans[(3, 5)].moves == ("explanation", "offline_help")
    assert trans[(5, 6)].direction == "stable" and trans[(5, 6)].moves == ()
    assert trans[(6, 9)].direction == "negative" and trans[(6, 9)].moves == ()  # "Graag gedaan!" is no move
    assert [(s.from_position, s.to_position) for s in t.shifts] == [(0, 3), (3, 5), (6, 9)]
    strict = build_trajectory(1, "chat", ANGRY_TO_GRATEFUL, threshold=0.5)
    assert [(s.from_position, s.to_position) for s in strict.shifts] == [(3, 5), (6, 9)]
    d = t.as_dict()
    assert d["points"][0] == {"position": 0, "turn_id": 100, "emotion": "anger", "valence": -0.7875, "intensity": 4}
    assert d["shifts"][0]["moves"] == ["apology", "empathy", "information_request"]
    with pytest.raises(ValueError):
        build_trajectory(1, "chat", ANGRY_TO_GRATEFUL, threshold=0)


def test_move_effects_count_what_each_move_came_before():
    t1 = build_trajectory(1, "chat", ANGRY_TO_GRATEFUL)
    t2 = build_trajectory(2, "phone", [cust(0, "nervousness", 3), agent(1, "Sorry, dat weet ik niet."),
                                       cust(2, "anger", 5)])
    eff = move_effects([t1, t2])
    by = eff.by_move
    assert eff.conversations == 2
    assert (by["apology"].transitions, by["apology"].positive, by["apology"].negative) == (2, 1, 1)
    assert (by["explanation"].positive, by["offline_help"].positive) == (1, 1)
    assert (by["none"].transitions, by["none"].positive, by["none"].negative, by["none"].stable) == (2, 0, 1, 1)
    assert by["apology"].positive_rate == 0.5 and by["empathy"].as_dict()["positive"] == 1


def test_trajectories_from_the_store(engine):
    with Session(engine) as s:
        chat = add_conversation(s, "eva", T0, [
            ("customer", "Dit is nu al de derde keer dat het misgaat!", "anger", 4),
            ("agent", "Het spijt me echt. Kunt u mij uw klantnummer geven?"),
            ("customer", "KK-123456", "neutral", 1),
            ("agent", "Ik stuur morgen een monteur langs."),
            ("customer", "Oh, top, dank u wel!", "gratitude", 4),
        ])
        call = add_conversation(s, "eva", T0, [("agent", "Goedemorgen."), ("customer", "Hallo", "neutral", 1)],
                                channel="phone")
        mail = add_contact(s, "eva", T0, "email", emotion="anger", intensity=4)
        # a newer model's tag on the first turn of the chat: the newest wins unless a version is asked for
        first_turn = s.exec(Turn.__table__.select().where(Turn.contact_id == chat, Turn.position == 0)).first()
        v, label = valence_of("annoyance", 2)
        s.add(Tag(contact_id=chat, turn_id=first_turn.id, emotion="annoyance", valence=v, valence_label=label,
                  intensity=2, phase="usage", stdc="care", confidence=0.5, model_version="kg-tagger-newer"))
        s.commit()
        all_convs = list(iter_trajectories(s))
        t = trajectory_for_contact(s, chat)
        old = trajectory_for_contact(s, chat, model_version="kg-tagger-test")
        email_traj = trajectory_for_contact(s, mail)
        effects = move_effects(iter_trajectories(s, model_version="kg-tagger-test"))
    assert [x.contact_id for x in all_convs] == [chat, call]  # e-mail is no conversation by default
    assert t is not None and old is not None and email_traj is not None
    assert [p.emotion for p in old.points] == ["anger", "neutral", "gratitude"]
    assert [p.emotion for p in t.points] == ["annoyance", "neutral", "gratitude"]
    assert [(s.direction, s.moves) for s in old.shifts] == [("positive", ("apology", "information_request")),
                                                            ("positive", ("offline_help",))]
    assert email_traj.points == [] and email_traj.shifts == []  # it has a contact-level tag only
    assert effects.by_move["offline_help"].positive == 1 and effects.conversations == 2


@pytest.mark.slow
def test_a_conversation_tagged_by_the_real_tagger(engine, tagger):
    """End to end: a chat through the batch path (redaction, real tagger), then its trajectory."""
    draft = make_draft(channel="chat", turns=[
        TurnDraft("customer", "Dit is echt belachelijk! Al drie weken wacht ik op mijn pakket en niemand helpt me!"),
        TurnDraft("agent", "Wat vervelend, mijn excuses daarvoor. Mag ik uw bestelnummer?"),
        TurnDraft("customer", "KK-104518"),
        TurnDraft("agent", "Het pakket lag vast bij de vervoerder door een fout in het adres. Ik stuur het vandaag "
                           "opnieuw, u heeft het morgen."),
        TurnDraft("customer", "Oh wat fijn, heel erg bedankt voor de snelle hulp!"),
    ])
    pipe = Pipeline(pseudonym_key=b"k", redact=redact, detect_language=detect_language, tagger=tagger)
    ingest_items(engine, [draft], pipe)
    with Session(engine) as s:
        (t,) = list(iter_trajectories(s))
    assert [p.position for p in t.points] == [0, 2, 4]
    assert t.points[0].valence < 0 < t.points[-1].valence
    assert t.agent_turns[0].moves == ("apology", "empathy", "information_request")
    assert "explanation" in t.agent_turns[1].moves
    assert any(s.direction == "positive" for s in t.shifts)
