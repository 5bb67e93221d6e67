"""MkDocs hook (mkdocs.yml ``hooks:``): show the rule pages' examples as code.

The rule pages mark their examples ```` ```python bad ```` and
```` ```python good ```` (``tests/test_docs.py`` runs them by those marks,
see ``docs/rules/FORMAT.md``). Markdown reads a fence header as one language
word, so a second word would leave the example as plain text. Before a page
is rendered, this hook turns the mark into a title of the code block:
```` ```python title="Bad" ````. Fences nested inside a longer fence (the
page-shape sample of FORMAT.md) are shown as written.
"""

from __future__ import annotations

import re
from typing import Any

MARKED_FENCE = re.compile(r"^(?P<ticks>`{3,})(?P<lang>\w+) (?P<mark>bad|good)\s*$")
FENCE = re.compile(r"^(?P<ticks>`{3,})")
TITLES = {"bad": "Bad", "good": "Good"}


def title_marked_fences(markdown: str) -> str:
    """Return the page with each top-level ``lang bad|good`` fence titled.

    Args:
        markdown: The page's Markdown source.

    Returns:
        The same source, the marked fence headers rewritten.
    """
    lines = markdown.split("\n")
    open_ticks = ""
    for index, line in enumerate(lines):
        fence = FENCE.match(line)
        if fence is None:
            continue
        ticks = fence["ticks"]
        if open_ticks:
            if len(ticks) >= len(open_ticks) and line.strip() == ticks:
                open_ticks = ""
            continue
        open_ticks = ticks
        marked = MARKED_FENCE.match(line)
        if marked is not None:
            title = TITLES[marked["mark"]]
            lines[index] = f'{ticks}{marked["lang"]} title="{title}"'
    return "\n".join(lines)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Title the marked example fences of every page (MkDocs event).

    Args:
        markdown: The page's Markdown source.
        **kwargs: The rest of the event's arguments (page, config, files).

    Returns:
        The page's Markdown with the marked fences titled.
    """
    return title_marked_fences(markdown)
