"""What a rule is, in words: the text `wirelint explain` prints, and the rule metadata the
SARIF report carries (so code scanning shows the same help next to a finding)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import NamedTuple

from .builtin_rules import BUILTIN, BuiltinRule
from .policy import Policy, Rule


class RuleInfo(NamedTuple):
    id: str
    slug: str
    source: str  # the policy's name, or "wirelint" for the WL rules
    severity: str
    summary: str  # one sentence
    description: str
    help: str  # the whole `wirelint explain` text


def wrap(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(textwrap.fill(p, 88) for p in paragraphs)


def explain_builtin(b: BuiltinRule) -> str:
    return f"{b.id} {b.slug} (wirelint, {b.severity})\n\n{wrap(b.description)}\n"


def explain_rule(policy: Policy, rule: Rule) -> str:
    applies = {
        "copy": f"{policy.name} copy",
        "not-copy": f"stories that are not {policy.name} copy",
        "all": "every story",
    }[rule.applies]
    lines = [f"{rule.id} {rule.slug} ({policy.name}, {rule.severity.value})", ""]
    if rule.description:
        lines += [wrap(rule.description), ""]
    when = "".join(f", when the licence term {k} is {v}" for k, v in rule.when.items())
    lines.append(f"Checked by the '{rule.kind}' kind (condition '{rule.condition}') on {applies}{when}.")
    lines.append(f"Message: {rule.message}")
    if isinstance(rule.fix, str):
        lines.append(f"--fix adds at the end of the story: {rule.fix} ({{year}}: the publication year)")
    elif rule.fix:
        lines.append("--fix writes the story's publication year into the copyright line.")
    for title, examples in (("Passing example", rule.examples.passing), ("Failing example", rule.examples.failing)):
        if examples:
            example = examples[0]
            if example.original is not None:
                lines += [
                    "",
                    f"{title}, the original:",
                    *("    " + line for line in example.original.rstrip("\n").split("\n")),
                ]
                title += ", the story"
            lines += ["", f"{title}:", *("    " + line for line in example.story.rstrip("\n").split("\n"))]
    return "\n".join(lines) + "\n"


_SENTENCE_END = re.compile(r"(?:(?<=[a-z]{2}[.!?])|(?<=\w{3}[.!?])|(?<=[\"')][.!?])|(?<=[.!?][\")]))\s+(?=[A-Z\"(])")


def _first_sentence(text: str) -> str:
    """The first sentence, for a one-line summary: not cut after an abbreviation ("Vt.") or
    inside a quotation."""
    flat = " ".join(text.split())
    for m in _SENTENCE_END.finditer(flat):
        if flat.count('"', 0, m.start()) % 2 == 0:
            return flat[: m.start()]
    return flat


def summaries(policies: Sequence[Policy]) -> dict[str, tuple[str, str]]:
    """Rule id -> (slug, one-sentence summary), for every rule of the policies in use and
    wirelint's own: what a report shows, without the whole `explain` text."""
    out = {
        r.id: (r.slug, _first_sentence(r.description) if r.description else r.message)
        for p in policies
        for r in p.rules
    }
    for b in BUILTIN.values():
        out.setdefault(b.id, (b.slug, _first_sentence(b.description)))
    return out


def rule_infos(policies: Sequence[Policy]) -> list[RuleInfo]:
    """Every rule of the policies in use, then wirelint's own, in that order."""
    infos = [
        RuleInfo(
            id=r.id,
            slug=r.slug,
            source=p.name,
            severity=r.severity.value,
            summary=_first_sentence(r.description) if r.description else r.message,
            description=" ".join(r.description.split()) or r.message,
            help=explain_rule(p, r),
        )
        for p in policies
        for r in p.rules
    ]
    infos += [
        RuleInfo(
            id=b.id,
            slug=b.slug,
            source="wirelint",
            severity=b.severity,
            summary=_first_sentence(b.description),
            description=" ".join(b.description.split()),
            help=explain_builtin(b),
        )
        for b in BUILTIN.values()
    ]
    return infos
