"""The AP policy's public rules on synthetic stories: what must and must not be reported."""

from __future__ import annotations

import pytest

from linter.engine import Settings, check_document
from linter.policy import Policy
from linter.readers import markdown
from linter.testing import lint_text

from .conftest import rules

CREDIT = "MILLBROOK, Vt. (AP) — The council voted to repair the covered bridge."
COPY = "Copyright 2025 The Associated Press. All rights reserved."
NOTICE = "This material may not be published, broadcast, rewritten or redistributed."
FM = "---\ntitle: Bridge vote\ndate: 2025-05-06\nsource: AP\n---\n"


def story(*paragraphs: str, front: str = FM) -> str:
    return front + "\n\n".join(paragraphs) + "\n"


def test_compliant_ap_story_has_no_findings(ap: Policy) -> None:
    assert rules(story(CREDIT, '"We will fix it," the mayor told The Associated Press.', f"{COPY} {NOTICE}"), ap) == []


def test_story_that_is_not_ap_copy_gets_no_ap_findings(ap: Policy) -> None:
    # No AP signal at all: no AP101/201/301 even though there is no credit, copyright or notice.
    assert rules("---\ntitle: Library hours\n---\nRIVERTON — The library will open later.\n", ap) == []


def test_the_notice_sentence_alone_does_not_make_a_story_ap_copy(ap: Policy) -> None:
    cnn = "ATLANTA — The storm moved east.\n\nCopyright 2025 Cable News Network. All rights reserved. " + NOTICE
    assert rules(cnn, ap) == []


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(["MILLBROOK, Vt. — The council voted.", f"{COPY} {NOTICE}"], ["AP101"], id="no-credit"),
        pytest.param(
            ["By JUNE ALCOTT, Associated Press", "MILLBROOK, Vt. — The council voted.", f"{COPY} {NOTICE}"],
            [],
            id="byline",
        ),
        pytest.param(
            ["By JUNE ALCOTT\nAssociated Press", "MILLBROOK, Vt. — The council voted.", f"{COPY} {NOTICE}"],
            [],
            id="wrapped-byline",
        ),
        pytest.param(
            [
                "MILLBROOK, Vt. — The council voted.",
                "The Associated Press contributed to this report.",
                f"{COPY} {NOTICE}",
            ],
            [],
            id="credit-line",
        ),
        pytest.param(
            ["MILLBROOK, Vt. — The council voted, a resident told The Associated Press.", f"{COPY} {NOTICE}"],
            ["AP101"],
            id="told-ap-is-no-credit",
        ),
    ],
)
def test_attribution(ap: Policy, paragraphs: list[str], expected: list[str]) -> None:
    assert rules(story(*paragraphs), ap) == expected


def test_a_byline_field_that_names_ap_is_a_credit(ap: Policy) -> None:
    front = "---\ndate: 2025-05-06\nsource: AP\nbyline: June Alcott, Associated Press\n---\n"
    assert rules(story("MILLBROOK, Vt. — The council voted.", f"{COPY} {NOTICE}", front=front), ap) == []


@pytest.mark.parametrize("dash", ["—", "–", "-", "--", "_"])
def test_every_wire_dash_is_a_valid_dateline(ap: Policy, dash: str) -> None:
    assert rules(story(f"MILLBROOK, Vt. (AP) {dash} The council voted.", f"{COPY} {NOTICE}"), ap) == []


def test_the_lead_skips_a_repeated_title_and_a_deck(ap: Policy) -> None:
    text = story(
        "# Bridge vote",
        "## Council acts after years of delay",
        "By JUNE ALCOTT, Associated Press",
        "MILLBROOK, Vt. (AP) The council voted.",
        f"{COPY} {NOTICE}",
    )
    assert rules(text, ap) == ["AP102"]


@pytest.mark.parametrize(
    "lead",
    [
        "MILLBROOK, Vt. (A.P.) — The council voted.",
        "MILLBROOK, Vt. (AP) The council voted.",
        "MILLBROOK, Vt. >> The council voted.",
    ],
)
def test_malformed_datelines(ap: Policy, lead: str) -> None:
    # With a byline as the credit, a malformed dateline is AP102 and nothing else.
    assert rules(story("By JUNE ALCOTT, Associated Press", lead, f"{COPY} {NOTICE}"), ap) == ["AP102"]


