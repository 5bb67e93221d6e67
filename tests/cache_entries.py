"""Read and write the result cache's entries in tests, as one mapping.

An entry is a JSON head line (path, facts, what the item shows, a digest
of the body) and a JSON body (violations, error, reported lines,
suppressed findings); tests that damage entries edit both as one mapping.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pytest_backend_guide.cache import BODY_DIGEST_BYTES

HEAD_KEYS = ("path", "facts", "shown")


def read_entry(path: Path) -> dict[str, Any]:
    """Return an entry's head and body as one mapping.

    Args:
        path: The entry's file.

    Returns:
        The body's keys and the head's (``path``, ``facts``, ``shown``).
    """
    head, _, body = path.read_bytes().partition(b"\n")
    data: dict[str, Any] = json.loads(body)
    data.update(json.loads(head))
    data.pop("body")
    return data


def write_entry(path: Path, data: Any) -> None:
    """Write a mapping back as an entry with a matching digest; anything else as is.

    Args:
        path: The entry's file.
        data: What :func:`read_entry` gave, changed; or any JSON data.
    """
    if not isinstance(data, dict):
        path.write_text(json.dumps(data), encoding="utf-8")
        return
    body_data = {key: value for key, value in data.items() if key not in HEAD_KEYS}
    body = json.dumps(body_data).encode("utf-8")
    head = {key: data[key] for key in HEAD_KEYS if key in data}
    head.setdefault("shown", None)
    head["body"] = hashlib.blake2b(body, digest_size=BODY_DIGEST_BYTES).hexdigest()
    path.write_bytes(json.dumps(head).encode("utf-8") + b"\n" + body)
