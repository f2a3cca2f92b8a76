"""Seeded generator of a synthetic wire-news corpus with the findings each file must produce.

    python bench/generate.py OUT_DIR --count N --seed S [--formats md,html,txt]

Writes N articles (AP copy, Reuters copy and local stories) under OUT_DIR in nested
folders (`2024/03/news/...`, about 100 files per folder) and `OUT_DIR/manifest.json`:

    {"seed": S, "count": N, "formats": [...],
     "files": {"2024/03/news/x-00001.md": ["AP202", "AP801"], ...},
     "kinds": {"2024/03/news/x-00001.md": "ap", ...}}

`files` lists, per file, the exact set of rule IDs the linter must report (sorted; empty
for a clean file). The contract, each defect's exact text and the reasons behind the
choices are in bench/README.md.

Everything is synthetic: names, places, organisations and prose come from the word lists
and templates below. The output depends only on the arguments: one `random.Random(seed)`
draws a seed per article, so article i is the same whatever the count (only the folder
layout depends on the count), and nothing reads the clock or the global random state.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# -- the contract's fixed texts --------------------------------------------------------------

EM = "\u2014"  # em dash, as AP datelines use it
RESERVED = "All rights reserved."
AP_NOTICE = "This material may not be published, broadcast, rewritten or redistributed without permission."
AP_NOTICE_PERMISSIVE = "This material may be published, broadcast, rewritten or redistributed."
AP_NOTICE_NO_REWRITE = "This material may not be published, broadcast or redistributed without permission."
AP_FURNITURE = (
    "The Associated Press is an independent global news organization dedicated to factual reporting.",
    "Join the Conversation!",
)
AP_SIGNALS = ("{claim}, according to The Associated Press.", "{claim}, the Associated Press reported.")
RTR_SIGNAL = "{claim}, according to Reuters."
LOCAL_FOOTER = (
    "Contact the newsroom at news@example.org.",
    "Send news tips and corrections to news@example.org.",
)

AP_RULES = ("AP101", "AP102", "AP201", "AP202", "AP203", "AP204", "AP301", "AP302", "AP801")
RTR_RULES = ("RTR101", "RTR201", "RTR202", "RTR203")

# Pairs that may not appear in one story: they test the same line, or one would hide the other.
EXCLUSIVE = {
    frozenset(p)
    for p in (
        ("AP101", "AP102"),  # one dateline
        ("AP201", "AP202"),  # no copyright line left to judge
        ("AP201", "AP203"),
        ("AP201", "AP204"),
        ("AP202", "AP203"),  # no year vs a wrong year
        ("AP301", "AP302"),  # one notice
        ("AP101", "AP801"),  # the furniture sentence names the AP: keep AP101 unambiguous
        ("RTR201", "RTR202"),
        ("RTR201", "RTR203"),
        ("RTR202", "RTR203"),
    )
}
# Plain text has no metadata: no date (so no year to compare) and no `source` field, so the
# copyright line is the only sign of wire copy once the credit is gone.
TEXT_EXCLUDED = {"AP203", "RTR203"}
TEXT_EXCLUSIVE = {frozenset(p) for p in (("AP101", "AP201"), ("AP101", "AP204"), ("RTR101", "RTR201"))}

EXTENSIONS = {"md": ".md", "html": ".html", "txt": ".txt"}
SECTIONS = ("news", "business", "politics", "science", "sports", "culture", "health", "world")
FILES_PER_FOLDER = 100
MONTH_FOLDERS = 48  # 2022-2025

# -- word lists (all invented) ---------------------------------------------------------------

FIRST_NAMES = (
    "Adela",
    "Bastian",
    "Caelan",
    "Dorit",
    "Emrys",
    "Fenna",
    "Gideon",
    "Halvard",
    "Ilsa",
    "Joren",
    "Kasimir",
    "Liesl",
    "Mireya",
    "Nicanor",
    "Odalys",
    "Perrin",
    "Quilla",
    "Rosalind",
    "Soren",
    "Tamsin",
    "Ulric",
    "Verity",
    "Wendeline",
    "Xanthe",
    "Yannick",
    "Zelie",
    "Anselm",
    "Brisa",
    "Cordelia",
    "Dariel",
    "Estelle",
    "Florian",
    "Greer",
    "Hollis",
    "Ines",
    "Jasper",
    "Katrien",
    "Lucan",
    "Marisol",
    "Nerys",
    "Orrin",
    "Paloma",
    "Rafferty",
    "Sabine",
    "Thaddeus",
    "Ulla",
    "Viggo",
    "Wren",
    "Ysolde",
    "Zoltan",
    "Amara",
    "Bram",
    "Celeste",
    "Desmond",
    "Elowen",
    "Fabian",
    "Gwendolyn",
    "Hartley",
    "Isidore",
    "Juniper",
)
SURNAME_HEADS = (
    "Ash",
    "Bram",
    "Cald",
    "Dun",
    "Elm",
    "Fen",
    "Gar",
    "Hal",
    "Ives",
    "Kes",
    "Lom",
    "Mar",
    "Nor",
    "Orm",
    "Pell",
    "Quill",
    "Rad",
    "Sel",
    "Tam",
    "Umber",
    "Vor",
    "Wick",
    "Yar",
    "Zell",
    "Brock",
    "Corr",
    "Dray",
)
SURNAME_TAILS = (
    "ford",
    "wick",
    "ley",
    "mere",
    "ton",
    "berg",
    "stead",
    "holt",
    "brook",
    "vane",
    "ridge",
    "sby",
    "combe",
    "well",
    "hurst",
    "worth",
    "land",
    "shaw",
    "ington",
    "den",
)
TOWN_HEADS = (
    "River",
    "Ash",
    "Cedar",
    "Mill",
    "Stone",
    "Fern",
    "Hollow",
    "Maple",
    "Iron",
    "Copper",
    "Elk",
    "Heron",
    "Lark",
    "Marsh",
    "Pine",
    "Quarry",
    "Salt",
    "Thorn",
    "Willow",
    "Amber",
    "Briar",
    "Cobble",
    "Dover",
    "Falcon",
    "Glen",
    "Harrow",
    "Juniper",
    "Kettle",
    "Lantern",
    "Moss",
    "Otter",
    "Pebble",
    "Raven",
)
TOWN_TAILS = (
    "ton",
    "ville",
    "field",
    "ford",
    "dale",
    "brook",
    "haven",
    "port",
    "wick",
    "mont",
    "bury",
    "stead",
    " Springs",
    " Falls",
    " Crossing",
    " Junction",
    " Bend",
    " Bluff",
    " Hollow",
    " Harbor",
)
STATES = (
    "Ore.",
    "Wash.",
    "Calif.",
    "Colo.",
    "Mont.",
    "Neb.",
    "Kan.",
    "Okla.",
    "Minn.",
    "Wis.",
    "Mich.",
    "Ind.",
    "Ky.",
    "Tenn.",
    "Ga.",
    "Fla.",
    "Ala.",
    "Miss.",
    "Ark.",
    "La.",
    "N.C.",
    "S.C.",
    "Va.",
    "Pa.",
    "N.Y.",
    "Vt.",
    "N.H.",
    "Md.",
    "Ariz.",
    "N.M.",
    "Nev.",
    "Wyo.",
    "Ill.",
    "Mo.",
    "Iowa",
    "Ohio",
    "Utah",
    "Idaho",
)
COUNTRIES = ("Ostrenia", "Valdoria", "Kestland", "Marovia", "Suldania", "Teravay", "Norvask", "Calderra")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "dozen")
ROLES = (
    "the county's emergency manager",
    "a city council member",
    "the school district superintendent",
    "the mayor",
    "a spokesperson for the state transportation department",
    "the utility's general manager",
    "a retired machinist who has lived in town for 40 years",
    "the owner of a hardware store on Main Street",
    "a professor of civil engineering at the state university",
    "the county sheriff",
    "the chair of the regional planning commission",
    "a nurse at the community hospital",
    "a volunteer firefighter",
    "the president of the local farm bureau",
    "a spokesperson for the company",
    "a parent of two students at the middle school",
    "the director of the county health department",
    "an economist who studies rural labor markets",
    "the harbor master",
    "a union representative",
)

# Each topic: words for a headline, a thing, a project, a body that decides, an issue, a unit.
TOPICS = (
    {
        "head": "water rates",
        "thing": "the water treatment plant",
        "project": "an upgrade of the water treatment plant",
        "body": "the utility board",
        "issue": "higher monthly water bills",
        "unit": "households",
        "verb": "approved a rate increase",
        "event": "a boil-water advisory",
    },
    {
        "head": "bridge repairs",
        "thing": "the Old Mill Bridge",
        "project": "the replacement of the Old Mill Bridge",
        "body": "the state transportation commission",
        "issue": "a 20-mile detour for commuters",
        "unit": "vehicles a day",
        "verb": "closed the bridge to trucks",
        "event": "an inspection that found cracked beams",
    },
    {
        "head": "school budget",
        "thing": "the high school",
        "project": "a plan to rebuild the high school gymnasium",
        "body": "the school board",
        "issue": "larger class sizes",
        "unit": "students",
        "verb": "voted to cut bus routes",
        "event": "a contentious budget hearing",
    },
    {
        "head": "wildfire",
        "thing": "the ridge above town",
        "project": "a fuel-reduction project on public land",
        "body": "the county fire district",
        "issue": "evacuation orders",
        "unit": "acres",
        "verb": "ordered residents to leave",
        "event": "a fast-moving grass fire",
    },
    {
        "head": "harvest",
        "thing": "the grain elevator",
        "project": "a cooperative storage expansion",
        "body": "the farm cooperative",
        "issue": "falling crop prices",
        "unit": "bushels",
        "verb": "delayed the harvest",
        "event": "an early frost",
    },
    {
        "head": "factory",
        "thing": "the battery plant",
        "project": "a factory on the edge of town",
        "body": "the economic development council",
        "issue": "a shortage of skilled workers",
        "unit": "jobs",
        "verb": "announced new hiring",
        "event": "a shift change at the plant",
    },
    {
        "head": "transit",
        "thing": "the commuter rail line",
        "project": "an extension of the commuter rail line",
        "body": "the regional transit authority",
        "issue": "rising fares",
        "unit": "riders a day",
        "verb": "added late-night service",
        "event": "a signal failure during the morning rush",
    },
    {
        "head": "festival",
        "thing": "the riverfront park",
        "project": "a new stage at the riverfront park",
        "body": "the tourism bureau",
        "issue": "crowding on narrow streets",
        "unit": "visitors",
        "verb": "extended the festival by a day",
        "event": "the opening night parade",
    },
    {
        "head": "hospital",
        "thing": "the community hospital",
        "project": "a new emergency wing at the community hospital",
        "body": "the hospital district",
        "issue": "long waits in the emergency room",
        "unit": "patients a month",
        "verb": "hired additional nurses",
        "event": "a flu season that filled every bed",
    },
    {
        "head": "housing",
        "thing": "the former rail yard",
        "project": "an apartment complex on the former rail yard",
        "body": "the planning commission",
        "issue": "rents that have doubled in five years",
        "unit": "apartments",
        "verb": "approved the zoning change",
        "event": "a packed public meeting",
    },
    {
        "head": "ballot measure",
        "thing": "the county courthouse",
        "project": "a bond measure to renovate the courthouse",
        "body": "the county election office",
        "issue": "a recount request",
        "unit": "ballots",
        "verb": "certified the results",
        "event": "election night",
    },
    {
        "head": "fossil find",
        "thing": "the limestone quarry",
        "project": "a dig at the limestone quarry",
        "body": "the natural history museum",
        "issue": "how to protect the site from collectors",
        "unit": "fossils",
        "verb": "put the bones on display",
        "event": "the discovery of a nearly complete skeleton",
    },
)
HEADLINES = (
    "{Town} {body_short} weighs {head} as {issue} worry residents",
    "{head_cap} debate divides {Town} after {event}",
    "Officials in {Town} say {project} will move ahead",
    "{Town} residents press {body} over {issue}",
    "After {event}, {Town} looks for answers on {head}",
    "{head_cap} plan draws crowd in {Town}",
    "{Town} braces for {issue} as {body} acts",
)
NARRATIVE = (
    "{body_cap} {verb} on {weekday}, a decision that officials said would affect about {n} {unit}.",
    "The vote followed {event} that left many residents in {town} frustrated.",
    "{project_cap} is expected to cost about ${m} million, according to figures released by {body}.",
    "Supporters said the plan was overdue, while critics warned of {issue}.",
    "The county's population has grown by about {pct}% since the last census, putting pressure on {thing}.",
    "Work on {project} could begin as early as {month}, though no contract has been signed.",
    "Several residents spoke for more than an hour at the meeting, most of them about {issue}.",
    "State records show that {thing} was last inspected {k} years ago.",
    "{body_cap} plans to hold another public hearing in {month} before a final decision.",
    "Officials estimated that {n} {unit} were affected in the first week alone.",
    "The measure passed {votes}, with one member absent.",
    "Neighboring towns have faced similar questions, and two of them rejected comparable plans last year.",
    "In a written statement, {body} said it would publish a full timeline within {k} weeks.",
    "The issue has come up at nearly every meeting since {month}, when {event} drew wide attention.",
    "{Name} said the town had little choice but to act.",
    "Budget documents show the project would be paid for with a mix of state grants and local fees.",
    "A consultant hired by {body} recommended a phased approach spread over {k} years.",
    "Business owners near {thing} said they had already seen fewer customers.",
    "The decision can be appealed within {k} days, according to the county clerk's office.",
    "About {pct}% of respondents in a recent county survey named {issue} as their top concern.",
    "Traffic on the main road through {town} has risen steadily, reaching about {n} vehicles a day.",
    "The last comparable project in the region took {k} years and ran about {pct}% over budget.",
    "Engineers said the earliest realistic finish date would be {month} of next year.",
    "{body_cap} has scheduled a tour of {thing} for residents who want to see the conditions firsthand.",
    "Long before {event}, residents of {town} had complained about {issue} at town hall meetings.",
    "The town of about {n} people sits in a valley where the nearest interstate is an hour's drive away.",
    "A spokesperson for {body} declined to say when a final cost estimate would be ready.",
    "Local officials have asked the state for an emergency grant of about ${m} million.",
    "The plan would add roughly {k} new positions to the county payroll, according to a staff memo.",
    "Opponents gathered about {n} signatures on a petition asking for a public vote.",
    "At the meeting, a map of {thing} was taped to the wall behind the dais.",
    "Some residents drove more than {k} hours to attend, several of them with children in tow.",
    "The county has set aside about ${m} million in reserves, though officials said much of it is committed.",
    "A similar proposal failed in {month} by a margin of {votes}.",
    "{Name} urged neighbors to read the full proposal before the next meeting.",
    "The town's last major investment in {thing} came more than {k} decades ago.",
    "Heavy rain in {month} slowed work and pushed the schedule back by several weeks.",
    "Members of {body} toured {thing} on {weekday} morning and took questions from reporters afterward.",
    "A volunteer group has started handing out fact sheets at the farmers market every {weekday}.",
    "The regional chamber of commerce has not taken a position on {project}.",
    "Insurance costs for businesses in {town} rose by about {pct}% over the past two years.",
    "Officials said {issue} could ease by {month} if the first phase stays on schedule.",
    "The state auditor's office is reviewing how {body} handled earlier contracts.",
    "Attendance at the weekly meetings has roughly tripled since {month}.",
    "Former members of {body} said the debate echoed an argument over {thing} in the 1990s.",
)
QUOTES = (
    "We have been talking about this for years, and people want to see something happen",
    "Nobody I know is against fixing it, but the cost keeps going up",
    "This is the kind of decision that shapes a town for a generation",
    "We heard every concern tonight, and we will answer every one of them in writing",
    "I just want to know who is going to pay for it",
    "The numbers are not going to get better if we wait another year",
    "My family has been here for four generations, and I have never seen anything like this",
    "We are confident the schedule is realistic",
    "It is going to be a long winter for a lot of families",
    "There is no easy answer, and anyone who says otherwise is not being honest",
    "We owe it to the kids to get this right",
    "The town has done hard things before",
    "I have lived on this street my whole life, and this is the first time I have been scared",
    "We are asking for patience, and we know that is a lot to ask",
    "If you drive through here at night, you understand why people are upset",
    "The engineers were clear with us about what happens if we do nothing",
    "Every dollar we spend on this is a dollar we cannot spend somewhere else",
    "People here are tougher than they look",
    "We will keep showing up until somebody listens",
    "It is not perfect, but it is the best plan anyone has put on the table",
)
CLAIMS = (
    "The plant employs about {n} people",
    "The project is expected to cost ${m} million",
    "State inspectors found problems at {thing} in {month}",
    "{body_cap} has delayed the vote twice",
    "Enrollment has fallen by {pct}% over five years",
    "The company plans to hire about {n} workers",
)


# -- the story model -------------------------------------------------------------------------


@dataclass
class Story:
    kind: str  # "ap" | "reuters" | "local"
    fmt: str  # "md" | "html" | "txt"
    date: dt.date
    section: str
    headline: str
    author: str  # the metadata author field
    byline: str
    paragraphs: list[str]  # the lead, the body, and the end lines
    rules: list[str] = field(default_factory=list)
    entities: bool = False  # HTML: write the em dash and the copyright sign as entities

    @property
    def source(self) -> str | None:
        return {"ap": "AP", "reuters": "Reuters"}.get(self.kind)


@dataclass
class Cast:
    """The invented people, places and topic of one story."""

    town: str
    region: str  # "Ore." or an invented country
    topic: dict[str, str]
    people: list[tuple[str, str]]  # (name, role)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAME_HEADS)}{rng.choice(SURNAME_TAILS)}"


def town(rng: random.Random) -> str:
    return rng.choice(TOWN_HEADS) + rng.choice(TOWN_TAILS)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill(template: str, rng: random.Random, cast: Cast, date: dt.date) -> str:
    t = cast.topic
    name, _role = rng.choice(cast.people)
    values = {
        "town": cast.town,
        "Town": cast.town,
        "thing": t["thing"],
        "project": t["project"],
        "project_cap": cap(t["project"]),
        "body": t["body"],
        "body_cap": cap(t["body"]),
        "body_short": cap(t["body"].split()[-1]),
        "issue": t["issue"],
        "unit": t["unit"],
        "verb": t["verb"],
        "event": t["event"],
        "head": t["head"],
        "head_cap": cap(t["head"]),
        "Name": name,
        "weekday": WEEKDAYS[date.weekday()],
        "month": rng.choice(MONTHS),
        "n": f"{rng.randrange(120, 48000):,}",
        "m": f"{rng.randrange(2, 400)}",
        "pct": str(rng.randrange(3, 61)),
        "k": str(rng.randrange(2, 12)),
        "votes": f"{rng.randrange(4, 8)}-{rng.randrange(1, 4)}",
    }
    return template.format(**values)


class Deck:
    """Draws templates without repeats until all have been used, then reshuffles."""

    def __init__(self, rng: random.Random, items: Sequence[str]) -> None:
        self._rng = rng
        self._items = list(items)
        self._left: list[str] = []

    def draw(self) -> str:
        if not self._left:
            self._left = self._items[:]
            self._rng.shuffle(self._left)
        return self._left.pop()


def prose(rng: random.Random, cast: Cast, date: dt.date, count: int, told: str | None) -> list[str]:
    """`count` paragraphs of news prose; `told` (a service name) goes into one quote."""
    narrative = Deck(rng, NARRATIVE)
    quotes = Deck(rng, QUOTES)
    paras: list[str] = []
    told_at = rng.randrange(2, count) if told else -1
    for i in range(count):
        if i == told_at or (i > 0 and rng.random() < 0.3):
            name, role = rng.choice(cast.people)
            if i == told_at:
                text = f"\u201c{quotes.draw()},\u201d {name}, {role}, told {told}."
            else:
                text = f"\u201c{quotes.draw()},\u201d said {name}, {role}."
            if rng.random() < 0.6:
                text += " " + fill(narrative.draw(), rng, cast, date)
            paras.append(text)
        else:
            n = rng.choice((2, 3, 3, 4, 4, 4))
            paras.append(" ".join(fill(narrative.draw(), rng, cast, date) for _ in range(n)))
    return paras


# -- defects ---------------------------------------------------------------------------------


def pick_defects(rng: random.Random, rules: Sequence[str], fmt: str) -> list[str]:
    """0-2 compatible defects: about half the stories get none."""
    if rng.random() < 0.5:
        return []
    allowed = [r for r in rules if not (fmt == "txt" and r in TEXT_EXCLUDED)]
    chosen = [rng.choice(allowed)]
    if rng.random() < 0.4:
        second = [r for r in allowed if r not in chosen and compatible(chosen[0], r, fmt)]
        if second:
            chosen.append(rng.choice(second))
    return sorted(chosen)


def compatible(a: str, b: str, fmt: str) -> bool:
    pair = frozenset((a, b))
    return pair not in EXCLUSIVE and not (fmt == "txt" and pair in TEXT_EXCLUSIVE)


Parts = tuple[str, str, list[str], list[str]]  # (author, byline, paragraphs, rules)


def ap_story(rng: random.Random, cast: Cast, date: dt.date, fmt: str, paras: list[str]) -> Parts:
    """(author, byline, paragraphs, rules) of an AP story."""
    defects = pick_defects(rng, AP_RULES, fmt)
    writer = person(rng)
    city = f"{cast.town.upper()}, {cast.region}"
    lead, rest = paras[0], paras[1:]

    author = writer if "AP101" in defects or rng.random() < 0.7 else f"{writer}, Associated Press"
    byline = f"By {writer.upper()}" if "AP101" in defects else f"By {writer.upper()}, Associated Press"

    if "AP101" in defects:
        lead = rng.choice((f"{city} {EM} {lead}", lead))
    elif "AP102" in defects:
        lead = rng.choice((f"{city} (AP) {lead}", f"{city} (A.P.) {EM} {lead}", f"{city} >> {lead}"))
    else:
        lead = f"{city} (AP) {EM} {lead}"

    year = date.year - 1 if "AP203" in defects else date.year
    holder = rng.choice(("The Associated Pres", "AP News")) if "AP204" in defects else "The Associated Press"
    if "AP202" in defects:
        scraped = f"News from \u00a9 {holder}, . {RESERVED}"
        copyright_line = rng.choice((f"Copyright {holder}. {RESERVED}", scraped))
    else:
        copyright_line = f"Copyright {year} {holder}. {RESERVED}"
    if "AP301" in defects:
        notice = ""
    elif "AP302" in defects:
        notice = rng.choice((AP_NOTICE_PERMISSIVE, AP_NOTICE_NO_REWRITE))
    else:
        notice = AP_NOTICE
    end = " ".join(s for s in ("" if "AP201" in defects else copyright_line, notice) if s)

    body = [lead, *rest]
    if end:
        body.append(end)
    if "AP801" in defects:
        body.append(rng.choice(AP_FURNITURE))
    return author, byline, body, defects


def reuters_story(rng: random.Random, cast: Cast, date: dt.date, fmt: str, paras: list[str]) -> Parts:
    """(author, byline, paragraphs, rules) of a Reuters story."""
    defects = pick_defects(rng, RTR_RULES, fmt)
    writer = person(rng)
    city = cast.town.upper()
    when = f"{MONTHS[date.month - 1]} {date.day}"
    lead, rest = paras[0], paras[1:]
    if "RTR101" in defects:
        lead = rng.choice((f"{city}, {when} - {lead}", lead))
    else:
        lead = f"{city}, {when} (Reuters) - {lead}"
    body = [lead, *rest]
    if "RTR202" in defects:
        body.append(f"\u00a9 Thomson Reuters. {RESERVED}")
    elif "RTR201" not in defects:
        year = date.year - 1 if "RTR203" in defects else date.year
        body.append(f"\u00a9 {year} Thomson Reuters. {RESERVED}")
    return writer, f"By {writer}", body, defects


def local_story(rng: random.Random, cast: Cast, date: dt.date, paras: list[str]) -> Parts:
    """(author, byline, paragraphs, rules) of a staff-written local story."""
    rules: list[str] = []
    writer = person(rng)
    body = list(paras)
    if rng.random() < 0.3:
        body[0] = f"{cast.town.upper()}, {cast.region} {EM} {body[0]}"
    signals = []
    if rng.random() < 0.05:
        rules.append("AP501")
        signals.append(rng.choice(AP_SIGNALS))
    if rng.random() < 0.03:
        rules.append("RTR501")
        signals.append(RTR_SIGNAL)
    for signal in signals:
        at = rng.randrange(1, len(body))
        claim = fill(rng.choice(CLAIMS), rng, cast, date)
        body[at] = f"{body[at]} {signal.format(claim=claim)}"
    body.append(rng.choice(LOCAL_FOOTER))
    return writer, f"By {writer}, Staff Writer", body, sorted(rules)


# -- one article -----------------------------------------------------------------------------


def make_story(rng: random.Random, formats: Sequence[str]) -> Story:
    roll = rng.random()
    kind = "ap" if roll < 0.40 else "reuters" if roll < 0.65 else "local"
    fmt = rng.choice(formats)
    date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365 + 1))
    section = rng.choice(SECTIONS)
    domestic = kind != "reuters" and rng.random() < 0.8
    cast = Cast(
        town=town(rng),
        region=rng.choice(STATES) if domestic else rng.choice(COUNTRIES),
        topic=rng.choice(TOPICS),
        people=[(person(rng), rng.choice(ROLES)) for _ in range(rng.randrange(3, 6))],
    )
    told = None
    if kind == "ap" and rng.random() < 0.25:
        told = "The Associated Press"
    elif kind == "reuters" and rng.random() < 0.2:
        told = "Reuters"
    paras = prose(rng, cast, date, rng.randrange(12, 26), told)
    headline = fill(rng.choice(HEADLINES), rng, cast, date)
    if kind == "ap":
        author, byline, body, rules = ap_story(rng, cast, date, fmt, paras)
    elif kind == "reuters":
        author, byline, body, rules = reuters_story(rng, cast, date, fmt, paras)
    else:
        author, byline, body, rules = local_story(rng, cast, date, paras)
    entities = fmt == "html" and rng.random() < 0.3
    return Story(kind, fmt, date, section, headline, author, byline, body, rules, entities)


def render(story: Story) -> str:
    if story.fmt == "md":
        return render_markdown(story)
    if story.fmt == "html":
        return render_html(story)
    return render_text(story)


def yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def render_markdown(s: Story) -> str:
    lines = ["---", f"title: {yaml_string(s.headline)}", f"date: {s.date.isoformat()}"]
    lines.append(f"author: {yaml_string(s.author)}")
    if s.source:
        lines.append(f"source: {s.source}")
    lines += ["---", "", f"# {s.headline}", "", s.byline, ""]
    for p in s.paragraphs:
        lines += [p, ""]
    return "\n".join(lines)


def render_html(s: Story) -> str:
    def esc(text: str) -> str:
        text = html.escape(text, quote=False)
        if s.entities:
            text = text.replace(EM, "&mdash;").replace("\u00a9", "&copy;")
        return text

    def attr(text: str) -> str:
        return html.escape(text, quote=True)

    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(s.headline)}</title>",
        f'<meta name="author" content="{attr(s.author)}">',
        f'<meta name="date" content="{s.date.isoformat()}">',
    ]
    if s.source:
        head.append(f'<meta name="source" content="{s.source}">')
    body = ["</head>", "<body>", "<article>", f"<h1>{esc(s.headline)}</h1>", f'<p class="byline">{esc(s.byline)}</p>']
    body += [f"<p>{esc(p)}</p>" for p in s.paragraphs]
    body += ["</article>", "</body>", "</html>", ""]
    return "\n".join(head + body)


def render_text(s: Story) -> str:
    return "\n\n".join([s.headline, s.byline, *s.paragraphs]) + "\n"


def slug(text: str, words: int = 6) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:words])


# -- the corpus ------------------------------------------------------------------------------


def generate(out: Path, count: int, seed: int, formats: Sequence[str] = ("md",)) -> dict[str, object]:
    """Write the corpus and its manifest under `out`; return the manifest."""
    master = random.Random(seed)
    # Spread files over year/month folders, split by section so a folder holds ~100 files.
    sections = SECTIONS[: max(1, min(len(SECTIONS), round(count / (FILES_PER_FOLDER * MONTH_FOLDERS))))]
    files: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for i in range(count):
        rng = random.Random(master.getrandbits(64))
        story = make_story(rng, formats)
        section = sections[SECTIONS.index(story.section) % len(sections)]
        folder = f"{story.date.year}/{story.date.month:02d}/{section}"
        rel = f"{folder}/{slug(story.headline)}-{i:05d}{EXTENSIONS[story.fmt]}"
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(story).encode("utf-8"))
        files[rel] = story.rules
        kinds[rel] = story.kind
    manifest: dict[str, object] = {
        "seed": seed,
        "count": count,
        "formats": list(formats),
        "files": files,
        "kinds": kinds,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a seeded synthetic wire-news corpus and its manifest.")
    parser.add_argument("out", type=Path, help="output folder (created if missing)")
    parser.add_argument("--count", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--formats", default="md", help="comma-separated formats among md,html,txt (default md)")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in EXTENSIONS]
    if unknown or not formats:
        parser.error(f"unknown format(s) {', '.join(unknown) or '(none)'}; choose among md, html, txt")
    if args.count < 1:
        parser.error("--count must be at least 1")
    if (args.out / "manifest.json").exists():
        print(f"note: {args.out} already holds a corpus; files are overwritten", file=sys.stderr)
    generate(args.out, args.count, args.seed, formats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