def test_scraped_copyright_line_without_year_is_reported_on_its_line(ap: Policy) -> None:
    text = story(CREDIT, "News from © The Associated Press, . All rights reserved. " + NOTICE)
    (v,) = lint_text(text, [ap])
    assert (v.rule, v.line, v.column) == ("AP202", 8, 11)
    assert v.message == "the AP copyright line '© The Associated Press, .' has no year"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("Copyright 2025 The Associated Press.", [], id="match"),
        pytest.param("Copyright 2024 The Associated Press.", ["AP203"], id="mismatch"),
        pytest.param("© 2024-2025 The Associated Press.", [], id="range-covers"),
        pytest.param("© 2023–24 The Associated Press.", ["AP203"], id="short-range-misses"),
        pytest.param("Copyright The Associated Press.", ["AP202"], id="no-year"),
        pytest.param("Copyright © 2025 THE ASSOCIATED PRESS.", [], id="double-marker-capitals"),
        pytest.param("Copyright 2025 The Associated Pres.", ["AP204"], id="pres"),
        pytest.param("Copyright 2025 AP News.", ["AP204"], id="ap-news"),
        # The notice after the Courier's line is the Courier's: AP's line and AP's notice are both missing.
        pytest.param("Copyright 2025 Millbrook Courier.", ["AP201", "AP301"], id="other-holder"),
        pytest.param("Copyright 2025 by The Associated Press.", [], id="by-holder"),
        pytest.param("(c) 2025 The A.P.", ["AP204"], id="initials-one-finding"),
        pytest.param("© 1999–01 The Associated Press.", ["AP203"], id="range-across-a-century"),
    ],
)
def test_copyright_lines(ap: Policy, line: str, expected: list[str]) -> None:
    assert rules(story(CREDIT, f"{line} All rights reserved. {NOTICE}"), ap) == expected


def test_year_mismatch_needs_a_publication_date(ap: Policy) -> None:
    front = "---\nsource: AP\n---\n"
    assert rules(story(CREDIT, f"Copyright 2019 The Associated Press. {NOTICE}", front=front), ap) == []


def test_year_mismatch_message_names_both_years(ap: Policy) -> None:
    (v,) = lint_text(story(CREDIT, f"Copyright 2024 The Associated Press. {NOTICE}"), [ap])
    assert v.message == "the AP copyright year 2024 does not match the story's publication year 2025"
    assert (v.line, v.column, v.end_column) == (8, 11, 15)


def test_a_sentence_mentioning_copyright_is_not_a_copyright_line(ap: Policy) -> None:
    text = story(CREDIT, "Copyright law experts told The Associated Press the ruling was narrow.", f"{COPY} {NOTICE}")
    assert rules(text, ap) == []


@pytest.mark.parametrize(
    "notice",
    [
        NOTICE,
        "This material may not be published, broadcast, rewritten, or redistributed.",
        "This material may not be published, broadcast, rewritten or redistributed without permission.",
        "THIS MATERIAL MAY NOT BE PUBLISHED, BROADCAST, REWRITTEN OR REDISTRIBUTED.",
        "This material may not be published,\nbroadcast, rewritten or redistributed.",
    ],
)
def test_accepted_notice_forms(ap: Policy, notice: str) -> None:
    assert rules(story(CREDIT, f"{COPY} {notice}"), ap) == []


@pytest.mark.parametrize(
    ("notice", "message"),
    [
        (
            "This material may be published, broadcast, rewritten or redistributed.",
            "the AP rights notice is altered: 'not' is missing",
        ),
        (
            "This material may not be published, broadcast or redistributed.",
            "the AP rights notice is altered: 'rewritten' is missing",
        ),
        (
            "This material may not be published, broadcast, summarized or redistributed.",
            "the AP rights notice is altered: 'summarized' instead of 'rewritten'",
        ),
        (
            # Two anchor words, one of them the one the scan leaves out (notice.prepare):
            # the sentence is still found through the other.
            "This Material may not be Published.",
            "the AP rights notice is altered: 'broadcast rewritten or redistributed' is missing",
        ),
    ],
)
def test_altered_notice_names_the_words_that_differ(ap: Policy, notice: str, message: str) -> None:
    found = lint_text(story(CREDIT, f"{COPY} {notice}"), [ap])
    assert [(v.rule, v.message) for v in found] == [("AP302", message)]


