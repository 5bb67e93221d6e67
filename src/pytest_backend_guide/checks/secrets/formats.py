"""Secret formats that are certain by their shape, and placeholder values.

Each token format is the one its vendor documents (a fixed prefix and a
fixed alphabet and length), so a match is a credential, not a guess; no
entropy scoring is done. ``KEY=value`` lines are judged by their key (a
secret-like last word) and their value (not a placeholder).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass



@dataclass(frozen=True)
class TokenFormat:
    """A documented credential format.

    Attributes:
        kind: What it is, as the message names it.
        markers: Literal texts one of which every match contains; a file
            without any of them is not searched (``in`` is far faster than
            a regular expression).
        pattern: The format; group 1 is the secret (group 2, the
            password, for URLs).
    """

    kind: str
    markers: tuple[str, ...]
    pattern: re.Pattern[str]


def _format(kind: str, markers: tuple[str, ...], pattern: str) -> TokenFormat:
    return TokenFormat(kind, markers, re.compile(pattern))


URL_KIND = "password in URL"
TOKEN_FORMATS = (
    _format(
        "private key",
        ("-----BEGIN ",),
        r"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)",
    ),
    _format(
        "AWS access key",
        ("AKIA", "ASIA", "ABIA", "ACCA"),
        r"(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})(?![A-Za-z0-9])",
    ),
    _format(
        "GitHub token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        r"(?<![A-Za-z0-9_])((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_\w{82})"
        r"(?![A-Za-z0-9_])",
    ),
    _format("GitLab token", ("glpat-",), r"(glpat-[A-Za-z0-9_-]{20})(?![\w-])"),
    _format("Slack token", ("xox",), r"(?<![\w-])(xox[abposr]-[A-Za-z0-9-]{10,})"),
    _format(
        "Slack webhook",
        ("hooks.slack.com/services/",),
        r"(https://hooks\.slack\.com/services/T\w+/B\w+/\w+)",
    ),
    _format(
        "Stripe live key",
        ("_live_",),
        r"(?<![A-Za-z0-9])((?:sk|rk)_live_[A-Za-z0-9]{24,})(?![A-Za-z0-9])",
    ),
    _format(
        "Google API key",
        ("AIza",),
        r"(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])",
    ),
    _format(
        "JWT",
        ("eyJ",),
        r"(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})",
    ),
    _format(
        URL_KIND,
        ("://",),
        r"://([^\s:/?#@'\"<>{}$]{1,64}):([^\s/?#@'\"<>]{1,128})@([A-Za-z0-9.\-_\[\]:]+)",
    ),
)

_SECRET_WORDS = r"password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key"
_SECRET_WORDS += r"|private[_-]?key|secret[_-]?key|auth[_-]?key|client[_-]?secret"
_SECRET_WORDS += r"|credentials?|signing[_-]?key|encryption[_-]?key"
SECRET_WORDS = re.compile(_SECRET_WORDS)  # on lower-cased text
ASSIGNMENT = re.compile(
    r"""^[ \t]*(?:export[ \t]+|ENV[ \t]+|set[ \t]+)?["']?"""
    rf"""(?P<key>[A-Za-z_][\w.-]*?(?:{_SECRET_WORDS}))["']?"""
    r"""[ \t]*(?::=|[:=]|[ \t])[ \t]*(?P<value>[^\n]*)$""",
    re.IGNORECASE | re.MULTILINE,
)

