"""Files parsed and CPU time of user rules whose ``regex`` has alternatives.

Usage::

    python benchmarks/regex_needles.py [--runs N] [--corpus DIR ...]

A rule's text needle (``pattern_needles``) lets a file be parsed by
tree-sitter only when its text holds what every match needs. Before
``regex_literals``, a regex with ``|`` or an escape (``^(get|post)$``,
``os\\.system``) gave no needle, so such a rule parsed every file. For
each rule below this script runs the engine over every file of Django
5.1.4's ``django/`` (fetched as ``bench.py`` does) two ways, alternating:
"before" with the rule's needle emptied (what the engine did then) and
"after" with the needle it computes now; it prints the files parsed, the
median CPU seconds (``time.process_time``) of a pass over all files, each
file read afresh so that no tree is reused, and whether both ways report
the same places.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import CORPORA, ensure_corpus  # noqa: E402

from pytest_backend_guide import PatternRules, SourceFile  # noqa: E402
from pytest_backend_guide.pattern_needles import ALWAYS  # noqa: E402
from pytest_backend_guide.pattern_rules import parse_rule_file  # noqa: E402

RULES = {
    "HTTP001 requests verb call": """\
id: HTTP001
language: python
severity: warning
message: HTTP call
rule:
  kind: call
  has:
    field: function
    kind: attribute
    regex: ^requests\\.(get|post|put|patch|delete)$
""",
    "SQL001 SQL keyword string (?i)": """\
id: SQL001
language: python
severity: warning
message: SQL in a string
rule:
  kind: string
  regex: (?i)^[rbf]*["']+\\s*(select|insert|update|delete)\\s
""",
    "DBG001 debugger call": """\
id: DBG001
language: python
severity: warning
message: debugger left in
rule:
  kind: call
  regex: ^(pdb|ipdb|breakpoint)\\b
""",
}


def one_pass(rules: PatternRules, code: str, texts: dict[str, str]) -> tuple[
    float, int, set[tuple[str, int, int]]
]:
    """Run the rule over every file; return CPU seconds, files parsed, places."""
    parsed = 0
    places: set[tuple[str, int, int]] = set()
    start = time.process_time()
    for path, text in texts.items():
        source = SourceFile(path, text)
        for match in rules.matches(source, {code}):
            places.add((path, match.line, match.col))
        parsed += "sg_root" in vars(source)
    return time.process_time() - start, parsed, places


def main() -> None:
    """Measure every rule before and after and print one table row each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    args = parser.parse_args()
    roots = args.corpus or [ensure_corpus(CORPORA[0], Path(sys.executable))]
    texts = {
        str(path): path.read_text(encoding="utf-8", errors="replace")
        for root in roots
        for path in sorted(root.rglob("*.py"))
    }
    print(f"{len(texts)} files")
    print("| rule | regex needle | files parsed before / after | CPU s before | "
          "CPU s after | matches before / after | same places |")
    print("|---|---|---|---|---|---|---|")
    for label, yaml_text in RULES.items():
        rules = PatternRules(parse_rule_file(yaml_text, "rules.yml"))
        code = rules.rules[0].code
        needle = rules._needles[code]  # noqa: SLF001 - measured, not changed
        before, after = [], []
        for _ in range(args.runs):
            rules._needles[code] = ALWAYS  # noqa: SLF001
            seconds_b, parsed_b, places_b = one_pass(rules, code, texts)
            rules._needles[code] = needle  # noqa: SLF001
            seconds_a, parsed_a, places_a = one_pass(rules, code, texts)
            before.append(seconds_b)
            after.append(seconds_a)
        print(
            f"| {label} | {'none' if needle == ALWAYS else 'yes'} "
            f"| {parsed_b} / {parsed_a} | {statistics.median(before):.2f} "
            f"| {statistics.median(after):.2f} | {len(places_b)} / {len(places_a)} "
            f"| {places_b == places_a} |"
        )


if __name__ == "__main__":
    main()
