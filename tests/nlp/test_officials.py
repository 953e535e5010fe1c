"""Officials as readouts and wire copy name them: a title and a surname, a country adjective
before a "Vice" or "Deputy" title, a state's formal name after "of", and a meeting partner
whose "with" the parser hung on the place of the meeting."""

from __future__ import annotations

import pytest

from backchannel.nlp.pipeline import make_doc

pytestmark = pytest.mark.model


def _actors(nlp, text: str, published: str | None = None) -> dict[str, str | None]:
    doc = nlp(make_doc(nlp, text, published=published))
    return {a.text: a.country for a in doc._.bc_actors}


def _meeting(nlp, text: str, published: str | None = None):
    doc = nlp(make_doc(nlp, text, published=published))
    (event,) = [e for e in doc._.bc_events if e.type == "CONSULT"]
    return [a.country for a in event.actor], [a.country for a in event.recipient]


def test_a_title_and_surname_name_the_office_holder_of_the_day(nlp):
    text = "Vice President Harris spoke today with Crown Prince Salman of Bahrain."
    assert _actors(nlp, text, "2022-03-01")["Vice President Harris"] == "USA"


def test_a_surname_with_a_title_nobody_of_that_name_held_stays_unknown(nlp):
    # Kamala Harris was never a prime minister: the title does not pick her
    actors = _actors(nlp, "Prime Minister Harris arrived on Monday.", "2022-03-01")
    assert actors.get("Prime Minister Harris") != "USA"


def test_a_title_and_surname_outside_the_term_name_no_one(nlp):
    actors = _actors(nlp, "Vice President Harris spoke on Monday.", "1995-03-01")
    assert actors.get("Vice President Harris") != "USA"


def test_a_country_adjective_before_a_vice_title_gives_the_country(nlp):
    actors = _actors(
        nlp,
        "Jake Sullivan met in Washington with Saudi Vice Minister of Defense Khalid bin Salman.",
    )
    (minister,) = [name for name in actors if "Khalid" in name]
    assert minister.startswith("Saudi") and actors[minister] == "SAU"


def test_a_states_formal_name_wins_over_the_body_it_begins_with(nlp):
    actor, recipient = _meeting(
        nlp,
        "President Biden met with Prime Minister Philip Davis of the Commonwealth of The Bahamas.",
    )
    assert actor == ["USA"] and recipient == ["BHS"]


def test_a_body_named_in_full_keeps_its_code(nlp):
    actor, recipient = _meeting(
        nlp, "The Secretary-General of the Organization of American States met President Lula."
    )
    assert actor == ["IGO"] and recipient == ["BRA"]


def test_a_meeting_partner_after_the_place_is_the_recipient(nlp):
    actor, recipient = _meeting(
        nlp,
        "Jake Sullivan met today at the White House with Indian External Affairs Minister "
        "Subrahmanyam Jaishankar.",
        "2022-09-27",
    )
    assert actor == ["USA"] and recipient == ["IND"]
