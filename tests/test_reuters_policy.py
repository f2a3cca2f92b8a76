"""The Reuters policy's credits (RTR101), on synthetic Reuters-style stories."""

from __future__ import annotations

import pytest

from linter.policy import Policy

from .conftest import rules

FM = "---\ntitle: Port strike ends\ndate: 2025-05-06\nsource: Reuters\n---\n"
LEAD = "LONDON, May 6 - Dock workers ended a two-week strike on Tuesday."


@pytest.mark.parametrize(
    ("credit", "credited"),
    [
        pytest.param("LONDON, May 6 (Reuters) - Dock workers went back.", True, id="dateline"),
        pytest.param("Reporting by Ann Lee; Editing by Bo Kim", True, id="reporting-by"),
        pytest.param("(Reporting by Ann Lee in London; Editing by Bo Kim)", True, id="reporting-by-in-brackets"),
        pytest.param("Additional reporting by Cy Park", True, id="additional-reporting"),
        pytest.param("Writing by Dee Ray", True, id="writing-by"),
        pytest.param("By Ann Lee, Reuters", True, id="byline"),
        pytest.param("Reuters", True, id="credit-line"),
        pytest.param("— Reuters.", True, id="credit-line-with-dash"),
        # Odd spaces become plain ones in the article text the patterns see.
        pytest.param("—\u00a0Reuters", True, id="credit-line-after-a-no-break-space"),
        pytest.param("Reporting by\u2009Ann Lee", True, id="reporting-by-with-a-thin-space"),
        pytest.param("Officials said reporting by the agency was late.", False, id="reporting-by-mid-line"),
        pytest.param("The figures were first published by Reuters on Monday.", False, id="reuters-mid-line"),
        pytest.param("Reuters reporters were at the dock.", False, id="reuters-starts-a-sentence"),
    ],
)
def test_credits(reuters: Policy, credit: str, credited: bool) -> None:
    text = f"{FM}{LEAD}\n\nThe port reopened.\n\n{credit}\n"
    assert ("RTR101" not in rules(text, reuters)) is credited
