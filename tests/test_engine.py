"""The engine: which rules run, how findings are graded and suppressed, runaway patterns."""

from __future__ import annotations

import faulthandler
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from linter import watchdog
from linter.engine import PathOverride, Selection, Settings, check_document, check_path, run, start_workers
from linter.globs import GlobSet
from linter.policy import Policy, Severity
from linter.readers import markdown

from .conftest import policy_from

SCRAPED = (
    "---\nsource: AP\ndate: 2025-05-06\n---\n"
    "MILLBROOK, Vt. (AP) — The council met.\n\n"
    "News from © The Associated Press, . All rights reserved.\n\n"
    "The Associated Press is an independent global news organization dedicated to factual reporting.\n"
)


@pytest.mark.parametrize(
    ("select", "ignore", "rule", "allowed"),
    [
        (("",), (), "AP202", True),
        (("",), ("AP2",), "AP202", False),
        (("AP202",), ("AP2",), "AP202", True),  # longer prefix wins
        (("AP2",), ("AP202",), "AP202", False),
        (("AP2",), ("AP2",), "AP202", False),  # a tie goes to ignore
        (("RTR",), (), "AP202", False),
        (("AP",), ("AP8",), "AP801", False),
    ],
)
def test_selection_longest_prefix_wins(
    select: tuple[str, ...], ignore: tuple[str, ...], rule: str, allowed: bool
) -> None:
    assert Selection(select, ignore).allows(rule) is allowed


def codes(settings: Settings, text: str = SCRAPED, path: str = "news/a.md") -> list[tuple[str, str]]:
    return [(v.rule, v.severity) for v in check_document(markdown.read(path, text), settings)]


def test_defaults_and_overrides(ap: Policy) -> None:
    base = Settings(policies=(ap,), terms={"ap": {"require_notice": True}})
    assert codes(base) == [("AP202", "error"), ("AP301", "error"), ("AP801", "warning")]
    graded = Settings(
        policies=(ap,), terms={"ap": {"require_notice": True}}, severity={"AP8": Severity.ERROR, "AP801": Severity.INFO}
    )
    assert codes(graded)[-1] == ("AP801", "info")  # the longest prefix wins here too
    ignored = Settings(policies=(ap,), terms={"ap": {"require_notice": False}}, selection=Selection(("",), ("AP2",)))
    assert codes(ignored) == [("AP801", "warning")]


def test_per_path_overrides(ap: Policy) -> None:
    override = PathOverride(GlobSet(["opinion/**"]), ignore=("AP801",), severity={"AP202": Severity.WARNING})
    settings = Settings(policies=(ap,), terms={"ap": {"require_notice": False}}, per_path=(override,))
    assert codes(settings, path="news/a.md") == [("AP202", "error"), ("AP801", "warning")]
    assert codes(settings, path="opinion/2025/a.md") == [("AP202", "warning")]


def test_per_path_policies(ap: Policy, reuters: Policy) -> None:
    override = PathOverride(GlobSet(["wire/reuters/**"]), policies=("reuters",))
    settings = Settings(policies=(ap, reuters), terms={"ap": {"require_notice": False}}, per_path=(override,))
    assert codes(settings, path="wire/ap/a.md") == [("AP202", "error"), ("AP801", "warning")]
    assert codes(settings, path="wire/reuters/a.md") == []  # only the Reuters policy applies there


def test_suppressions_need_known_rules_and_reasons(ap: Policy) -> None:
    text = SCRAPED.replace(
        "The Associated Press is an",
        "<!-- wirelint-disable-next AP801: legal approved the blurb -->\nThe Associated Press is an",
    )
    settings = Settings(policies=(ap,), terms={"ap": {"require_notice": False}})
    assert codes(settings, text) == [("AP202", "error")]
    no_reason = text.replace(": legal approved the blurb", "")
    assert [(v.rule, v.message) for v in check_document(markdown.read("a.md", no_reason), settings)][1:] == [
        ("WL002", "'wirelint-disable-next' gives no reason; add one after a colon"),
    ]
    unknown = text.replace("AP801:", "AP899:")
    found = check_document(markdown.read("a.md", unknown), settings)
    assert [(v.rule, v.line, v.message) for v in found if v.rule.startswith("WL")] == [
        ("WL001", 9, "'wirelint-disable-next' names unknown rule AP899"),
    ]
    assert "AP801" in [v.rule for v in found]  # the misspelt suppression suppressed nothing


