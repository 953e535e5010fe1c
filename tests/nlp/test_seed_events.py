"""Acceptance on the two seed articles: the events an analyst must get from them."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.model, pytest.mark.shared]

BOUNTIES = "000_26a99d6648b841d9.txt"
WAGNER = "004_948b423eb5a6ee78.txt"


def _events(record, kind, trigger_word=None, actor=None, recipient=None):
    """Events of ``kind`` whose trigger holds ``trigger_word`` and whose actor/recipient
    include the given countries."""
    found = []
    for event in record.events:
        if event.type != kind or (trigger_word and trigger_word not in event.trigger.text):
            continue
        if actor and actor not in {a.country for a in event.actor}:
            continue
        if recipient and recipient not in {a.country for a in event.recipient}:
            continue
        found.append(event)
    return found


def _statement(record, statement_id):
    return next(s for s in record.statements if s.id == statement_id)


def test_state_department_threatens_russia_on_officials_word(seed_records):
    record = seed_records[BOUNTIES]
    events = _events(record, "THREATEN", "warnings", actor="USA", recipient="RUS")
    assert events, "State Department THREATEN Russia not found"
    first = events[0]
    assert first.modality == "asserted"
    assert first.cameo.startswith("13")
    assert {a.sector for a in first.actor} == {"GOV"}
    speakers = {_statement(record, sid).speaker.kind for sid in first.attributed_to}
    assert "anonymous" in speakers


def test_warnings_travelled_through_diplomatic_channels(seed_records):
    events = _events(seed_records[BOUNTIES], "THREATEN", "warnings", actor="USA")
    assert "diplomatic_channels" in {e.channel for e in events}


def test_russian_payment_to_taliban_is_conditional(seed_records):
    payments = _events(seed_records[BOUNTIES], "AID", "pays", actor="RUS")
    assert payments and all(e.modality == "conditional" for e in payments)
    assert "AFG" in {a.country for a in payments[0].recipient}


def test_moscow_denial_keeps_cameo_016(seed_records):
    denials = [e for e in seed_records[BOUNTIES].events if e.cameo == "016"]
    assert denials and "RUS" in {a.country for e in denials for a in e.actor}


def test_denied_bounty_programme_is_denied(seed_records):
    record = seed_records[BOUNTIES]
    denial = next(e for e in record.events if e.cameo == "016")
    inside = [
        e
        for e in record.events
        if e.sentence == denial.sentence and e.trigger.start > denial.trigger.start
    ]
    assert inside and all(e.modality == "denied" for e in inside)


def test_trump_putin_phone_call(seed_records):
    calls = _events(seed_records[BOUNTIES], "CONSULT", "phone call", actor="USA", recipient="RUS")
    assert calls and calls[0].channel == "phone" and calls[0].mode == "phone"


def test_representatives_meet_in_vienna(seed_records):
    meetings = _events(seed_records[BOUNTIES], "CONSULT", "meeting", actor="USA", recipient="RUS")
    assert meetings and meetings[0].modality == "asserted"


def test_burns_phones_naryshkin_intelligence_context(seed_records):
    calls = _events(seed_records[WAGNER], "CONSULT", "call", actor="USA", recipient="RUS")
    first = calls[0]
    assert {a.sector for a in first.actor} == {"SPY"}
    assert {a.sector for a in first.recipient} == {"SPY"}
    assert first.channel == "phone" and first.mode == "phone"
    assert "intelligence" in first.contexts


@pytest.mark.parametrize(
    "word,kind,value",
    [("phone call", "CONSULT", "2021-11"), ("met", "CONSULT", "2022-11")],
    ids=["call-to-putin-2021", "ankara-meeting-2022"],
)
def test_earlier_contacts_keep_their_dates(seed_records, word, kind, value):
    events = _events(seed_records[WAGNER], kind, word, actor="USA", recipient="RUS")
    assert value in {e.date.value for e in events if e.date}


def test_burns_visit_to_ukraine(seed_records):
    visits = _events(seed_records[WAGNER], "CONSULT", "visit", actor="USA", recipient="UKR")
    assert visits and visits[0].mode == "visit" and visits[0].cameo == "042"


def test_lukashenko_brokered_the_deal(seed_records):
    brokered = _events(seed_records[WAGNER], "CONSULT", "brokered", actor="BLR")
    assert brokered and brokered[0].modality == "asserted"
