"""The documentation site (mkdocs.yml) shows every page of docs/, and its links hold.

CI builds the site with ``mkdocs build --strict``, which fails on a page left
out of the navigation, a broken link or a missing anchor. These tests check
the same without MkDocs installed, so that whoever adds a page under docs/
learns from the test suite that it needs a place in ``nav``.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPET = re.compile(r'^--8<-- "(?P<path>[^"]+)"\s*$', re.MULTILINE)
FENCE = re.compile(r"^(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"`+[^`]*`+")
LINK = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)"
)
HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")


def site_config() -> dict[str, Any]:
    """Return mkdocs.yml, read as plain YAML."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    return config


def nav_pages(entries: Any) -> Iterator[str]:
    """Yield every page path of an mkdocs ``nav`` (nested sections included)."""
    if isinstance(entries, str):
        yield entries
    elif isinstance(entries, list):
        for entry in entries:
            yield from nav_pages(entry)
    elif isinstance(entries, dict):
        for value in entries.values():
            yield from nav_pages(value)


def docs_pages() -> list[str]:
    """Return every Markdown page under docs/, as a path relative to it."""
    return sorted(page.relative_to(DOCS).as_posix() for page in DOCS.rglob("*.md"))


def page_source(page: str) -> str:
    """Return a page's Markdown with its snippet includes expanded, as MkDocs sees."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return SNIPPET.sub(
        lambda m: (ROOT / m["path"]).read_text(encoding="utf-8"), text
    )


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) outside fenced code blocks."""
    fence = ""
    for number, line in enumerate(markdown.split("\n"), start=1):
        opener = FENCE.match(line)
        if fence:
            if opener and line.strip() == opener.group(1) and (
                len(opener.group(1)) >= len(fence) and opener.group(1)[0] == fence[0]
            ):
                fence = ""
            continue
        if opener:
            fence = opener.group(1)
            continue
        yield number, line


def slugify(heading: str) -> str:
    """Return the anchor MkDocs (Python-Markdown's toc) gives a heading."""
    text = LINK.sub(lambda m: m["text"], heading)
    text = text.replace("`", "").replace("**", "").replace("*", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(page: str) -> set[str]:
    """Return the heading anchors of a page (repeats get ``_1``, ``_2``...)."""
    found: set[str] = set()
    for _, line in prose_lines(page_source(page)):
        heading = HEADING.match(line)
        if heading is None:
            continue
        slug = slugify(heading["text"])
        unique, count = slug, 0
        while unique in found:
            count += 1
            unique = f"{slug}_{count}"
        found.add(unique)
    return found


@dataclass(frozen=True)
class Link:
    """One relative link of a docs page."""

    page: str
    line: int
    target: str


def relative_links(page: str) -> list[Link]:
    """Return the links of a page that point inside the site."""
    links = []
    for number, line in prose_lines(page_source(page)):
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            target = match["target"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # https:, mailto: ... are not the site's pages
            links.append(Link(page, number, target))
    return links


def test_every_docs_page_is_in_the_navigation() -> None:
    listed = set(nav_pages(site_config()["nav"]))
    missing = [page for page in docs_pages() if page not in listed]
    assert not missing, (
        f"pages under docs/ missing from `nav` in mkdocs.yml: {missing}; "
        "add each where a reader would look for it (rule pages under Rules)"
    )


def test_every_navigation_entry_is_a_page() -> None:
    pages = set(docs_pages())
    listed = list(nav_pages(site_config()["nav"]))
    assert [entry for entry in listed if entry not in pages] == []
    assert len(listed) == len(set(listed)), "a page is listed twice in `nav`"


def test_rule_pages_are_in_the_navigation() -> None:
    rule_pages = [page for page in docs_pages() if page.startswith("rules/")]
    assert len(rule_pages) >= 6
    assert set(rule_pages) <= set(nav_pages(site_config()["nav"]))


@pytest.mark.parametrize("page", docs_pages())
def test_links_point_at_pages_and_headings_of_the_site(page: str) -> None:
    broken = []
    for link in relative_links(page):
        path, _, fragment = link.target.partition("#")
        if path.startswith("/"):
            broken.append(f"{page}:{link.line}: {link.target} is absolute")
            continue
        target = (DOCS / page).parent / path if path else DOCS / page
        target = target.resolve()
        inside = target.is_relative_to(DOCS.resolve())
        if not inside or not target.is_file():
            broken.append(
                f"{page}:{link.line}: {link.target} is not a page under docs/"
            )
            continue
        relative = target.relative_to(DOCS.resolve()).as_posix()
        if fragment and relative.endswith(".md") and fragment not in anchors(relative):
            broken.append(f"{page}:{link.line}: {relative} has no heading #{fragment}")
    assert not broken, "\n".join(broken)


def test_snippet_includes_name_existing_files() -> None:
    for page in docs_pages():
        text = (DOCS / page).read_text(encoding="utf-8")
        for match in SNIPPET.finditer(text):
            assert (ROOT / match["path"]).is_file(), f"{page}: {match['path']}"


def test_slugs_follow_the_toc_extension() -> None:
    assert slugify("`[tool.backend-guide.naming]`") == "toolbackend-guidenaming"
    assert slugify("NAME003 function-name") == "name003-function-name"
    assert slugify("Speed: `pytest --guide` against ruff") == (
        "speed-pytest-guide-against-ruff"
    )
    assert slugify("[0.1.0] - 2026-11-26") == "010-2026-11-26"


def test_prose_lines_skip_nested_fences() -> None:
    markdown = "a\n````markdown\n```python\nb\n```\n````\nc\n~~~\n```\n~~~\nd"
    assert [line for _, line in prose_lines(markdown)] == ["a", "c", "d"]


def load_hooks() -> ModuleType:
    """Import docs_hooks.py, which lives beside mkdocs.yml, not in a package."""
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_site_hook_is_registered() -> None:
    assert site_config()["hooks"] == ["docs_hooks.py"]


def test_hook_titles_the_examples_of_rule_pages() -> None:
    hooks = load_hooks()
    page = "```python bad\nx = 1\n```\n\n```text good\nok\n```\n```toml\n[a]\n```\n"
    assert hooks.on_page_markdown(page, page=None, config=None, files=None) == (
        '```python title="Bad"\nx = 1\n```\n\n```text title="Good"\nok\n```\n'
        "```toml\n[a]\n```\n"
    )


def test_hook_leaves_fences_inside_a_longer_fence_as_written() -> None:
    hooks = load_hooks()
    page = (
        "````markdown\n```python bad\ndef f(): ...\n```\n````\n"
        "```python good\ndef g(): ...\n```\n"
    )
    assert hooks.title_marked_fences(page) == (
        "````markdown\n```python bad\ndef f(): ...\n```\n````\n"
        '```python title="Good"\ndef g(): ...\n```\n'
    )


def test_every_rule_page_example_is_titled_on_the_site() -> None:
    hooks = load_hooks()
    for page in docs_pages():
        if not page.startswith("rules/") or page == "rules/FORMAT.md":
            continue
        shown = hooks.title_marked_fences(page_source(page))
        assert not re.search(r"^```\w+ (bad|good)\s*$", shown, re.MULTILINE), page
