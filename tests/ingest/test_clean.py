"""The trimmer cuts spam and comment tails and page furniture, and leaves real articles alone."""

from __future__ import annotations

import json

import pytest

from backchannel.ingest.clean import BOILERPLATE, COMMENT_TAIL, SPAM_TAIL, trim
from tests.conftest import SEEDS, need

BODY = (
    "The message was conveyed to Russian officials through diplomatic channels, "
    "the State Department said.\n"
    "Ambassador Lynne Tracy relayed it in Moscow on Saturday.\n"
    "Officials stressed that the United States had no involvement in the mutiny, which "
    "they described as an internal Russian matter."
)
LAST = "they described as an internal Russian matter."

CASES = [
    ("clean-article", BODY, BODY, ()),
    (
        "widget-spam-tail",
        BODY + "\nadmin in: How the Brotherhood betrayed Riyadh?\nGreat article with insight ...",
        BODY,
        (SPAM_TAIL,),
    ),
    (
        "spam-link-commenter",
        BODY + "\n\nhttps://pills.example.com/buy-cialis/ in: Cross-region cooperation\n"
        "Hello there, just became aware of your blog through Google, and found ...",
        BODY,
        (SPAM_TAIL,),
    ),
    (
        "comment-section",
        BODY + "\nLeave a Reply\nJohn: I disagree with this take on the mutiny entirely.",
        BODY,
        (COMMENT_TAIL,),
    ),
    (
        "boilerplate-lines",
        "Advertisement\n"
        + BODY.replace("\n", "\nShare this article\n", 1)
        + "\nWe use cookies to improve your experience.",
        BODY,
        (BOILERPLATE,),
    ),
    (
        "promo-lines",
        BODY + "\nGot a story? Get in touch with our news team by emailing us.\n"
        "Follow Example.co.uk on Twitter and Facebook for the latest news updates.\n"
        "MORE : The daily cartoon",
        BODY,
        (BOILERPLATE,),
    ),
    (
        "wordpress-share-block",
        BODY
        + "\nShare this:\nTwitter\nFacebook\nLike this:\nLike Loading...\nTags: Russia, Wagner",
        BODY,
        (BOILERPLATE,),
    ),
    (
        "wordpress-comment-form",
        BODY + "\n3 thoughts on “Burns called Naryshkin”\nGreat piece, thanks.\n"
        "Your email address will not be published. Required fields are marked *",
        BODY,
        (COMMENT_TAIL,),
    ),
    (
        "sentences-that-open-like-furniture-are-kept",
        BODY + "\nCopyright lawyers said the ruling would be appealed.\n"
        "Tag teams of negotiators worked through the night.\n"
        "Posted in Kabul, the envoy said talks would resume.",
        BODY + "\nCopyright lawyers said the ruling would be appealed.\n"
        "Tag teams of negotiators worked through the night.\n"
        "Posted in Kabul, the envoy said talks would resume.",
        (),
    ),
    (
        "question-line-in-second-half-is-not-a-comment-header",
        BODY
        + "\nWhat do you think?\nTwo responses to the crisis emerged within hours, officials said.",
        BODY
        + "\nWhat do you think?\nTwo responses to the crisis emerged within hours, officials said.",
        (),
    ),
    (
        "quote-ending-in-ellipsis-is-kept",
        BODY + "\n“We will see what happens next …”",
        BODY + "\n“We will see what happens next …”",
        (),
    ),
    (
        "sentence-mentioning-a-blog-is-kept",
        BODY + "\nThe group posted the claim on its blog, "
        "which officials said they had found unreliable.",
        BODY + "\nThe group posted the claim on its blog, "
        "which officials said they had found unreliable.",
        (),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "flags"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_trim(text, expected, flags):
    assert trim(text) == (expected, flags)


def test_tail_never_takes_most_of_the_text():
    text = "Short lead.\nadmin in: post one\nadmin in: post two\nadmin in: post three"
    assert trim(text) == (text, ())


@pytest.mark.shared
def test_seed_spam_tail_is_cut_and_article_kept():
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is absent")
    raw = (SEEDS / "004_948b423eb5a6ee78.txt").read_text(encoding="utf-8")
    text, flags = trim(raw)
    assert text.endswith("as stated by the State Department.")
    assert SPAM_TAIL in flags
    assert raw.startswith(text)  # nothing of the article lost, nothing altered
    assert "viagra" not in text and "admin in:" not in text


def _texts(path, step):
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number % step == 0:
                yield json.loads(line)["text"]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("parts", "step", "max_trimmed"),
    [
        (("corpora", "wh-readouts", "wh_readouts_dev.jsonl"), 1, 0),  # measured: 0 of 447
        (("corpora", "bench", "reuters21578_bbc.jsonl"), 10, 2),  # measured: 0 of all 23,802
    ],
    ids=["wh-readouts", "bench-sample"],
)
def test_real_articles_lose_nothing(parts, step, max_trimmed):
    path = need(*parts)
    trimmed = [text for text in _texts(path, step) if trim(text)[1]]
    assert len(trimmed) <= max_trimmed, [t[-200:] for t in trimmed[:3]]
