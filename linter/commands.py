"""The subcommands behind the CLI: each takes parsed arguments and output streams, returns an exit code."""

from __future__ import annotations

import argparse
import contextlib
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from . import config as configmod
from . import policy as policymod
from .cli import EXIT_OK, EXIT_VIOLATIONS
from .errors import SourceError, SourceErrors, UsageError
from .policy import Policy, Severity

if TYPE_CHECKING:
    from .report.summary import Summary
    from .violation import Violation


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip().upper() for item in values for v in item.split(",") if v.strip())


def load_config(args: argparse.Namespace) -> configmod.Config:
    if getattr(args, "config", None):
        if not os.path.isfile(args.config):
            raise UsageError(f"config file not found: {args.config}")
        return configmod.load(args.config)
    found = configmod.find(os.getcwd())
    return configmod.load(found) if found else configmod.Config()


def load_policies(args: argparse.Namespace, cfg: configmod.Config) -> list[Policy]:
    """Policies from --policy (relative to the current folder) or the config (relative to it)."""
    if args.policy:
        specs, base = list(args.policy), None
    else:
        specs, base = list(cfg.policies), cfg.root
    policies = [policymod.load_file(policymod.resolve(spec, base)) for spec in specs]
    seen: dict[str, str] = {}
    for p in policies:
        if p.id in seen:
            raise UsageError(f"two policies share the id '{p.id}': {seen[p.id]} and {p.path}")
        seen[p.id] = p.path
    prefixes: dict[str, str] = {}
    for p in policies:
        if p.prefix in prefixes:
            raise UsageError(f"two policies share the rule prefix '{p.prefix}': {prefixes[p.prefix]} and {p.path}")
        prefixes[p.prefix] = p.path
    return policies


# -- check ----------------------------------------------------------------------------------------


def check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .engine import run
    from .files import discover
    from .globs import GlobSet
    from .report.summary import Summary
    from .violation import Violation

    cfg = load_config(args)
    policies = load_policies(args, cfg)
    if args.output and not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
        # Said before the run, not after it.
        raise UsageError(f"--output: no such folder: {os.path.dirname(os.path.abspath(args.output))}")
    originals = None
    folder = args.originals or cfg.originals
    if folder:
        if not os.path.isdir(folder):
            raise UsageError(f"--originals: no such folder: {folder}")
        from .corpus_index import OriginalsIndex

        # Indexed once per run, before the workers start: they share it.
        originals, problems = OriginalsIndex.build(folder)
        if not args.quiet:
            for problem in problems:
                err.write(f"wirelint: note: original {problem}\n")
    settings = configmod.settings_from(cfg, policies, _split(args.select), _split(args.ignore), originals)
    paths = args.paths or ["."]
    found = discover(paths, GlobSet(cfg.include), GlobSet(cfg.exclude), cfg.root)
    if not args.quiet:
        for note in found.notes:
            err.write(f"wirelint: note: {note}\n")
    violations: list[Violation] = []
    checked: list[str] = []
    links: dict[str, str] = {}
    start = time.perf_counter()
    for result in run(found.files, settings, args.jobs):
        violations.extend(result.violations)
        checked.append(result.path)
        if result.original is not None:
            links[result.path] = result.original
    elapsed = time.perf_counter() - start
    violations.sort(key=Violation.sort_key)
    summary = Summary.of(violations, len(checked))
    fail_on = Severity(args.fail_on) if args.fail_on else (cfg.fail_on or Severity.ERROR)

    def failing(v: Violation) -> bool:
        return Severity(v.severity).rank >= fail_on.rank

    report = _render(
        args, violations, summary, policies, checked, failing, elapsed, links if originals is not None else None
    )
    if args.output:
        write_atomic(args.output, report)
    else:
        out.write(report)
        out.flush()
    fail_on = Severity(args.fail_on) if args.fail_on else (cfg.fail_on or Severity.ERROR)
    return EXIT_VIOLATIONS if any(map(failing, violations)) and not args.exit_zero else EXIT_OK


