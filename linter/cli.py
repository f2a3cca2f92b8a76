"""Command line: argument parsing, the one error boundary, exit codes. Only this module prints.

Exit codes: 0 nothing at or above --fail-on; 1 violations; 2 usage, config or policy
error; 3 internal error; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

from . import __version__
from .errors import UsageError

EXIT_OK, EXIT_VIOLATIONS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C (SIGINT)
ISSUES_URL = "https://github.com/wirelint/wirelint/issues"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        _err(str(exc) if _has_location(exc) else f"wirelint: error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("wirelint: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`wirelint check | head`); not an error.
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # the one place an unexpected error becomes a message
        _err(
            f"wirelint: internal error: {type(exc).__name__}: {exc}. This is a bug; please report it at {ISSUES_URL} with the command you ran."
        )
        if os.environ.get("WIRELINT_DEBUG"):
            raise
        return EXIT_INTERNAL


# Set by `run`: the process exits as soon as the command returns, so a command may leave
# its results for the exit to drop rather than free them (commands._keep).
EXITS_AFTER = False


def run() -> NoReturn:
    """The `wirelint` command: `main`, then out without tearing the interpreter down.

    Freeing every object of a large run (paths, results, modules) took ~13 ms after a
    10,000-file check, a cost nobody waits for on purpose. Standard output is flushed
    first: a reader that went away (`wirelint check | head`) is no error, but output that
    could not be written (a full disk) is said and makes the exit code 3, as an error
    inside the command does. Commands end their workers, helper processes and databases
    before they return.
    """
    global EXITS_AFTER
    EXITS_AFTER = True
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as exc:
        with contextlib.suppress(OSError, ValueError):
            _err(f"wirelint: error: could not write the output: {exc.strerror or exc}")
        code = EXIT_INTERNAL
    except ValueError:  # standard output was closed: nothing more to say there
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _has_location(exc: UsageError) -> bool:
    from .errors import SourceError, SourceErrors

    return isinstance(exc, (SourceError, SourceErrors))


def _err(message: str) -> None:
    print(message, file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """argparse makes a help formatter for every `add_argument` (to check its metavar), and
    a formatter asks the terminal for its width, importing shutil: ~2 ms of every start of
    a pre-commit hook. Those checks get a formatter of a set width; help and usage text,
    when printed, the terminal's."""

    _showing = 0

    def _get_formatter(self) -> argparse.HelpFormatter:
        if _Parser._showing:
            return super()._get_formatter()
        return argparse.HelpFormatter(prog=self.prog, width=100)

    def format_usage(self) -> str:
        with _shown():
            return super().format_usage()

    def format_help(self) -> str:
        with _shown():
            return super().format_help()