PLACEHOLDER_WORDS = frozenset(
    {
        "changeme", "change-me", "change_me", "changethis", "change-this",
        "password", "passwd", "secret", "token", "example", "sample", "dummy",
        "placeholder", "none", "null", "nil", "true", "false", "test", "testing",
        "todo", "tbd", "fixme", "redacted", "hidden", "masked", "default",
        "your-secret", "your_secret", "secretkey", "secret-key", "secret_key",
        "notasecret", "not-a-secret", "insecure", "fake", "foo", "bar", "foobar",
        "mysecret", "mypassword", "pass", "admin", "root", "postgres", "user",
        "guest", "api_key", "apikey", "api-key", "string", "str", "required",
    }
)
_PLACEHOLDER_SHAPES = re.compile(
    r"""^(?:
        \$\{?[\w.:-]*\}?.*          # ${VAR}, $VAR
      | \$\(.*\)                    # $(command)
      | \{\{.*\}\}                  # {{ template }}
      | \{[\w.]*\}                  # {name}
      | %\(?\w*\)?s                 # %(name)s
      | <[^>]*>                     # <your key>
      | \[[^\]]*\]                  # [your key]
      | (.)\1{2,}                   # xxx, ***, ...
      | .*(?:example|changeme|change[-_]me|changethis|your[-_]|replace|dummy|fixme
           |placeholder|redacted|insert[-_]|put[-_]|fake|sample|xxxx|\*\*\*).*
      | !\w+.*                      # YAML tags: !env, !vault
      | (?:os\.)?(?:getenv|environ)\b.*
      | env\(.*                     # env("X")
      | (?:secrets|vars|env)\.\w+.* # ${{ secrets.X }} after brace removal
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
MIN_VALUE_LENGTH = 8
_LOCAL_HOST = re.compile(
    r"^(?:localhost|127\.[\d.]+|0\.0\.0\.0|\[?::1\]?|[A-Za-z0-9_-]+"
    r"|[\w.-]*\.(?:local|test|example|invalid|localhost)"
    r"|(?:[\w-]+\.)*example\.(?:com|org|net))(?::\d+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """One secret in one file.

    Attributes:
        line: 1-based line.
        col: 1-based column of the secret.
        kind: What it is, e.g. ``GitHub token``.
        value: The secret itself (never shown; masked in messages).
    """

    line: int
    col: int
    kind: str
    value: str


def is_placeholder(value: str, min_length: int = MIN_VALUE_LENGTH) -> bool:
    """Return whether a configured value is a placeholder, not a secret.

    Args:
        value: The value, quotes and trailing comment removed.
        min_length: Values shorter than this are not secrets.

    Returns:
        True for empty and short values, references to the environment
        or templates (``${VAR}``, ``{{ x }}``, ``<key>``), repeated
        characters (``xxx``, ``***``) and the usual stand-in words
        (``changeme``, ``example``, ``password``, ...).
    """
    text = value.strip()
    if len(text) < max(min_length, 1) or text.lower() in PLACEHOLDER_WORDS:
        return True
    return _PLACEHOLDER_SHAPES.match(text) is not None


def looks_real(value: str) -> bool:
    """Return whether a configured value looks like a real secret.

    Args:
        value: The bare value.

    Returns:
        False for placeholders, for a plain lower-case word (``dispatch``,
        a development password) and for ``user:user`` pairs; True otherwise.
    """
    if is_placeholder(value):
        return False
    if value.isalpha() and value.islower():
        return False
    user, colon, password = value.partition(":")
    return not (colon and user == password)


def plain_value(raw: str) -> str:
    """Return a ``KEY=value`` line's value without quotes, comment or comma.

    Args:
        raw: The text after ``=`` or ``:``.

    Returns:
        The bare value.
    """
    text = raw.strip()
    if text[:1] in ("'", '"'):
        end = text.find(text[0], 1)
        return text[1:end] if end > 0 else text[1:]
    text = re.split(r"\s+#", text, maxsplit=1)[0].strip()
    return text.rstrip(",;").strip()


def is_jwt(token: str) -> bool:
    """Return whether a ``eyJ...`` token's header decodes to a JWT header.

    Args:
        token: The three dot-separated parts.

    Returns:
        True when the first part is base64url JSON with an ``alg`` key.
    """
    header = token.split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))
        data = json.loads(decoded)
    except (binascii.Error, ValueError):
        return False
    return isinstance(data, dict) and "alg" in data


def is_local_url_password(user: str, password: str, host: str) -> bool:
    """Return whether URL credentials are a local or stand-in example.

    Args:
        user: The user part.
        password: The password part.
        host: The host part.

    Returns:
        True for a placeholder password, a password equal to the user
        name, or a host that is local, a single-label service name (a
        compose file's ``db``) or a reserved example domain.
    """
    if password == user or is_placeholder(password, min_length=1):
        return True
    return _LOCAL_HOST.match(host) is not None
