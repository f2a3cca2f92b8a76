"""Aligning a republished story with its original, and classifying every change.

The rewrite rules (class 4 of every policy) need to know exactly how republished copy
departs from the wire copy. This module does the text work, with no policy knowledge:

1. **Normalise** so typography is never a change: Unicode NFKC, curly and straight quotes
   and apostrophes, dash variants, ellipses, soft hyphens and zero-width characters,
   whitespace and line wrapping all compare equal; case is kept for names but ignored for
   matching. House-style substitutions (`per cent` -> `percent`) are applied to both sides.
2. **Tokenise** into words and numbers with their offsets in the text, marking the tokens
   inside a direct quotation.
3. **Align** token ids by longest common subsequence with rapidfuzz's Indel opcodes
   (bit-parallel, well under a millisecond for 900 words; difflib is quadratic and 40x
   slower at 4,000 tokens; PERF-NOTES.md).
4. **Pair** a deleted run with an inserted run of nearly the same words into one move,
   **merge** the remaining neighbouring edits into one hunk, so one edit is one change, and
   **classify** each hunk: quote, fact, name, insert, cut, trim (a cut at the end), move,
   reword.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple

from rapidfuzz.distance import Indel

# Characters that typography may change without changing the text.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u2026": "...", "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    }
)  # fmt: skip
# Numbers keep a currency sign ("$1.4" and "€1.4" differ); "%" is a word of its own, read
# as "percent" ("45%" is "45 percent").
_TOKEN = re.compile(r"[$€£¥]?\d[\d,.:/]*\d|[$€£¥]?\d|%|[^\W\d_]+(?:['\-][^\W\d_]+)*|\"")
# Words after which a full stop does not end a sentence (so "Dr. Alan" keeps "Alan" a name).
_ABBREVIATION_LIST = (
    "mr mrs ms dr prof rep sen gov gen lt col sgt capt cmdr adm st jr sr inc corp co ltd no vs "
    "jan feb mar apr aug sep sept oct nov dec ala ariz ark calif colo conn del fla ga ill ind kan "
    "ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
_MONTHS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
    "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november", "dec": "december",
}  # fmt: skip
_DATE_WORD_LIST = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december yesterday today tomorrow"
)
_DATE_WORDS = frozenset(_DATE_WORD_LIST.split())
_NUMBER = re.compile(r"\d")
_RESIZING = re.compile("[\u2026\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # folded to more or fewer characters
_SENTENCE_END = re.compile(r"[.!?]")
MERGE_GAP = 1  # equal tokens allowed inside one hunk
MAX_REPLACE = 30  # a delete and an insert this small, side by side, are one rewording
MIN_CUT = 6  # fewer deleted words are a rewording, not a cut sentence
MOVE_MIN_TOKENS = 5
MOVE_SIMILARITY = 0.8


class Token(NamedTuple):
    text: str  # as written (folded typography), for names and evidence
    key: str  # what is compared: lower case
    start: int  # offsets in the text it came from
    end: int
    quoted: bool  # inside a direct quotation
    sentence_start: bool  # first word of a sentence (capitalised anyway: not a name)


class Change(NamedTuple):
    kind: str  # quote | fact | name | insert | cut | trim | move | reword
    original: tuple[int, int]  # token range in the original
    republished: tuple[int, int]  # token range in the republished text
    moved_from: tuple[int, int] | None = None  # for a move: where the text was in the original


def fold(text: str, house_style: Sequence[tuple[str, str]] = ()) -> str:
    """Typography folded away (same length is NOT kept; use `tokens` for offsets)."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    for variant, preferred in house_style:
        folded = re.sub(rf"(?i)\b{re.escape(variant)}\b", preferred, folded)
    return folded


