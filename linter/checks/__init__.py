"""The closed registry of check kinds. Policies pick a kind per rule; a new kind is code."""

from __future__ import annotations

from collections.abc import Mapping

from . import attribution, copyright, notice, phrase, provenance, rewrite
from .base import Kind

KINDS: Mapping[str, Kind] = {
    attribution.NAME: attribution,
    copyright.NAME: copyright,
    notice.NAME: notice,
    phrase.NAME: phrase,
    provenance.NAME: provenance,
    rewrite.NAME: rewrite,
}
