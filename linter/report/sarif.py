"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule in use with its `wirelint explain` text as help, so a
viewer shows the same explanation as the command line. Results point at the republished
text with a region (1-based lines, columns counted in Unicode code points). Paths are URIs
relative to `%SRCROOT%` (the folder wirelint ran in) when they lie under it, so code
scanning maps them onto the repository; other paths become `file://` URIs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..ruleinfo import RuleInfo
from ..violation import Violation

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/wirelint/wirelint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str, root: str) -> tuple[str, bool]:
    """(uri, relative to root?) for a reported path."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        rel = os.pardir
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(absolute).as_uri(), False
    # A name that is not UTF-8 arrives as surrogate escapes: its bytes are percent-encoded.
    return quote(rel.replace(os.sep, "/"), errors="surrogateescape"), True


def render(violations: Sequence[Violation], rules: Sequence[RuleInfo], root: str | None = None) -> str:
    root = os.path.abspath(root or os.getcwd())
    index = {r.id: i for i, r in enumerate(rules)}
    descriptors = [
        {
            "id": r.id,
            "name": r.slug,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.description},
            "help": {"text": r.help},
            "defaultConfiguration": {"level": LEVELS[r.severity]},
            "properties": {"policy": r.source},
        }
        for r in rules
    ]
    results = []
    for v in violations:
        uri, relative = artifact_uri(v.path, root)
        location: dict[str, Any] = {"uri": uri}
        if relative:
            location["uriBaseId"] = "%SRCROOT%"
        result: dict[str, Any] = {
            "ruleId": v.rule,
            "level": LEVELS[v.severity],
            "message": {"text": v.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {
                            "startLine": v.line,
                            "startColumn": v.column,
                            "endLine": max(v.end_line, v.line),
                            "endColumn": v.end_column if v.end_line > v.line else max(v.end_column, v.column),
                        },
                    }
                }
            ],
        }
        if v.rule in index:
            result["ruleIndex"] = index[v.rule]
        if v.evidence:
            result["properties"] = {"evidence": dict(v.evidence)}
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wirelint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(root).as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