def tokens(text: str, house_style: Sequence[tuple[str, str]] = ()) -> list[Token]:
    """Words and numbers of `text` with their offsets in `text`.

    Each character is folded on its own, so every token keeps its exact source span even
    where NFKC expands a character (the ligature "ﬁ"). A double quote opens or closes a
    quotation; a paragraph break closes it. A sentence starts after . ! ? or a line break.
    """
    if unicodedata.is_normalized("NFKC", text) and not _RESIZING.search(text):
        folded = text.translate(_FOLD)  # one character for one: offsets are unchanged
        back: Sequence[int] = range(len(text) + 1)
    else:
        pieces = [unicodedata.normalize("NFKC", ch).translate(_FOLD) for ch in text]
        folded = "".join(pieces)
        back = [i for i, piece in enumerate(pieces) for _ in piece]  # folded offset -> source offset
        back.append(len(text))
    out: list[Token] = []
    in_quote = False
    previous_end = 0
    for m in _TOKEN.finditer(folded):
        between = folded[previous_end : m.start()]
        previous_end = m.end()
        if "\n" in between:
            in_quote = False
        if m.group() == '"':
            in_quote = not in_quote
            continue
        ended = "\n" in between or _SENTENCE_END.search(between) is not None
        if ended and "\n" not in between and out and out[-1].key in _ABBREVIATIONS | _ONE_LETTER:
            ended = False  # "Dr. Alan", "J. Smith", "Burlington, Vt. (AP)"
        word = m.group()
        out.append(Token(word, _key(word), back[m.start()], back[m.end() - 1] + 1, in_quote, not out or ended))
    if house_style:
        out = _apply_house_style(out, house_style)
    return out


_ONE_LETTER = frozenset("abcdefghijklmnopqrstuvwxyz")


def _key(word: str) -> str:
    """What a word is compared by: lower case; thousands separators, "%" and month
    abbreviations read the same however they are written."""
    key = word.lower()
    if key[:1].isdigit() or key[1:2].isdigit():
        return key.replace(",", "")  # "1,400" is 1400
    if key == "%":
        return "percent"
    return _MONTHS.get(key, key)