def test_notice_after_another_holders_copyright_is_not_aps(ap: Policy) -> None:
    text = story(CREDIT, COPY, f"Copyright 2025 Cable News Network. All rights reserved. {NOTICE}")
    assert rules(text, ap) == ["AP301"]


def test_notice_requirement_is_a_licence_term(ap: Policy) -> None:
    text = story(CREDIT, COPY)
    assert rules(text, ap) == ["AP301"]
    relaxed = Settings(policies=(ap,), terms={"ap": {"require_notice": False}})
    assert [v.rule for v in check_document(markdown.read("s.md", text), relaxed)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("<p>X (AP)&nbsp;&mdash; Y</p>", [], id="nbsp-before-the-dash"),
        pytest.param(
            "<p>RIVERTON — It reopens, according to The Associated&nbsp;Press.</p>", ["AP501"], id="nbsp-in-a-phrase"
        ),
    ],
)
def test_non_breaking_spaces_in_html(ap: Policy, text: str, expected: list[str]) -> None:
    from linter.readers import html

    settings = Settings(policies=(ap,), terms={"ap": {"require_notice": False}})
    found = [v.rule for v in check_document(html.read("a.html", text), settings) if v.rule in ("AP102", "AP501")]
    assert found == expected


def test_rewrite_signals_in_a_story_that_is_not_ap_copy(ap: Policy) -> None:
    text = "RIVERTON — The bridge will reopen in May, according to The Associated Press.\n\nThe AP reported that crews were ready.\n"
    found = lint_text(text, [ap])
    assert [(v.rule, v.evidence["match"]) for v in found] == [
        ("AP501", "according to The Associated Press"),
        ("AP501", "The AP reported"),
    ]


def test_told_the_associated_press_inside_ap_copy_is_not_a_rewrite_signal(ap: Policy) -> None:
    assert rules(story(CREDIT, "The mayor told The Associated Press it would reopen.", f"{COPY} {NOTICE}"), ap) == []


@pytest.mark.parametrize(
    "furniture",
    [
        "The Associated Press is an independent global news organization dedicated to factual reporting.",
        "Join the Conversation!",
        "Support independent journalism: donate today.",
    ],
)
def test_page_furniture(ap: Policy, furniture: str) -> None:
    assert rules(story(CREDIT, f"{COPY} {NOTICE}", furniture), ap) == ["AP801"]


def test_code_blocks_and_comments_are_never_checked(ap: Policy) -> None:
    text = story(
        CREDIT,
        "```\nThe Associated Press is an independent global news organization.\n```",
        "    Join the Conversation!",
        "<!-- Copyright 2019 The Associated Press. -->",
        f"{COPY} {NOTICE}",
    )
    assert rules(text, ap) == []


def test_reuters_policy(reuters: Policy) -> None:
    good = "LONDON, March 5 (Reuters) - Shares rose.\n\n© 2025 Thomson Reuters. All rights reserved.\n"
    assert rules("---\ndate: 2025-03-05\n---\n" + good, reuters) == []
    assert rules("---\ndate: 2025-03-05\n---\n" + good.replace("2025 Thomson", "Thomson"), reuters) == ["RTR202"]
    assert rules("---\ndate: 2025-03-05\n---\n" + good.replace("2025", "2023"), reuters) == ["RTR203"]
    assert rules("LONDON, March 5 (Reuters) - Shares rose.\n", reuters) == ["RTR201"]
    assert rules("RIVERTON — Shares rose, Reuters reported.\n", reuters) == ["RTR501"]


def test_ap_story_citing_reuters_gets_a_reuters_rewrite_signal(ap: Policy, reuters: Policy) -> None:
    text = story(CREDIT, "Prices rose, according to Reuters.", f"{COPY} {NOTICE}")
    assert rules(text, ap, reuters) == ["RTR501"]
