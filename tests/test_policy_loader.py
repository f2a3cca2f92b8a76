"""Policy files are validated strictly; every error is `file:line:col: message` (pinned here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.errors import SourceErrors
from linter.policy import builtin_names, load_file, resolve

from .conftest import policy_from, run_cli

GOOD = """\
id: acme
name: Acme Wire
prefix: ACM
detect:
  patterns: ['\\(Acme\\)']
rules:
  - id: ACM101
    slug: attribution-missing
    kind: attribution
    credits: ['\\(Acme\\)']
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(SourceErrors) as info:
        policy_from(text, "p.yaml")
    return [str(e) for e in info.value.errors]


def test_a_minimal_policy_loads_with_defaults() -> None:
    p = policy_from(GOOD)
    (rule,) = p.rules
    assert (p.id, p.prefix, rule.id, rule.condition, rule.severity.value, rule.applies) == (
        "acme",
        "ACM",
        "ACM101",
        "missing",
        "error",
        "copy",
    )
    assert rule.options["fields"] == ("byline", "author", "authors", "credit", "credits")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            ("    credits:", "    credit:"),
            [
                "p.yaml:10:5: rule ACM101: unknown key 'credit' (did you mean 'credits'?); valid keys: applies, condition, "
                "credits, description, examples, field_pattern, fields, fix, id, kind, message, scope, severity, slug, when"
            ],
            id="misspelt-parameter",
        ),
        pytest.param(
            ("    kind: attribution\n", "    kind: attribution\n    fix: 'By {year}'\n"),
            [
                "p.yaml:10:10: rule ACM101: --fix cannot repair kind 'attribution' condition 'missing'; fixable: "
                "copyright missing, notice missing, copyright year-missing, copyright year-mismatch"
            ],
            id="fix-not-repairable",
        ),
        pytest.param(
            (
                "    kind: attribution\n    credits: ['\\(Acme\\)']\n",
                "    kind: copyright\n    condition: missing\n    holder: Acme\n    fix: 'Copyright {yr} Acme.'\n",
            ),
            ["p.yaml:12:10: rule ACM101: fix may use only the placeholder {year} (write {{ and }} for braces)"],
            id="fix-bad-placeholder",
        ),
        pytest.param(
            (
                "    kind: attribution\n    credits: ['\\(Acme\\)']\n",
                "    kind: copyright\n    condition: year-missing\n    holder: Acme\n    fix: sure\n",
            ),
            ["p.yaml:12:10: rule ACM101: fix must be true or false, not 'sure'"],
            id="fix-not-a-flag",
        ),
        pytest.param(
            ("kind: attribution", "kind: atribution"),
            [
                "p.yaml:9:11: rule ACM101: unknown kind 'atribution'; valid kinds: attribution, copyright, notice, phrase, provenance, rewrite"
            ],
            id="unknown-kind",
        ),
        pytest.param(
            ("credits: ['\\(Acme\\)']", "credits: ['(Acme']"),
            ["p.yaml:10:15: rule ACM101: credits item: invalid regular expression: missing ) at position 5"],
            id="invalid-regex",
        ),
        pytest.param(
            ("    kind: attribution\n", "    kind: attribution\n    severity: fatal\n"),
            ["p.yaml:10:15: rule ACM101: severity must be one of error, warning, info; not 'fatal'"],
            id="invalid-severity",
        ),
        pytest.param(
            ("credits: ['\\(Acme\\)']", "credits: {a: 1}"),
            ["p.yaml:10:14: rule ACM101: credits must be a list, not a mapping"],
            id="wrong-type",
        ),
        pytest.param(
            ("prefix: ACM", "prefix: acme"),
            ["p.yaml:3:9: prefix 'acme' is not valid: use 2 to 6 capital letters"],
            id="bad-prefix",
        ),
        pytest.param(
            ("id: ACM101", "id: ACM11"),
            [
                "p.yaml:7:9: rule id 'ACM11' must be the policy prefix ACM, a class digit 1-9 and two digits (e.g. ACM201)"
            ],
            id="bad-rule-id",
        ),
    ],
)
def test_schema_errors_are_pinned(change: tuple[str, str], expected: list[str]) -> None:
    assert change[0] in GOOD
    assert errors_of(GOOD.replace(change[0], change[1])) == expected


def test_unknown_top_level_key_lists_the_valid_ones() -> None:
    assert errors_of(GOOD + "rule: []\n") == [
        "p.yaml:11:1: policy: unknown key 'rule' (did you mean 'rules'?); valid keys: description, detect, id, kinds, name, prefix, rules, terms"
    ]


def test_duplicate_rule_ids_and_every_error_reported_at_once() -> None:
    text = (
        GOOD
        + "  - id: ACM101\n    slug: other\n    kind: attribution\n    credits: [x]\n  - id: ACM201\n    kind: copyright\n"
    )
    assert errors_of(text) == [
        "p.yaml:11:5: duplicate rule id ACM101 (first at line 7)",
        "p.yaml:15:5: rule ACM201: missing required key 'slug'",
    ]