def test_disable_and_enable_ranges(ap: Policy) -> None:
    text = (
        "---\nsource: AP\n---\n<!-- wirelint-disable-file AP301: notice waived in our 2025 agreement -->\n\n"
        "X (AP) — Y.\n\n<!-- wirelint-disable AP801: sidebar -->\n\nJoin the Conversation!\n\n<!-- wirelint-enable AP801 -->\n\n"
        "Join the conversation!\n\nCopyright 2025 The Associated Press.\n"
    )
    found = check_document(
        markdown.read("a.md", text), Settings(policies=(ap,), terms={"ap": {"require_notice": True}})
    )
    assert [(v.rule, v.line) for v in found] == [("AP801", 14)]


RUNAWAY = "(?:(?:a|aa)+)+b"


@pytest.mark.parametrize(
    ("rule", "story"),
    [
        pytest.param(
            f"  - id: SLW501\n    slug: slow\n    kind: phrase\n    condition: forbid\n    applies: all\n"
            f"    patterns: ['{RUNAWAY}']\n",
            "x " + "a" * 40 + "!\n",
            id="phrase-pattern",
        ),
        pytest.param(
            "  - id: SLW301\n    slug: notice-missing\n    kind: notice\n    condition: missing\n"
            f"    text: Do not copy this story.\n    holder: '{RUNAWAY}'\n",
            "x\n\nCopyright " + "a" * 40 + "! Do not copy this story.\n",
            id="notice-holder",
        ),
        pytest.param(
            f"  - id: SLW201\n    slug: copyright-missing\n    kind: copyright\n    condition: missing\n    holder: '{RUNAWAY}'\n",
            "x\n\nCopyright 2025 " + "a" * 40 + "!\n",
            id="copyright-holder",
        ),
    ],
)
@pytest.mark.parametrize("guard", ["per-call timeout", "alarm", "alarm, document too big for it"])
def test_a_runaway_pattern_is_stopped_and_reported(
    tmp_path: Path, rule: str, story: str, guard: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = policy_from("id: slow\nname: Slow\nprefix: SLW\ndetect: {patterns: ['x']}\nrules:\n" + rule)
    path = tmp_path / "a.md"
    path.write_text(story)
    settings = Settings(policies=(policy,), timeout=0.05)
    if guard == "per-call timeout":
        assert not watchdog.enabled()
        result = check_path(str(path), settings)
    else:
        if guard == "alarm, document too big for it":
            monkeypatch.setattr(watchdog, "CHARS_PER_SECOND", 10)
        armed = _count_arms(monkeypatch)
        # `run` in this process arms one alarm per document (and no per-call timeout):
        # if the alarm failed, the pattern would run for ages; fail loudly instead.
        faulthandler.dump_traceback_later(60, exit=True)
        try:
            (result,) = run([str(path)], settings, jobs=1)
        finally:
            faulthandler.cancel_dump_traceback_later()
        assert not watchdog.enabled()  # SIGALRM is given back after the run
        if guard == "alarm":
            assert armed[0] >= 1  # the alarm, not a per-call timeout, guarded the document
        else:
            assert armed[0] == 0
    rule_id = rule.split("id: ")[1].split("\n")[0]
    assert [(v.rule, v.slug, v.message) for v in result.violations] == [
        ("WL106", "regex-timeout", f"pattern of {rule_id} stopped after the regex time limit: {RUNAWAY}")
    ]


def _count_arms(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the alarms armed (a spy on watchdog.arm)."""
    count = [0]
    real = watchdog.arm

    def arm(seconds: float) -> None:
        count[0] += 1
        real(seconds)

    monkeypatch.setattr(watchdog, "arm", arm)
    return count


def test_after_an_alarm_the_remaining_rules_get_a_fresh_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = "".join(
        f"  - id: SLW50{i}\n    slug: slow-{i}\n    kind: phrase\n    condition: forbid\n    applies: all\n"
        f"    patterns: ['{RUNAWAY}']\n"
        for i in (1, 2)
    )
    rules += "  - id: SLW503\n    slug: fine\n    kind: phrase\n    condition: forbid\n    applies: all\n"
    rules += "    patterns: ['x a']\n"
    policy = policy_from("id: slow\nname: Slow\nprefix: SLW\ndetect: {patterns: ['x']}\nrules:\n" + rules)
    path = tmp_path / "a.md"
    path.write_text("x " + "a" * 40 + "!\n")
    armed = _count_arms(monkeypatch)
    faulthandler.dump_traceback_later(60, exit=True)
    try:
        (result,) = run([str(path)], Settings(policies=(policy,), timeout=0.05), jobs=1)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert armed[0] >= 3  # the document's alarm, then again after each runaway rule
    assert [(v.rule, v.message.split(":")[0]) for v in result.violations] == [
        ("WL106", "pattern of SLW501 stopped after the regex time limit"),
        ("WL106", "pattern of SLW502 stopped after the regex time limit"),
        ("SLW503", "'x a' is not allowed here"),
    ]


def test_the_alarm_leaves_another_programs_sigalrm_alone() -> None:
    def theirs(signum: int, frame: object) -> None:
        raise AssertionError("not expected to fire")

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        assert watchdog.enable() is False
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert watchdog.enable() is True
    watchdog.disable()
    assert signal.getsignal(signal.SIGALRM) is previous


def _stories(folder: Path, every: int) -> list[str]:
    """240 stories: every `every`-th a scraped AP story (3 violations), the rest local."""
    paths = []
    for i in range(240):
        p = folder / f"s{i:03}.md"
        p.write_text(SCRAPED if i % every == 0 else "Local story.\n")
        paths.append(str(p))
    return paths


def test_run_in_parallel_gives_the_same_results_in_order(tmp_path: Path, ap: Policy) -> None:
    paths = _stories(tmp_path, 3)
    settings = Settings(policies=(ap,), terms={"ap": {"require_notice": True}})
    serial = list(run(paths, settings, jobs=1))
    parallel = list(run(paths, settings, jobs=2))
    assert serial == parallel
    assert sum(len(r.violations) for r in parallel) == 80 * 3


def test_enable_ends_only_the_rules_it_names(ap: Policy) -> None:
    text = (
        "---\nsource: AP\n---\nX (AP) — Y.\n\n<!-- wirelint-disable AP801, AP202: sidebar quoting an old page -->\n\n"
        "Join the Conversation!\n\n<!-- wirelint-enable AP801 -->\n\nJoin the conversation!\n\n"
        "News from © The Associated Press, . All rights reserved.\n"
    )
    found = check_document(
        markdown.read("a.md", text), Settings(policies=(ap,), terms={"ap": {"require_notice": False}})
    )
    # AP801 is reported again after its 'enable'; AP202 stays suppressed to the end.
    assert [(v.rule, v.line) for v in found] == [("AP801", 12)]


def test_a_comment_opening_mid_paragraph_hides_what_it_encloses(ap: Policy) -> None:
    text = (
        "---\nsource: AP\ndate: 2025-05-06\n---\nX (AP) — Y. <!-- old footer:\nCopyright 2019 The Associated Press. -->\n"
        "more text.\n\nCopyright 2025 The Associated Press.\n"
    )
    doc = markdown.read("a.md", text)
    assert doc.block_text(doc.blocks[0]) == "X (AP) — Y. more text."
    settings = Settings(policies=(ap,), terms={"ap": {"require_notice": False}})
    assert [v.rule for v in check_document(doc, settings)] == []


def test_chunks_cover_every_path_in_order_and_shrink_towards_the_end() -> None:
    from linter.engine import _chunks

    paths = [f"f{i}" for i in range(10_000)]
    chunks = list(_chunks(paths, 2))
    assert [p for c in chunks for p in c] == paths
    sizes = [len(c) for c in chunks]
    assert sizes[0] == 128 and sizes[-2] == 16 and max(sizes) == 128 and min(sizes[:-1]) == 16
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)


def test_chunks_of_a_stream_are_sized_by_what_is_left_and_read_only_so_far_ahead() -> None:
    from linter.engine import _chunks

    for count in (1, 200, 2047, 2048, 2049, 10_000):
        read = [0]

        def stream(n: int = count, read: list[int] = read) -> Iterator[str]:
            for i in range(n):
                read[0] += 1
                yield f"f{i}"

        chunks = _chunks(stream(), 2)
        first = next(chunks)
        assert read[0] == min(count, 2048)  # the first chunk goes out before the walk ends
        sizes = [len(first)] + [len(c) for c in chunks]
        # What knowing the whole list gives: an eighth of a worker's share of what is left.
        expected, left = [], count
        while left:
            expected.append(min(left, max(16, min(128, -(-left // 16)))))
            left -= expected[-1]
        assert sizes == expected


def test_walking_gives_what_discover_gives_while_the_walk_goes_on(tmp_path: Path) -> None:
    from linter.files import Walking, discover
    from linter.globs import GlobSet

    for folder in range(30):
        (tmp_path / f"d{folder:02}").mkdir()
        for i in range(7):
            (tmp_path / f"d{folder:02}" / f"s{i}.md").write_text("x\n")
    (tmp_path / "d05" / "loop").symlink_to("..")
    args = ([str(tmp_path)], GlobSet(["*.md"]), GlobSet([]), str(tmp_path))
    walking = Walking(*args)
    streamed = list(walking)
    assert streamed == discover(*args).files == walking.result().files
    assert len(streamed) == 210
    assert walking.result().notes == discover(*args).notes != []


def test_a_stopped_walk_ends_after_the_folder_in_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.files import Walking
    from linter.globs import GlobSet

    for folder in range(200):
        (tmp_path / f"d{folder:03}").mkdir()
        (tmp_path / f"d{folder:03}" / "s.md").write_text("x\n")
    slow = os.scandir

    def scandir(path: str) -> object:
        time.sleep(0.002)  # a slow disk: 200 folders take 0.4 s or more
        return slow(path)

    monkeypatch.setattr(os, "scandir", scandir)
    walking = Walking([str(tmp_path)], GlobSet(["*.md"]), GlobSet([]), str(tmp_path))
    next(iter(walking))  # Ctrl-C once the first file is checked
    walking.stop()
    found = walking.result()
    assert 1 <= len(found.files) < 20
    assert found.notes == []


def _boom(path: str, settings: Settings) -> object:
    raise ValueError(f"cannot check {os.path.basename(path)}")


def _die(path: str, settings: Settings) -> object:
    os._exit(9)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers see the patched function only when forked")
@pytest.mark.parametrize(
    ("patched", "error", "message"),
    [(_boom, ValueError, r"cannot check s\d+\.md"), (_die, RuntimeError, "ended unexpectedly")],
)
def test_a_worker_that_fails_or_dies_stops_the_run_with_its_error(
    tmp_path: Path, ap: Policy, monkeypatch: pytest.MonkeyPatch, patched: object, error: type, message: str
) -> None:
    from linter import engine

    paths = _stories(tmp_path, 3)
    monkeypatch.setattr(engine, "check_path", patched)
    faulthandler.dump_traceback_later(60, exit=True)  # never a hang
    try:
        with pytest.raises(error, match=message) as raised:
            list(run(paths, Settings(policies=(ap,)), jobs=2))
    finally:
        faulthandler.cancel_dump_traceback_later()
    if patched is _boom:  # the worker's traceback comes along
        assert isinstance(raised.value.__cause__, engine.WorkerError)
        assert "in _boom" in str(raised.value.__cause__)


def test_workers_serve_a_new_run_after_one_that_stopped_early(tmp_path: Path, ap: Policy) -> None:
    paths = _stories(tmp_path, 3)
    settings = Settings(policies=(ap,))
    workers = start_workers([str(tmp_path)], settings, jobs=2)
    assert workers is not None
    faulthandler.dump_traceback_later(60, exit=True)
    try:
        first = run(paths, settings, workers=workers)
        next(first)
        first.close()  # chunks are still being checked for it
        again = list(run(list(reversed(paths)), settings, workers=workers))
    finally:
        faulthandler.cancel_dump_traceback_later()
        workers.close()
    assert again == list(run(list(reversed(paths)), settings, jobs=1))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers")
def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    probe = (
        "import os, signal, sys\n"
        "from linter.engine import Settings, start_workers\n"
        "from linter.policy import load_file, resolve\n"
        f"w = start_workers([{str(tmp_path)!r}], Settings(policies=(load_file(resolve('ap')),)), 2)\n"
        "print(' '.join(str(p.pid) for p in w.procs), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    kids = [int(pid) for pid in proc.stdout.split()]
    assert len(kids) == 2
    deadline = time.monotonic() + 10
    alive = kids
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [pid for pid in kids if _alive(pid)]
    assert alive == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
    except OSError:
        os.kill(pid, 0)
        return True


def test_workers_start_early_only_for_folders_and_give_the_same_results(tmp_path: Path, ap: Policy) -> None:
    paths = _stories(tmp_path, 4)
    settings = Settings(policies=(ap,), terms={"ap": {"require_notice": True}})
    assert start_workers(paths[:3], settings, jobs=2) is None  # files named: the hook's case
    assert start_workers([str(tmp_path)], settings, jobs=1) is None
    workers = start_workers([str(tmp_path)], settings, jobs=2)
    assert workers is not None
    try:
        early = list(run(paths, settings, workers=workers))
        few = list(run(paths[:5], settings, workers=workers))  # too few for workers: run here
    finally:
        workers.close()
    assert early == list(run(paths, settings, jobs=1))
    assert few == early[:5]
    assert sum(len(r.violations) for r in early) == 60 * 3