@contextlib.contextmanager
def _shown() -> Iterator[None]:
    """While help or usage text is made to be printed (at the terminal's width)."""
    _Parser._showing += 1
    try:
        yield
    finally:
        _Parser._showing -= 1


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wirelint",
        description="A rights linter for republished wire-service news.",
    )
    parser.add_argument("--version", action="version", version=f"wirelint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check articles for attribution, copyright and notice violations")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files and folders (default: the current folder)")
    _run_options(check)
    check.add_argument(
        "--changed-since",
        metavar="REF",
        help="check only the content files changed since the git REF (merge base to working tree)",
    )
    check.add_argument(
        "--baseline", metavar="FILE", help="report only violations the baseline FILE does not record (docs/ci.md)"
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github", "junit"),
        default="text",
        help="output format (default: text; docs/output.md)",
    )
    check.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE (atomically) instead of standard output"
    )
    check.add_argument(
        "--fail-on", choices=("error", "warning", "info"), help="lowest severity that fails the run (default: error)"
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when violations are found")
    repair = check.add_mutually_exclusive_group()
    repair.add_argument(
        "--fix",
        action="store_true",
        help="repair what is safe to repair (copyright line, year, notice; docs/ci.md), then report what is left",
    )
    repair.add_argument("--diff", action="store_true", help="print what --fix would change, as a diff; change nothing")

    audit = sub.add_parser(
        "audit",
        help="audit folders: parallel, with progress, a summary by rule, service and folder, and an HTML report",
    )
    audit.add_argument("paths", nargs="*", metavar="PATH", help="files and folders (default: the current folder)")
    _run_options(audit)
    audit.add_argument("--html", metavar="FILE", help="write a self-contained HTML report to FILE (docs/audit.md)")
    audit.add_argument(
        "--baseline", metavar="FILE", help="leave out the violations the baseline FILE records (docs/ci.md)"
    )
    audit.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: the summary (default); json: every violation and the summary (docs/output.md)",
    )
    audit.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the summary or JSON to FILE (atomically) instead of standard output",
    )
    audit.add_argument(
        "--fail-on", choices=("error", "warning", "info"), help="lowest severity that fails the run (default: error)"
    )
    audit.add_argument("--exit-zero", action="store_true", help="exit 0 even when violations are found")

    baseline = sub.add_parser("baseline", help="record today's violations so CI reports only new ones")
    baseline.set_defaults(baseline_parser=baseline)
    bsub = baseline.add_subparsers(dest="baseline_command", metavar="ACTION")
    bwrite = bsub.add_parser("write", help="check PATHs and record every violation in FILE")
    bwrite.add_argument("file", metavar="FILE")
    bwrite.add_argument("paths", nargs="*", metavar="PATH", help="files and folders (default: the current folder)")
    _run_options(bwrite)
    bwrite.set_defaults(fail_on=None)

    corpus = sub.add_parser("corpus", help="a lasting index of the wire originals you licensed (docs/corpus.md)")
    corpus.set_defaults(corpus_parser=corpus)
    csub = corpus.add_subparsers(dest="corpus_command", metavar="ACTION")
    cbuild = csub.add_parser("build", help="index the originals under DIR (only new and changed files are read)")
    cbuild.add_argument("folder", metavar="DIR")
    cbuild.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default: all cores)")
    cremove = csub.add_parser("remove", help="drop the originals at PATHs (files, or everything under folders)")
    cremove.add_argument("paths", nargs="+", metavar="PATH")
    cstats = csub.add_parser("stats", help="originals, dates, folders and size of the index")
    cmatch = csub.add_parser("match", help="the originals a story shares text with, and where")
    cmatch.add_argument("file", metavar="FILE")
    cmatch.add_argument("--limit", type=int, default=5, metavar="N", help="originals shown (default 5)")
    for p in (cbuild, cremove, cstats, cmatch):
        _common(p)  # build: the policies whose originals they are; all: the config's `corpus:`
        p.add_argument(
            "--db", metavar="PATH", help="the index (default: `corpus:` in the config, else .wirelint/corpus.sqlite)"
        )
        p.add_argument("-q", "--quiet", action="store_true", help="no progress, no notes")

    explain = sub.add_parser("explain", help="explain a rule (or a check kind): what it checks, why, examples")
    explain.add_argument("rule", metavar="RULE")
    _common(explain)

    policy = sub.add_parser("policy", help="list, show, validate and test policies")
    policy.set_defaults(policy_parser=policy)
    psub = policy.add_subparsers(dest="policy_command", metavar="ACTION")
    plist = psub.add_parser("list", help="list the policies in use")
    _common(plist)
    show = psub.add_parser("show", help="print a policy's YAML (loadable again with --policy FILE)")
    show.add_argument("name", metavar="NAME|FILE")
    validate = psub.add_parser("validate", help="validate policy files; report every error as file:line:col")
    validate.add_argument("files", nargs="+", metavar="FILE")
    pcheck = psub.add_parser(
        "check", help="validate policy files, then run their examples (what the wirelint-policies hook runs)"
    )
    pcheck.add_argument("files", nargs="+", metavar="FILE")
    ptest = psub.add_parser("test", help="run the pass/fail examples embedded in policies")
    ptest.add_argument("names", nargs="*", metavar="FILE|NAME", help="default: every policy in use")
    _common(ptest)
    return parser


def _run_options(p: argparse.ArgumentParser) -> None:
    """What decides which violations a run finds (shared by check and baseline write)."""
    _common(p)
    p.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES",
        help="only these rule IDs or prefixes (comma-separated, repeatable)",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULES",
        help="skip these rule IDs or prefixes (comma-separated, repeatable)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print violations only: no summary, no notes")
    p.add_argument(
        "--originals", metavar="DIR", help="folder of wire copy as delivered: compare stories with it (rewrite rules)"
    )
    p.add_argument(
        "--corpus",
        metavar="PATH",
        help="a corpus index of the wire copy (wirelint corpus build): rewrite rules and AP502 unattributed copy",
    )
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default: all cores)")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="NAME|FILE",
        help="use this policy (repeatable; default: config, else ap and reuters)",
    )
    p.add_argument(
        "--config", metavar="FILE", help="config file (default: .wirelint.yaml or pyproject.toml, searched upwards)"
    )


def _main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        from .commands import check

        return check(args, sys.stdout, sys.stderr)
    if args.command == "audit":
        from .commands import audit

        return audit(args, sys.stdout, sys.stderr)
    if args.command == "baseline":
        if args.baseline_command is None:
            args.baseline_parser.print_help(sys.stderr)
            return EXIT_USAGE
        from .commands import baseline_write

        return baseline_write(args, sys.stdout, sys.stderr)
    if args.command == "corpus":
        if args.corpus_command is None:
            args.corpus_parser.print_help(sys.stderr)
            return EXIT_USAGE
        from .commands import corpus

        return corpus(args, sys.stdout, sys.stderr)
    if args.command == "explain":
        from .commands import explain

        return explain(args, sys.stdout)
    if args.command == "policy":
        from . import commands

        action = args.policy_command
        if action is None:
            args.policy_parser.print_help(sys.stderr)
            return EXIT_USAGE
        handler = {
            "list": commands.policy_list,
            "show": commands.policy_show,
            "validate": commands.policy_validate,
            "test": commands.policy_test,
            "check": commands.policy_check,
        }[action]
        return handler(args, sys.stdout)
    parser.print_help(sys.stderr)
    return EXIT_USAGE


__all__ = ["EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "EXIT_VIOLATIONS", "main", "run"]