def test_duplicate_yaml_keys_are_errors_not_silently_overridden() -> None:
    assert errors_of(GOOD.replace("    kind: attribution\n", "    kind: attribution\n    slug: again\n")) == [
        "p.yaml:10:5: rule ACM101: duplicate key 'slug' (first at line 8)"
    ]


def test_message_placeholders_are_checked_when_loading() -> None:
    text = GOOD + "    message: 'no credit for {servce}'\n"
    assert errors_of(text) == [
        "p.yaml:11:14: rule ACM101: message uses unknown placeholder {servce}; this condition offers {service}"
    ]


def test_condition_is_required_when_a_kind_has_several() -> None:
    text = GOOD + "  - id: ACM201\n    slug: copyright-missing\n    kind: copyright\n    holder: Acme\n"
    assert errors_of(text) == [
        "p.yaml:11:5: rule ACM201: kind 'copyright' needs a 'condition': one of missing, year-missing, year-mismatch, holder-altered"
    ]


def test_when_names_a_declared_licence_term() -> None:
    text = GOOD + "    when: {notice: true}\n"
    assert errors_of(text) == ["p.yaml:11:12: rule ACM101: when: unknown licence term 'notice' (terms: none declared)"]


def test_yaml_syntax_error_has_a_position() -> None:
    assert errors_of("id: [unclosed\n") == ["p.yaml:2:1: invalid YAML: did not find expected ',' or ']'"]


def test_aliases_are_refused() -> None:
    text = GOOD.replace("credits: ['\\(Acme\\)']", "credits: &c ['\\(Acme\\)']") + "    fields: *c\n"
    assert errors_of(text)[0].endswith("YAML anchors and aliases are not allowed here")


def test_shipped_policies_load_and_have_documented_rules() -> None:
    assert builtin_names() == ["ap", "reuters"]
    for name in builtin_names():
        p = load_file(resolve(name))
        for rule in p.rules:
            assert rule.description, rule.id
            assert rule.examples.passing and rule.examples.failing, rule.id


def test_ap_rule_ids_are_the_public_contract() -> None:
    p = load_file(resolve("ap"))
    assert [(r.id, r.slug, r.severity.value) for r in p.rules] == [
        ("AP101", "attribution-missing", "error"),
        ("AP102", "dateline-malformed", "warning"),
        ("AP201", "copyright-missing", "error"),
        ("AP202", "copyright-year-missing", "error"),
        ("AP203", "copyright-year-mismatch", "error"),
        ("AP204", "copyright-holder-altered", "warning"),
        ("AP301", "notice-missing", "error"),
        ("AP302", "notice-altered", "error"),
        ("AP401", "quote-altered", "error"),
        ("AP402", "fact-altered", "error"),
        ("AP403", "name-altered", "error"),
        ("AP404", "text-inserted", "error"),
        ("AP405", "text-cut", "error"),
        ("AP406", "text-reordered", "error"),
        ("AP407", "text-reworded", "error"),
        ("AP408", "headline-altered", "info"),
        ("AP501", "rewrite-signal", "warning"),
        ("AP502", "unattributed-copy", "error"),
        ("AP801", "page-furniture", "warning"),
    ]


def test_validate_cli_prints_every_error_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("kind: attribution", "kind: atribution").replace("prefix: ACM", "prefix: acme"))
    result = run_cli("policy", "validate", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{bad}:3:9: prefix 'acme' is not valid: use 2 to 6 capital letters\n"
        f"{bad}:9:11: rule ACM101: unknown kind 'atribution'; valid kinds: attribution, copyright, notice, phrase, provenance, rewrite\n"
    )
    assert "Traceback" not in result.stderr


def test_validate_cli_accepts_a_good_policy(tmp_path: Path) -> None:
    good = tmp_path / "acme.yaml"
    good.write_text(GOOD)
    result = run_cli("policy", "validate", str(good), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"{good}: ok (1 rules, id 'acme', prefix ACM)\n")


def test_check_with_a_broken_policy_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("    credits:", "    credit:"))
    (tmp_path / "a.md").write_text("text\n")
    result = run_cli("check", "--policy", str(bad), "a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{bad}:10:5: rule ACM101: unknown key 'credit' (did you mean 'credits'?)")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "'{service:d}'",
            "p.yaml:11:14: rule ACM101: message placeholder {service} takes no format spec or conversion; write {service}",
        ),
        (
            "'{service!r}'",
            "p.yaml:11:14: rule ACM101: message placeholder {service} takes no format spec or conversion; write {service}",
        ),
        (
            "'{service:>99999999999}'",
            "p.yaml:11:14: rule ACM101: message placeholder {service} takes no format spec or conversion; write {service}",
        ),
    ],
)
def test_message_format_specs_are_refused(message: str, expected: str) -> None:
    assert errors_of(GOOD + f"    message: {message}\n") == [expected]


def test_item_messages_are_checked_too() -> None:
    text = GOOD + (
        "  - id: ACM801\n    slug: page-furniture\n    kind: phrase\n    condition: forbid\n"
        "    patterns: [{pattern: story, message: 'bad {matc}'}]\n"
    )
    assert errors_of(text) == [
        "p.yaml:15:42: rule ACM801: patterns item: message uses unknown placeholder {matc}; this condition offers {match}, {service}"
    ]
