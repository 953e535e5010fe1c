"""Statement.content_parts: every fragment of a discontinuous content, in text order."""

from __future__ import annotations

import pytest

from backchannel.nlp.pipeline import make_doc

pytestmark = pytest.mark.model

# (text, the content, its parts); no parts when the content is all of it
CASES = [
    (
        "“We are ready,” she said. “We will go.”",
        "“We are ready,”",
        ["“We are ready,”", "“We will go.”"],
    ),
    (
        '"We are ready," she said. "We will go."',
        '"We are ready,"',
        ['"We are ready,"', '"We will go."'],
    ),
    ("“We are ready,” she said.", "“We are ready,”", []),
]


@pytest.mark.parametrize(
    "text, content, parts", CASES, ids=["curly-split", "straight-split", "one-fragment"]
)
def test_content_parts(nlp, text, content, parts):
    (statement,) = nlp(make_doc(nlp, text))._.bc_statements
    assert statement.content.text == content
    assert [part.text for part in statement.content_parts] == parts
    for part in statement.content_parts:
        assert text[part.start : part.end] == part.text
