"""The ``backend-guide`` command: ``check``, ``rules``, ``explain CODE``, ``config``.

For pre-commit hooks and editors, which want the guide's verdict without a
test session. ``check`` takes the options of ``pytest --guide`` without
their ``guide-`` prefix and exits 0 when clean, 1 on violations and 2 on a
usage error (a bad option, configuration or baseline).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pytest_backend_guide import __version__
from pytest_backend_guide.baseline import BaselineError
from pytest_backend_guide.changed import ChangedError
from pytest_backend_guide.config import TOP_LEVEL, ConfigError, load_settings
from pytest_backend_guide.custom_rules import CustomRules, with_custom_rules
from pytest_backend_guide.explain import explain, rule_for, rule_pages
from pytest_backend_guide.manager import CheckerError, Checkers, load_checkers
from pytest_backend_guide.report.outputs import (
    MachineOutputs,
    ReportWriteError,
    annotations_wanted,
)
from pytest_backend_guide.report.terminal import (
    Tally,
    format_result,
    shared_hints,
    summary_lines,
)
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.shown_path import shown_path
from pytest_backend_guide.show_config import config_text
from pytest_backend_guide.standalone import (
    CheckRequest,
    UsageProblem,
    find_rootdir,
    run_check,
)

EXIT_CLEAN = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2
USAGE_ERRORS = (
    UsageProblem,
    ConfigError,
    CheckerError,
    ChangedError,
    BaselineError,
    ReportWriteError,
)


def build_parser() -> argparse.ArgumentParser:
    """Return the command's argument parser.

    Returns:
        The parser, with one sub-parser per command.
    """
    parser = argparse.ArgumentParser(
        prog="backend-guide",
        description="Check a Python back end against the backend guide.",
    )
    parser.add_argument(
        "--version", action="version", version=f"pytest-backend-guide {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="check files (default: every source file)"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument("--config", type=Path, metavar="PATH", help="configuration file")
    check.add_argument("--select", metavar="CODES", help="replace 'select'")
    check.add_argument("--ignore", metavar="CODES", help="replace 'ignore'")
    check.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="REF",
        help="only files changed since REF (default: merge base with the remote's"
        " default branch, else HEAD), plus untracked ones",
    )
    check.add_argument("--warn", action="store_true", help="report, but exit 0")
    check.add_argument(
        "--baseline-write", action="store_true", help="record current violations"
    )
    check.add_argument(
        "--show-baselined", action="store_true", help="list held-back violations"
    )
    check.add_argument("--no-cache", action="store_true", help="do not use the cache")
    check.add_argument(
        "--output-format", choices=("full", "concise"), help="replace output-format"
    )
    check.add_argument(
        "--statistics", action="store_true", help="only the count per rule"
    )
    check.add_argument("--json", type=Path, metavar="PATH", help="write JSON")
    check.add_argument("--sarif", type=Path, metavar="PATH", help="write SARIF 2.1.0")
    check.add_argument(
        "--no-annotations",
        action="store_true",
        help="no ::error lines even when GITHUB_ACTIONS=true",
    )
    rules = commands.add_parser(
        "rules", help="list every rule, the project's custom rules included"
    )
    explain_parser = commands.add_parser("explain", help="show a rule's documentation")
    explain_parser.add_argument("code", metavar="CODE", help="rule code or name")
    config = commands.add_parser(
        "config",
        help="show the effective configuration, every option with its help",
    )
    for listing in (rules, explain_parser, config):
        listing.add_argument(
            "--config",
            type=Path,
            metavar="PATH",
            help="configuration file naming custom-rules",
        )
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command.

    Args:
        argv: The arguments, ``sys.argv[1:]`` when not given.
        out: Where to print, standard output when not given.

    Returns:
        The exit status.
    """
    stream = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args, stream)
        checkers = load_checkers()
        if args.command == "config":
            stream.write(_config(args.config, checkers))
            return EXIT_CLEAN
        custom = _custom_rules(args.config, checkers)
        rules = with_custom_rules(checkers.rules, custom)
        if args.command == "rules":
            from pytest_backend_guide.plugin import rules_listing

            stream.write("\n".join(rules_listing(rules)) + "\n")
            return EXIT_CLEAN
        rule = rule_for(args.code, rules)
        if rule is None:
            msg = f"unknown rule '{args.code}'; 'backend-guide rules' lists them"
            raise UsageProblem(msg)
        text = explain(rule, rule_pages())
        origin = custom.origin(rule.code) if custom is not None else None
        if origin is not None:
            text += f"\n\nA custom rule of this project, defined in {origin}."
        stream.write(text + "\n")
        return EXIT_CLEAN
    except USAGE_ERRORS as exc:
        sys.stderr.write(f"backend-guide: error: {exc}\n")
        return EXIT_USAGE


def _settings(config: Path | None, checkers: Checkers) -> Settings:
    """Return the settings of the project around the working folder.

    Read as ``check`` reads them (same root, same configuration file), so
    ``rules`` and ``explain`` know every code a ``check`` may report.
    """
    rootdir = find_rootdir(Path.cwd(), config)
    return load_settings(rootdir, checkers, config.resolve() if config else None)


def _custom_rules(config: Path | None, checkers: Checkers) -> CustomRules | None:
    """Return the custom rules of the project around the working folder."""
    return _settings(config, checkers).custom_rules


def _config(config: Path | None, checkers: Checkers) -> str:
    """Return the effective configuration, as ``check`` would read it."""
    settings = _settings(config, checkers)
    sections = {"": TOP_LEVEL, **checkers.sections}
    values = {"": settings.top_level, **settings.options}
    where = settings.config_path
    source = shown_path(where, settings.rootdir) if where else "defaults"
    return config_text(sections, values, source)


def _check(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``check`` and print its report like ``pytest --guide`` does."""
    checkers = load_checkers()
    request = CheckRequest(
        paths=tuple(args.paths),
        config=args.config,
        select=args.select,
        ignore=args.ignore,
        changed=args.changed,
        use_cache=not args.no_cache,
    )
    flags = {
        "write": args.baseline_write,
        "show": args.show_baselined,
        "warn": args.warn,
    }
    run, baseline = run_check(request, checkers, Path.cwd(), flags)
    warn = args.warn or run.settings.mode == "warn"
    stale_fails = baseline.finish()
    outputs = MachineOutputs(
        args.json, args.sarif, annotations_wanted(args.no_annotations)
    )
    settings = run.settings
    written = outputs.finish(
        run.results, run.rules, settings.enabled, settings.rootdir
    )
    concise = (args.output_format or settings.output_format) == "concise"
    lines: list[str] = []
    for result in run.results:
        if not result.ok and not args.statistics:
            lines.append(format_result(result, run.rules, concise=concise))
    lines += run.crashes
    unreadable = sum(result.error is not None for result in run.results)
    tally = Tally(len(run.results), run.failed, unreadable)
    hints = shared_hints(run.results) if args.statistics else None
    lines += summary_lines(run.counts, tally, run.rules, hints)
    lines += baseline.summary_lines() + written
    if run.pytest_only:
        shown = ", ".join(run.pytest_only)
        lines.append(f"{shown}: judged by 'pytest --guide' only (they need tests run)")
    failing = bool(run.failed) or stale_fails
    if warn and failing:
        lines.append("mode = warn: the violations above do not fail the run")
    out.write("\n".join(lines) + "\n")
    return EXIT_VIOLATIONS if failing and not warn else EXIT_CLEAN