def _render(
    args: argparse.Namespace,
    violations: list[Violation],
    summary: Summary,
    policies: list[Policy],
    checked: list[str],
    failing: Callable[[Violation], bool],
    elapsed: float,
    links: dict[str, str] | None,
) -> str:
    if args.format == "json":
        from .report import json as json_report

        return json_report.render(violations, summary, links)
    if args.format == "sarif":
        from .report import sarif
        from .ruleinfo import rule_infos

        return sarif.render(violations, rule_infos(policies))
    if args.format == "github":
        from .report import github

        return github.render(violations, summary, quiet=args.quiet)
    if args.format == "junit":
        from .report import junit

        return junit.render(violations, checked, failing, elapsed)
    from .report import text as text_report

    return text_report.render(violations, summary, quiet=args.quiet)


def write_atomic(path: str, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename, so a
    reader never sees half a report and a failed run leaves the old file whole."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".wirelint-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"--output: cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UsageError(f"--output: cannot write {path}: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- explain --------------------------------------------------------------------------------------


def explain(args: argparse.Namespace, out: TextIO) -> int:
    from .builtin_rules import BUILTIN
    from .checks import KINDS
    from .ruleinfo import explain_builtin, explain_rule

    wanted = args.rule.strip()
    if wanted in KINDS:
        out.write(f"check kind '{wanted}'\n\n{(KINDS[wanted].__doc__ or '').strip()}\n")
        return EXIT_OK
    key = wanted.upper()
    if key in BUILTIN:
        b = BUILTIN[key]
        out.write(explain_builtin(b))
        return EXIT_OK
    cfg = load_config(args)
    policies = load_policies(args, cfg)
    for p in policies:
        for rule in p.rules:
            if rule.id == key or rule.slug == wanted:
                out.write(explain_rule(p, rule))
                return EXIT_OK
    known = ", ".join(r.id for p in policies for r in p.rules)
    raise UsageError(f"unknown rule '{wanted}'; rules: {known}, WL001-WL106; or a kind: {', '.join(sorted(KINDS))}")


# -- policy ---------------------------------------------------------------------------------------


def policy_list(args: argparse.Namespace, out: TextIO) -> int:
    cfg = load_config(args)
    used = load_policies(args, cfg)
    in_use = {p.path for p in used}
    rows = {p.path: p for p in (policymod.load_file(policymod.resolve(n)) for n in policymod.builtin_names())}
    rows.update({p.path: p for p in used})
    for p in rows.values():
        mark = "*" if p.path in in_use else " "
        out.write(f"{mark} {p.id:<10} {p.prefix:<5} {len(p.rules):>3} rules  {p.name}  ({p.path})\n")
    out.write("* = in use (config or --policy)\n")
    return EXIT_OK


def policy_show(args: argparse.Namespace, out: TextIO) -> int:
    policy = policymod.load_file(policymod.resolve(args.name))
    out.write(policy.source if policy.source.endswith("\n") else policy.source + "\n")
    return EXIT_OK


def policy_validate(args: argparse.Namespace, out: TextIO) -> int:
    from .policyload import parse

    errors: list[SourceError] = []
    for name in args.files:
        try:
            path = policymod.resolve(name)
        except UsageError as exc:  # a missing file is reported with the rest, not instead
            errors.append(SourceError(name, 1, 1, str(exc)))
            continue
        try:
            # Always from the file, never from the cache: validating is the point.
            p = parse(policymod.read_text(path), str(path))
        except SourceErrors as exc:
            errors.extend(exc.errors)
            continue
        except SourceError as exc:
            errors.append(exc)
            continue
        out.write(f"{name}: ok ({len(p.rules)} rules, id '{p.id}', prefix {p.prefix})\n")
    if errors:
        raise SourceErrors(errors)
    return EXIT_OK


def policy_test(args: argparse.Namespace, out: TextIO) -> int:
    from .testing import run_examples

    cfg = load_config(args)
    if args.names:
        policies = [policymod.load_file(policymod.resolve(n)) for n in args.names]
    else:
        policies = load_policies(args, cfg)
    failures = 0
    total = 0
    for p in policies:
        results = run_examples(p)
        bad = [r for r in results if not r.ok]
        total += len(results)
        failures += len(bad)
        out.write(f"{p.id}: {len(results) - len(bad)} of {len(results)} examples behave as documented ({p.path})\n")
        for r in bad:
            out.write(f"  FAIL {r.rule} {r.expectation} example #{r.number}: {r.detail}\n")
            for line in r.text.rstrip("\n").split("\n"):
                out.write(f"      | {line}\n")
    if not total:
        out.write("no examples found\n")
    return EXIT_VIOLATIONS if failures else EXIT_OK
