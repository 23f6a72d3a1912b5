"""Journeys: stitching a customer's contacts across channels, the gap, peak, end, peak-end score and flags, on
factory data in SQLite and PostgreSQL (and the pure functions on plain values)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from models.tagger import valence_of
from pipelines.journeys import (
    ContactTag,
    JourneyConfig,
    JourneyContact,
    JourneyFilter,
    iter_journeys,
    journeys_for_customer,
    journeys_of_customer,
    list_journeys,
    peak_end_score,
    similarity,
)
from pipelines.store.tables import Tag
from tests.factories import add_contact, migrate_to

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def tag(emotion: str, intensity: int = 3, phase: str = "usage", cause: str | None = None) -> ContactTag:
    intensity = 1 if emotion == "neutral" else intensity
    v, label = valence_of(emotion, intensity)
    return ContactTag(emotion, v, label, intensity, phase, "care", cause)


def contact(i: int, when: datetime, emotion: str | None = "neutral", intensity: int = 3, channel: str = "email",
            touchpoint: str | None = None, text: str = "", cause: str | None = None,
            phase: str = "usage") -> JourneyContact:
    return JourneyContact(i, channel, touchpoint, when,
                          tag(emotion, intensity, phase, cause) if emotion else None, text)


# ---- pure logic ---------------------------------------------------------------------------------------------


def test_gap_cuts_journeys_and_contacts_are_put_in_time_order():
    cfg = JourneyConfig(gap=timedelta(days=14))
    cs = [contact(3, day(14)), contact(1, day(0)), contact(2, day(0)), contact(4, day(28) + timedelta(seconds=1))]
    js = journeys_of_customer(7, "p7", cs, cfg)
    assert [[c.id for c in j.contacts] for j in js] == [[1, 2, 3], [4]]  # exactly 14 days: still the same journey
    assert [j.index for j in js] == [0, 1] and js[0].id == "7-1"
    shorter = journeys_of_customer(7, "p7", cs, JourneyConfig(gap=timedelta(days=10)))
    assert [[c.id for c in j.contacts] for j in shorter] == [[1, 2], [3], [4]]


def test_peak_is_the_strongest_emotion_and_ties_go_to_the_negative_one():
    cs = [contact(1, day(0), "annoyance", 2), contact(2, day(1), "anger", 4), contact(3, day(2), "joy", 4),
          contact(4, day(3), "gratitude", 3)]
    j = journeys_of_customer(1, "p", cs)[0]
    # |valence|: anger 4 = 0.7875, joy 4 = 0.7875 -> the tie goes to the negative one
    assert j.peak is not None and j.peak.contact_id == 2 and j.peak.emotion == "anger"
    assert j.end is not None and j.end.contact_id == 4 and j.end.emotion == "gratitude"
    assert j.peak_end_score == round((valence_of("anger", 4)[0] + valence_of("gratitude", 3)[0]) / 2, 4)
    # among equals the earlier one is the peak
    same = journeys_of_customer(1, "p", [contact(5, day(0), "annoyance", 3), contact(6, day(1), "annoyance", 3)])[0]
    assert same.peak is not None and same.peak.contact_id == 5


def test_end_is_the_last_tagged_contact_and_untagged_journeys_have_no_score():
    j = journeys_of_customer(1, "p", [contact(1, day(0), "relief", 3), contact(2, day(1), None)])[0]
    assert j.end is not None and j.end.contact_id == 1 and j.peak_end_score == round(valence_of("relief", 3)[0], 4)
    untagged = journeys_of_customer(1, "p", [contact(3, day(0), None)])[0]
    assert (untagged.peak, untagged.end, untagged.peak_end_score) == (None, None, None)
    assert untagged.flags.negative_peak_unresolved_end is False


def test_peak_end_score_stays_within_minus_one_and_one():
    worst, best = tag("anger", 5), tag("joy", 5)
    assert peak_end_score(worst, worst) == -0.9 and peak_end_score(best, best) == 0.9
    assert -1 <= peak_end_score(worst, best) <= 1


def test_negative_peak_unresolved_end_flag():
    unresolved = journeys_of_customer(1, "p", [contact(1, day(0), "anger", 4), contact(2, day(2), "neutral")])[0]
    resolved = journeys_of_customer(1, "p", [contact(1, day(0), "anger", 4), contact(2, day(2), "gratitude", 3)])[0]
    positive_peak = journeys_of_customer(1, "p", [contact(1, day(0), "joy", 5), contact(2, day(2), "annoyance", 2)])[0]
    assert unresolved.flags.negative_peak_unresolved_end
    assert not resolved.flags.negative_peak_unresolved_end
    assert not positive_peak.flags.negative_peak_unresolved_end


def test_repeat_contact_rules_and_window():
    cfg = JourneyConfig(repeat_window=timedelta(days=7))

    def repeats(a: JourneyContact, b: JourneyContact) -> list[str]:
        return [r.reason for r in journeys_of_customer(1, "p", [a, b], cfg)[0].repeats]

    assert repeats(contact(1, day(0), touchpoint="delivery"), contact(2, day(3), touchpoint="delivery")) == \
        ["touchpoint"]
    assert repeats(contact(1, day(0), touchpoint="delivery"), contact(2, day(8), touchpoint="delivery")) == []
    assert repeats(contact(1, day(0), touchpoint="delivery"), contact(2, day(1), touchpoint="billing")) == []
    assert repeats(contact(1, day(0), cause="breakdowns"), contact(2, day(1), cause="breakdowns")) == ["cause"]
    assert repeats(contact(1, day(0), cause="other"), contact(2, day(1), cause="other")) == []
    assert repeats(contact(1, day(0), text="Bestelling KK-104518 is niet aangekomen"),
                   contact(2, day(2), text="Hoe zit het met order 104518?")) == ["reference"]
    assert repeats(contact(1, day(0), text="Mijn pakket is nog steeds niet bezorgd, de bezorger kwam niet."),
                   contact(2, day(2), text="Pakket nog altijd niet bezorgd! Waar blijft de bezorger?")) == ["text"]
    assert repeats(contact(1, day(0), text="Mijn pakket is nog steeds niet bezorgd."),
                   contact(2, day(2), text="Kan ik mijn wachtwoord van de app wijzigen?")) == []
    off = JourneyConfig(similarity_threshold=None)
    j = journeys_of_customer(1, "p", [contact(1, day(0), text="pakket niet bezorgd bezorger"),
                                      contact(2, day(1), text="pakket niet bezorgd bezorger")], off)[0]
    assert j.repeats == [] and not j.flags.repeat_contact


def test_similarity_reads_content_words_only():
    assert similarity("Ik heb een vraag over mijn factuur", "Ik heb een vraag over de app") < 0.3
    assert similarity("factuur klopt niet, dubbel betaald", "dubbel betaald op de factuur") > 0.5


def test_as_dict_has_what_the_api_returns():
    j = journeys_of_customer(3, "abc", [contact(1, day(0), "annoyance", 3, "chat", "delivery", phase="delivery"),
                                        contact(2, day(1), "relief", 3, "phone", phase="delivery")])[0]
    d = j.as_dict()
    assert d["customer"] == "abc" and d["channels"] == ["chat", "phone"] and d["phases"] == ["delivery"]
    assert d["contacts"][0] == {"id": 1, "channel": "chat", "touchpoint": "delivery", "timestamp": day(0).isoformat(),
                                "tag": tag("annoyance", 3, "delivery").as_dict()}
    assert d["peak"]["contact_id"] == 1 and d["end"]["contact_id"] == 2
    assert d["flags"] == {"negative_peak_unresolved_end": False, "repeat_contact": False, "cross_channel": True}


def test_config_rejects_a_gap_that_is_not_positive():
    with pytest.raises(ValueError):
        JourneyConfig(gap=timedelta(0))


# ---- the store (SQLite and PostgreSQL) -----------------------------------------------------------------------


def _seed(engine) -> dict[str, int]:
    """Three customers: anna (two journeys, cross-channel, repeat, negative peak and unresolved end in the first),
    ben (one resolved journey), cor (an undated contact and an auto-reply only, next to one dated contact)."""
    ids: dict[str, int] = {}
    with Session(engine) as s:
        # inserted out of time order on purpose
        ids["a3"] = add_contact(s, "anna", day(5), "chat", emotion="anger", intensity=4, phase="delivery",
                                touchpoint="delivery", text="Weer niks! Bestelling KK-200311 is er nog steeds niet.")
        ids["a1"] = add_contact(s, "anna", day(0), "webform", emotion="neutral", phase="purchase",
                                touchpoint="order", text="Wanneer wordt bestelling KK-200311 verzonden?")
        ids["a2"] = add_contact(s, "anna", day(2), "email", emotion="annoyance", intensity=3, phase="delivery",
                                touchpoint="delivery", text="Mijn pakket KK-200311 is niet bezorgd.")
        ids["a4"] = add_contact(s, "anna", day(6), "phone", emotion="disappointment", intensity=2,
                                phase="delivery", text="Dan maar afwachten.")
        ids["a5"] = add_contact(s, "anna", day(40), "review", emotion="joy", intensity=4, phase="ambassador",
                                text="Mooie pan, blij mee!")
        ids["b1"] = add_contact(s, "ben", day(1), "chat", emotion="nervousness", intensity=3, phase="delivery",
                                touchpoint="delivery", text="Is mijn pakje al onderweg?")
        ids["b2"] = add_contact(s, "ben", day(20), "chat", emotion="gratitude", intensity=4, phase="loyalty",
                                touchpoint="returns", text="Dank voor de snelle terugbetaling!")
        ids["c1"] = add_contact(s, "cor", day(3), "email", emotion="neutral", text="Wat kost de verzending?")
        add_contact(s, "cor", None, "email", emotion="anger", intensity=5)  # type: ignore[arg-type]
        add_contact(s, "cor", day(4), "email", emotion=None, auto_reply=True, text="Ik ben afwezig tot maandag.")
        s.commit()
    return ids


def test_journeys_from_the_store_are_stitched_flagged_and_scored(engine):
    ids = _seed(engine)
    with Session(engine) as s:
        js = list(iter_journeys(s, JourneyConfig(gap=timedelta(days=14))))
    by_customer: dict[str, list] = {}
    for j in js:
        by_customer.setdefault(j.customer, []).append(j)
    anna, ben, cor = by_customer["anna"], by_customer["ben"], by_customer["cor"]
    assert [[c.id for c in j.contacts] for j in anna] == [[ids["a1"], ids["a2"], ids["a3"], ids["a4"]], [ids["a5"]]]
    first = anna[0]
    assert first.channels == ["webform", "email", "chat", "phone"] and first.flags.cross_channel
    assert first.phases == ["purchase", "delivery"]
    assert first.peak is not None and first.peak.contact_id == ids["a3"] and first.peak.emotion == "anger"
    assert first.end is not None and first.end.contact_id == ids["a4"] and first.end.emotion == "disappointment"
    assert first.peak_end_score == round((valence_of("anger", 4)[0] + valence_of("disappointment", 2)[0]) / 2, 4)
    assert first.flags.negative_peak_unresolved_end and first.flags.repeat_contact
    reasons = {(r.first_id, r.second_id): r.reason for r in first.repeats}
    assert reasons[(ids["a1"], ids["a2"])] == "reference"  # the order number, across touchpoints
    assert reasons[(ids["a2"], ids["a3"])] == "touchpoint"
    assert not anna[1].flags.cross_channel and anna[1].peak_end_score == round(valence_of("joy", 4)[0], 4)
    # ben: 19 days between his chats -> two journeys, no repeat
    assert [len(j.contacts) for j in ben] == [1, 1] and not any(j.flags.repeat_contact for j in ben)
    # cor: the undated contact and the auto-reply are not part of any journey
    assert [[c.id for c in j.contacts] for j in cor] == [[ids["c1"]]]
    assert first.contacts[1].text == "Mijn pakket KK-200311 is niet bezorgd."


def test_a_customer_by_pseudonym_and_pages_with_filters(engine):
    ids = _seed(engine)
    with Session(engine) as s:
        anna = journeys_for_customer(s, "anna")
        assert [j.index for j in anna] == [0, 1] and journeys_for_customer(s, "nobody") == []
        p1 = list_journeys(s, limit=2)
        p2 = list_journeys(s, limit=2, after=p1.next_cursor)
        p3 = list_journeys(s, limit=2, after=p2.next_cursor)
        flagged = list_journeys(s, filt=JourneyFilter(flag="negative_peak_unresolved_end"))
        chats = list_journeys(s, filt=JourneyFilter(channel="chat", since=day(10)))
    seen = [j.id for p in (p1, p2, p3) for j in p.items]
    assert len(seen) == 5 == len(set(seen)) and p3.next_cursor is None and p1.next_cursor is not None
    # ben's first journey is one nervous contact: negative peak, and it is its own (negative) end
    assert [j.contacts[0].id for j in flagged.items] == [ids["a1"], ids["b1"]]
    assert [j.contacts[0].id for j in chats.items] == [ids["b2"]]
    with pytest.raises(ValueError):
        JourneyFilter(flag="nonsense")


def test_several_tag_versions_give_one_contact_with_the_chosen_tags(engine):
    with Session(engine) as s:
        cid = add_contact(s, "dora", day(0), "chat", emotion="annoyance", intensity=3,
                          turns=[("customer", "Hallo"), ("agent", "Hoi"), ("customer", "Mijn pakket?")])
        v, label = valence_of("joy", 3)
        s.add(Tag(contact_id=cid, emotion="joy", valence=v, valence_label=label, intensity=3, phase="usage",
                  stdc="care", confidence=0.5, model_version="kg-tagger-newer"))
        s.commit()
        newest = journeys_for_customer(s, "dora")
        chosen = journeys_for_customer(s, "dora", model_version="kg-tagger-test")
        no_text = journeys_for_customer(s, "dora", JourneyConfig(with_text=False))
    assert len(newest[0].contacts) == 1 and newest[0].contacts[0].tag.emotion == "joy"  # type: ignore[union-attr]
    assert chosen[0].contacts[0].tag.emotion == "annoyance"  # type: ignore[union-attr]
    assert newest[0].contacts[0].text == "Hallo\nMijn pakket?" and no_text[0].contacts[0].text == ""


def test_migration_0004_adds_the_cause_columns_and_downgrades(db_url):
    """0004 (cause columns) upgrades and downgrades cleanly on both databases (its columns are what journeys read)."""
    from alembic import command

    assert {"cause", "cause_phrases"} <= migrate_to(db_url, command.upgrade, "head")["tag_columns"]
    assert not {"cause", "cause_phrases"} & migrate_to(db_url, command.downgrade, "0001")["tag_columns"]
    assert {"cause", "cause_phrases"} <= migrate_to(db_url, command.upgrade, "head")["tag_columns"]


def test_cause_cells_count_contacts_and_top_phrases_per_cell(engine):
    from pipelines.cause_stats import cause_cells

    with Session(engine) as s:
        for phrases, tp, cause in [(["storing wijk"], "delivery", "breakdowns"),
                                   (["storing wijk", "modem"], "delivery", "breakdowns"),
                                   (["pakket laat"], "delivery", "delays_cancellations"),
                                   (["retourlabel"], "returns", "digital_design")]:
            cid = add_contact(s, "eva", day(0), touchpoint=tp, cause=cause, emotion="annoyance", intensity=3)
            s.exec(Tag.__table__.update().where(Tag.contact_id == cid).values(cause_phrases=phrases))
        add_contact(s, "eva", day(1), touchpoint="delivery", emotion="neutral")  # no cause: not counted
        s.commit()
        cells = cause_cells(s, "touchpoint", "cause")
        by_emotion = cause_cells(s, "emotion", "cause", channels=["chat"])
    assert cells[("delivery", "breakdowns")].n == 2
    assert cells[("delivery", "breakdowns")].top(1) == [("storing wijk", 2)]
    assert cells[("returns", "digital_design")].as_dict()["top_phrases"] == [{"phrase": "retourlabel", "n": 1}]
    assert sum(c.n for c in cells.values()) == 4 and by_emotion == {}
    with pytest.raises(ValueError):
        cause_cells(s, "nonsense", "cause")
