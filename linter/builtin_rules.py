"""wirelint's own rules (prefix WL): problems with a file or a directive, not with a licence.

They are findings like any other (they appear in every output format and can be selected,
ignored or re-graded), so a CI run shows a story that could not be checked instead of
silently passing it.
"""

from __future__ import annotations

from typing import NamedTuple


class BuiltinRule(NamedTuple):
    id: str
    slug: str
    severity: str
    description: str


BUILTIN: dict[str, BuiltinRule] = {
    r.id: r
    for r in (
        BuiltinRule(
            "WL001",
            "suppression-unknown-rule",
            "warning",
            "A `wirelint-disable` comment names a rule ID that no loaded policy defines. The "
            "comment suppresses nothing; a typo here would leave a finding the author meant "
            "to silence, or hide that a rule was renamed.",
        ),
        BuiltinRule(
            "WL002",
            "suppression-without-reason",
            "warning",
            "A `wirelint-disable` comment gives no reason. Suppressing a rights finding is a "
            "decision a rights editor may have to defend; write it down: "
            "`<!-- wirelint-disable-next AP801: sidebar approved by legal -->`.",
        ),
        BuiltinRule(
            "WL101",
            "file-unreadable",
            "error",
            "The file could not be read (missing, permission denied, an I/O error). It was "
            "not checked, so its compliance is unknown.",
        ),
        BuiltinRule(
            "WL102",
            "file-not-text",
            "warning",
            "The file holds NUL bytes or other binary data and is not an article; it was skipped.",
        ),
        BuiltinRule(
            "WL103",
            "file-too-large",
            "warning",
            "The file is larger than the size limit (`max-file-mb`, default 10) and "
            "was skipped so one stray file cannot exhaust memory or time.",
        ),
        BuiltinRule(
            "WL104",
            "encoding-invalid",
            "warning",
            "The file is not valid UTF-8 (nor UTF-16 or UTF-32 with a byte order mark). It was "
            "checked with the invalid bytes replaced; the finding points at the first one. "
            "Re-save the file as UTF-8.",
        ),
        BuiltinRule(
            "WL105",
            "front-matter-invalid",
            "error",
            "The front matter could not be read (a YAML or TOML error, anchors and aliases, "
            "excessive size or nesting). Its metadata (source, byline, date) was ignored, "
            "so rules that depend on it may be wrong.",
        ),
        BuiltinRule(
            "WL107",
            "original-not-found",
            "warning",
            "The story names its original (front matter `original:` or `wire_id:`) but no original "
            "in the originals folder has that path or id, so the story was not compared with any "
            "(the rewrite rules did not run on it). Check the name, or the originals folder.",
        ),
        BuiltinRule(
            "WL106",
            "regex-timeout",
            "error",
            "A pattern from a policy ran longer than the time limit (`regex-timeout`, "
            "default 1 s) on this file and was stopped. The rule named in the message was "
            "not fully checked; fix the pattern (nested quantifiers are the usual cause).",
        ),
    )
}
