"""Accuracy of the practice families (ERR, SEC, API, DB, ASYNC) on the public
back ends in /work/corpora: each case is a report that was wrong, or a miss,
on a real project, rewritten here as text.
"""

from __future__ import annotations

from snippets import Lint


def lines(lint: Lint, code: str, select: str, path: str) -> list[int]:
    """Return the lines reported by the rules selected, checking as ``path``."""
    result = lint(code, select=[select], path=path)
    assert result.error is None, result.error
    return [violation.line for violation in result.violations]


# ERR004: healthchecks' docker/fetchstatus.py, a script without a guard -------

FETCH_STATUS = '''#!/usr/bin/env python
"""Probe the /api/v3/status/ endpoint; used by the Dockerfile's HEALTHCHECK."""

import os
from urllib.request import Request, urlopen

SITE_ROOT = os.getenv("SITE_ROOT", "http://localhost:8000")
with urlopen(Request(SITE_ROOT + "/api/v3/status/")) as response:
    assert response.status == 200

print("Status OK")
'''


def test_err004_a_shebang_script_may_print(lint: Lint) -> None:
    assert lines(lint, FETCH_STATUS, "ERR004", "docker/fetchstatus.py") == []


def test_err004_the_same_module_without_the_shebang_is_reported(lint: Lint) -> None:
    plain = FETCH_STATUS.split("\n", 1)[1]
    assert lines(lint, plain, "ERR004", "hc/status.py") == [10]


# ERR004: healthchecks' hc/logs handler cannot log its own failure ------------

LOG_HANDLER = '''
import logging
import socket

from django.db import Error


class Handler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        from hc.logs.models import Record

        try:
            Record.objects.create(host=socket.gethostname(), message=record.getMessage())
        except Error as e:
            print(e)


class BufferedHandler(Handler):
    def handleError(self, record):
        print("could not store", record)

    def describe(self):
        print("a helper of the handler is application code")


class Formatter(logging.Formatter):
    def format(self, record):
        print("a formatter is not a handler's error path")
        return super().format(record)


def store(record):
    print(record)
'''


def test_err004_a_logging_handler_may_print_its_own_failure(lint: Lint) -> None:
    assert lines(lint, LOG_HANDLER, "ERR004", "hc/logs/__init__.py") == [23, 28, 33]


def test_err004_a_class_named_handler_not_from_logging_is_checked(lint: Lint) -> None:
    code = LOG_HANDLER.replace("logging.Handler", "BaseHandler")
    assert lines(lint, code, "ERR004", "hc/logs/__init__.py") == [15, 20, 23, 28, 33]