def _apply_house_style(toks: list[Token], house_style: Sequence[tuple[str, str]]) -> list[Token]:
    """Replace multi-word variants (`per cent`) by the preferred form, keeping offsets."""
    # Either form of a substitution becomes the same key, on both sides of the comparison.
    rules = [
        (tuple(t.key for t in tokens(form)), fold(preferred).lower())
        for variant, preferred in house_style
        for form in (variant, preferred)
    ]
    out: list[Token] = []
    i = 0
    while i < len(toks):
        for form, key in rules:
            n = len(form)
            if n and tuple(t.key for t in toks[i : i + n]) == form:
                first, last = toks[i], toks[i + n - 1]
                text = " ".join(t.text for t in toks[i : i + n])
                out.append(Token(text, key, first.start, last.end, first.quoted, first.sentence_start))
                i += n
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def classify(
    original: Sequence[Token], republished: Sequence[Token], trims: bool = True, names: frozenset[str] | None = None
) -> list[Change]:
    """Every change from `original` to `republished`, one per edit.

    Alignment is by longest common subsequence (rapidfuzz's Indel opcodes: only inserts
    and deletes), so a moved paragraph shows as a delete and an insert of the same words,
    which become one move. Deletes and inserts that are neighbours (at most `MERGE_GAP`
    equal tokens between them) are one replacement, classified by what changed.
    """
    ids: dict[str, int] = {}
    a = [ids.setdefault(t.key, len(ids)) for t in original]
    b = [ids.setdefault(t.key, len(ids)) for t in republished]
    edits = [
        (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
        for op in Indel.opcodes(a, b)
        if op.tag != "equal"
    ]
    if names is None:
        names = names_in(original, republished)
    moves, edits = _moves(_coalesce(edits), a, b)
    changes = list(moves)
    for i1, i2, j1, j2 in _merge(edits):
        old, new = original[i1:i2], republished[j1:j2]
        if j1 == j2 and i2 == len(original) and trims:
            kind = "trim"
        elif j1 == j2 and i2 - i1 >= MIN_CUT:
            kind = "cut"
        elif i1 == i2:
            # Words added inside a quotation change it; an added number or name is a fact
            # or name change; anything else is an insertion.
            inside_quote = 0 < i1 < len(original) and original[i1 - 1].quoted and original[i1].quoted
            kind = "quote" if inside_quote or any(t.quoted for t in new) else _kind(old, new, names)
            kind = "insert" if kind == "reword" else kind
        else:
            kind = _kind(old, new, names)  # a replacement, or a few words dropped
        changes.append(Change(kind, (i1, i2), (j1, j2)))
    return sorted(changes, key=lambda c: (c.republished[0], c.original[0]))


Edit = tuple[str, int, int, int, int]


def _coalesce(edits: list[Edit]) -> list[Edit]:
    """Deletes (or inserts) split by a stray common word ("the") are one run: a moved
    paragraph otherwise shows as fragments that look like nothing else."""
    out: list[Edit] = []
    for e in edits:
        if out and out[-1][0] == e[0] != "equal":
            tag, i1, i2, j1, j2 = out[-1]
            if e[1] - i2 <= MERGE_GAP and e[3] - j2 <= MERGE_GAP:
                # Still a pure delete (or insert): the stray word stays on the other side.
                out[-1] = (tag, i1, e[2], j1, j1) if tag == "delete" else (tag, i1, i1, j1, e[4])
                continue
        out.append(e)
    return out


def _moves(edits: list[Edit], a: Sequence[int], b: Sequence[int]) -> tuple[list[Change], list[Edit]]:
    """Pair a delete with an insert of (nearly) the same words: one move, not two changes."""
    deletes = [e for e in edits if e[0] == "delete" and e[2] - e[1] >= MOVE_MIN_TOKENS]
    inserts = [e for e in edits if e[0] == "insert" and e[4] - e[3] >= MOVE_MIN_TOKENS]
    used: set[Edit] = set()
    moves: list[Change] = []
    for ins in inserts:
        for dele in deletes:
            if dele in used:
                continue
            if Indel.normalized_similarity(a[dele[1] : dele[2]], b[ins[3] : ins[4]]) >= MOVE_SIMILARITY:
                used.update((dele, ins))
                moves.append(Change("move", (ins[1], ins[2]), (ins[3], ins[4]), moved_from=(dele[1], dele[2])))
                break
    return moves, [e for e in edits if e not in used]


def _merge(edits: list[Edit]) -> list[tuple[int, int, int, int]]:
    """Neighbouring edits (at most MERGE_GAP equal tokens apart) as one (i1, i2, j1, j2) hunk,
    as long as the result stays the size of a rewording: a cut paragraph next to an added
    footer are two changes, not one "replacement" judged by the paragraph's quotation."""
    hunks: list[tuple[int, int, int, int]] = []
    for _, i1, i2, j1, j2 in edits:
        if hunks:
            pi1, pi2, pj1, pj2 = hunks[-1]
            ni2, nj2 = max(pi2, i2), max(pj2, j2)
            small = ni2 - pi1 <= MAX_REPLACE and nj2 - pj1 <= MAX_REPLACE
            if i1 - pi2 <= MERGE_GAP and j1 - pj2 <= MERGE_GAP and small:
                hunks[-1] = (pi1, ni2, pj1, nj2)
                continue
        hunks.append((i1, i2, j1, j2))
    return hunks


def _kind(old: Sequence[Token], new: Sequence[Token], names: frozenset[str] = frozenset()) -> str:
    """What kind of change replacing `old` by `new` is. `names` are words seen capitalised
    mid-sentence in either text: at a sentence start they are names too."""
    if any(t.quoted for t in old) or any(t.quoted for t in new):
        return "quote"  # any change inside a direct quotation is forbidden
    old_set = {t.key for t in old}
    new_set = {t.key for t in new}
    changed = old_set ^ new_set
    if any(_NUMBER.search(k) or k in _DATE_WORDS for k in changed):
        return "fact"  # a number, date, amount, percentage or day changed
    if any(_is_name(t, names) for t in old if t.key not in new_set) or any(
        _is_name(t, names) for t in new if t.key not in old_set
    ):
        return "name"
    return "reword"


def _is_name(t: Token, names: frozenset[str] = frozenset()) -> bool:
    if not t.text[:1].isupper():
        return False
    return not t.sentence_start or t.key in names or (len(t.text) > 1 and t.text.isupper())


def names_in(*texts: Sequence[Token]) -> frozenset[str]:
    """Words capitalised in the middle of a sentence somewhere: proper names."""
    return frozenset(t.key for text in texts for t in text if not t.sentence_start and t.text[:1].isupper())


PARAGRAPH_MATCH = 0.5  # word-level similarity for two paragraphs to be the same one, edited


def compare(original: Sequence[Sequence[Token]], republished: Sequence[Sequence[Token]]) -> list[Change]:
    """Changes between two texts given as paragraphs, with token ranges into the flattened lists.

    Paragraphs are aligned first (each republished paragraph with its most similar original
    paragraph, then a longest common subsequence over those pairings), so words never match
    across unrelated paragraphs (a trimmed ending and an added footer share "the" and "at").
    Within each matched pair, words are aligned and classified (`classify`). An original
    paragraph with no counterpart is a cut (a trim when nothing after it survives); a
    republished one with none is an insert; one matched out of order is a move.
    """
    ids: dict[str, int] = {}
    o_keys = [[ids.setdefault(t.key, len(ids)) for t in p] for p in original]
    r_keys = [[ids.setdefault(t.key, len(ids)) for t in p] for p in republished]
    original, o_keys, republished, r_keys, best = _regroup(list(original), o_keys, list(republished), r_keys)
    o_start = _starts(original)
    r_start = _starts(republished)
    names = names_in(*original, *republished)
    changes: list[Change] = []
    opcodes = Indel.opcodes(list(range(len(original))), best)
    last_kept = max((op.src_end for op in opcodes if op.tag == "equal"), default=0)
    moved_to = {best[j]: j for j in range(len(best)) if best[j] >= 0}
    pairs = _replaced(opcodes, best, o_keys, r_keys)
    for i, j in pairs:
        for c in classify(original[i], republished[j], trims=False, names=names):
            changes.append(_shift(c, o_start[i], r_start[j]))
    paired_o = {i for i, _ in pairs}
    paired_r = {j for _, j in pairs}
    for op in opcodes:
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                i, j = op.src_start + k, op.dest_start + k
                # Words dropped from the end of the story's last paragraph trim the story.
                at_end = j == len(republished) - 1
                for c in classify(original[i], republished[j], trims=at_end, names=names):
                    changes.append(_shift(c, o_start[i], r_start[j]))
        elif op.tag == "delete":
            gone = [i for i in range(op.src_start, op.src_end) if i not in moved_to and i not in paired_o]
            if gone:
                span = (o_start[gone[0]], o_start[gone[-1] + 1])
                at = r_start[op.dest_start]
                kind = "trim" if gone[0] >= last_kept else "cut"
                changes.append(Change(kind, span, (at, at)))
        else:  # insert
            for j in range(op.dest_start, op.dest_end):
                if j in paired_r:
                    continue
                span = (r_start[j], r_start[j + 1])
                i = best[j]
                if i >= 0:
                    changes.append(
                        Change("move", (o_start[i], o_start[i]), span, moved_from=(o_start[i], o_start[i + 1]))
                    )
                    # A moved paragraph may be edited too: those edits are findings as well.
                    for c in classify(original[i], republished[j], trims=False, names=names):
                        changes.append(_shift(c, o_start[i], r_start[j]))
                elif changes and changes[-1].kind == "insert" and changes[-1].republished[1] == span[0]:
                    changes[-1] = changes[-1]._replace(republished=(changes[-1].republished[0], span[1]))
                else:
                    at = o_start[op.src_start]
                    changes.append(Change("insert", (at, at), span))
    return sorted(changes, key=lambda c: (c.republished[0], c.original[0]))


REPLACED_MATCH = 0.25  # a paragraph in place of one this similar was rewritten, not cut and added
REGROUP_GAIN = 0.05  # joining two paragraphs must be this much more alike to count as a split or merge


def _best(o_keys: list[list[int]], r_keys: list[list[int]]) -> list[int]:
    """For each republished paragraph, its most similar original one (or -1 - j: none)."""
    best: list[int] = []
    for j, keys in enumerate(r_keys):
        scores = [(_paragraph_score(o, keys), i) for i, o in enumerate(o_keys)]
        score, i = max(scores, default=(0.0, -1))
        best.append(i if score >= PARAGRAPH_MATCH else -1 - j)  # unmatched: an id of its own
    return best


Paragraphs = list[Sequence[Token]]


def _regroup(
    original: Paragraphs, o_keys: list[list[int]], republished: Paragraphs, r_keys: list[list[int]]
) -> tuple[Paragraphs, list[list[int]], Paragraphs, list[list[int]], list[int]]:
    """Join paragraphs a republisher split or merged, so a reflowed paragraph is one
    paragraph on both sides and no change at all.

    Split: neighbouring republished paragraphs whose best match is the same original
    paragraph, and that together are more like it than either alone (a paragraph printed
    twice is not: the pair is less like it than one copy). Merged: one republished paragraph
    more like two neighbouring original paragraphs together than like either, where the
    second is nobody else's best match. Neighbours are joined by concatenating their
    tokens, so flat token indices are unchanged.
    """
    sim = Indel.normalized_similarity
    while True:
        best = _best(o_keys, r_keys)
        join: tuple[str, int] | None = None
        for j in range(len(r_keys) - 1):
            i = best[j]
            if i >= 0 and best[j + 1] == i:
                joined = sim(o_keys[i], r_keys[j] + r_keys[j + 1])
                if joined >= max(sim(o_keys[i], r_keys[j]), sim(o_keys[i], r_keys[j + 1])) + REGROUP_GAIN:
                    join = ("r", j)
                    break
        if join is None:
            taken = {i for i in best if i >= 0}
            for j, i in enumerate(best):
                for a in (i - 1, i) if i >= 0 else ():
                    if a < 0 or a + 1 >= len(o_keys) or (a if a != i else a + 1) in taken:
                        continue
                    joined = sim(o_keys[a] + o_keys[a + 1], r_keys[j])
                    if joined >= max(sim(o_keys[a], r_keys[j]), sim(o_keys[a + 1], r_keys[j])) + REGROUP_GAIN:
                        join = ("o", a)
                        break
                if join is not None:
                    break
        if join is None:
            return original, o_keys, republished, r_keys, best
        side, k = join
        paras, keys = (republished, r_keys) if side == "r" else (original, o_keys)
        paras[k : k + 2] = [[*paras[k], *paras[k + 1]]]
        keys[k : k + 2] = [keys[k] + keys[k + 1]]


def _paragraph_score(original: Sequence[int], new: Sequence[int]) -> float:
    """How much two paragraphs are the same one: their similarity, or, for a paragraph of a
    few words or more, the share of it the original holds (a trimmed paragraph is still it)."""
    similarity = Indel.normalized_similarity(original, new)
    if len(new) < 4:
        return similarity
    common = (len(original) + len(new) - Indel.distance(original, new)) / 2
    return max(similarity, common / len(new))


def _replaced(opcodes: Any, best: list[int], o_keys: list[list[int]], r_keys: list[list[int]]) -> list[tuple[int, int]]:
    """Original and new paragraphs in each other's place, unmatched but alike: one rewritten
    paragraph, compared word by word (so a changed fact inside it is still found)."""
    deleted: list[int] = []
    inserted: list[int] = []
    pairs: list[tuple[int, int]] = []
    for op in [*opcodes, None]:
        if op is not None and op.tag == "delete":
            deleted.extend(range(op.src_start, op.src_end))
        elif op is not None and op.tag == "insert":
            inserted.extend(j for j in range(op.dest_start, op.dest_end) if best[j] < 0)
        else:  # an equal run (or the end) closes a stretch of deletes and inserts
            for i, j in zip(deleted, inserted, strict=False):  # extra ones stay cuts or inserts
                if Indel.normalized_similarity(o_keys[i], r_keys[j]) >= REPLACED_MATCH:
                    pairs.append((i, j))
            deleted, inserted = [], []
    return pairs


def _starts(paragraphs: Sequence[Sequence[Token]]) -> list[int]:
    starts = [0]
    for p in paragraphs:
        starts.append(starts[-1] + len(p))
    return starts


def _shift(change: Change, di: int, dj: int) -> Change:
    moved = None if change.moved_from is None else (change.moved_from[0] + di, change.moved_from[1] + di)
    return Change(
        change.kind,
        (change.original[0] + di, change.original[1] + di),
        (change.republished[0] + dj, change.republished[1] + dj),
        moved,
    )


def diff_text(original: Sequence[Token], republished: Sequence[Token], change: Change) -> str:
    """The compact word diff a text report shows: `[-2023-]{+2022+}`."""
    old = " ".join(t.text for t in original[change.original[0] : change.original[1]])
    new = " ".join(t.text for t in republished[change.republished[0] : change.republished[1]])
    if change.kind == "move" and change.moved_from is not None:
        return "{>" + new + "<}"
    return (f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else "")
