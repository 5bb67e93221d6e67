"""NAME rules: real snippets through the whole engine, bad and good."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pytest

from pytest_backend_guide.helpers import casing
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.violation import Violation

Lint = Callable[..., FileResult]
QUOTED = re.compile(r"'([^']*)'")


@pytest.fixture
def lint(lint: Lint) -> Lint:
    """Wrap the shared ``lint`` fixture: every snippet here must parse.

    A snippet with a syntax error reports nothing, which would make a
    "good" case pass for the wrong reason.
    """

    def run(code: str, **kwargs: object) -> FileResult:
        result = lint(code, **kwargs)
        assert result.error is None, result.error
        return result

    return run


def reported(result: FileResult, code: str) -> list[str]:
    """Return the first quoted name of each violation of ``code``."""
    names = []
    for violation in result.violations:
        if violation.code == code:
            match = QUOTED.search(violation.message)
            assert match, violation.message
            names.append(match.group(1))
    return names


def only(result: FileResult, code: str) -> Violation:
    """Return the single violation of ``code`` in the result."""
    found = [v for v in result.violations if v.code == code]
    assert len(found) == 1, [(v.code, v.line, v.col, v.message) for v in found]
    return found[0]


# Declarations ---------------------------------------------------------------


def test_rules_are_declared_with_their_names(checkers: Checkers) -> None:
    names = {
        rule.code: rule.name for rule in checkers.rules if rule.code.startswith("NAME")
    }
    assert names == {
        "NAME001": "module-name",
        "NAME002": "class-name",
        "NAME003": "function-name",
        "NAME004": "argument-name",
        "NAME005": "variable-name",
        "NAME006": "constant-name",
        "NAME007": "non-descriptive-name",
        "NAME008": "exception-name",
    }
    assert not checkers.rules.get("NAME008").default_enabled
    assert checkers.rules.get("NAME003").default_enabled


def test_naming_section_declares_the_documented_keys(checkers: Checkers) -> None:
    section = checkers.sections["naming"]
    assert section.keys() == [
        "ignore-names",
        "deny-names",
        "allowed-short-names",
        "classmethod-decorators",
        "override-decorators",
    ]
    defaults = section.defaults()
    assert defaults["deny-names"] == ()
    assert "field_validator" in defaults["classmethod-decorators"]
    assert "typing.override" in defaults["override-decorators"]


# Case conversions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("getUser", "get_user"),
        ("HTTPServer", "http_server"),
        ("parseJSON", "parse_json"),
        ("getHTTPResponseCode", "get_http_response_code"),
        ("userID", "user_id"),
        ("md5Hash", "md5_hash"),
        ("HTTP2Server", "http2_server"),
        ("IOError", "io_error"),
        ("_privateName", "_private_name"),
        ("__mangledName", "__mangled_name"),
        ("Already_Snake", "already_snake"),
        ("already_snake", "already_snake"),
        ("Größe", "größe"),
        ("_", "_"),
    ],
)
def test_to_snake_case(name: str, expected: str) -> None:
    assert casing.to_snake_case(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("user_service", "UserService"),
        ("userService", "UserService"),
        ("HTTP_server", "HTTPServer"),
        ("_private_base", "_PrivateBase"),
        ("User_Service", "UserService"),
    ],
)
def test_to_pascal_case(name: str, expected: str) -> None:
    assert casing.to_pascal_case(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("maxSize", "MAX_SIZE"),
        ("max_size", "MAX_SIZE"),
        ("_defaultTimeout", "_DEFAULT_TIMEOUT"),
    ],
)
def test_to_upper_snake_case(name: str, expected: str) -> None:
    assert casing.to_upper_snake_case(name) == expected


@pytest.mark.parametrize(
    ("name", "snake", "upper", "pascal"),
    [
        ("user_id", True, False, False),
        ("größe", True, False, False),
        ("имя_пользователя", True, False, False),
        ("変数", True, True, True),
        ("MAX_SIZE", False, True, False),
        ("UserService", False, False, True),
        ("HTTPServer", False, False, True),
        ("_Private", False, False, True),
        ("userId", False, False, False),
        ("Größe", False, False, True),
    ],
)
def test_case_predicates_work_in_any_script(
    name: str, snake: bool, upper: bool, pascal: bool
) -> None:
    assert casing.is_snake_case(name) is snake
    assert casing.is_upper_snake_case(name) is upper
    assert casing.is_pascal_case(name) is pascal


# NAME001 module-name --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("app/UserService.py", "UserService"),
        ("app/user-service.py", "user-service"),
        ("app/Api/users.py", "Api"),
        ("MyApp/__init__.py", "MyApp"),
        ("app/userService.pyi", "userService"),
    ],
)
def test_module_name_bad(lint: Lint, path: str, name: str) -> None:
    result = lint("VALUE = 1\n", select=["NAME001"], path=path)
    assert reported(result, "NAME001") == [name]


@pytest.mark.parametrize(
    "path",
    [
        "app/user_service.py",
        "app/__init__.py",
        "app/__main__.py",
        "app/_private.py",
        "app/migrations/0001_initial.py",
        "alembic/versions/3f2a1b9c_add_users.py",
        "my-project/app/users.py",
        ".github/scripts/release.py",
        "gunicorn.conf.py",
        "app/größe.py",
    ],
)
def test_module_name_good(lint: Lint, path: str) -> None:
    result = lint("VALUE = 1\n", select=["NAME001"], path=path)
    assert result.codes == []


def test_module_name_message_and_position(lint: Lint) -> None:
    result = lint("VALUE = 1\n", select=["NAME001"], path="app/UserService.py")
    violation = only(result, "NAME001")
    assert (violation.line, violation.col) == (1, 1)
    assert violation.message == "module name 'UserService' is not snake_case"
    assert violation.fix_hint == "rename the file to 'user_service.py'"


def test_package_name_fix_hint(lint: Lint) -> None:
    result = lint("VALUE = 1\n", select=["NAME001"], path="app/UserApi/views.py")
    violation = only(result, "NAME001")
    assert violation.message == "package name 'UserApi' is not snake_case"
    assert violation.fix_hint == "rename the folder to 'user_api'"


def test_module_name_ignore_names(lint: Lint) -> None:
    options = {"naming": {"ignore-names": ("UserService", "*_CH")}}
    for path in ("app/UserService.py", "locale/de_CH/formats.py"):
        result = lint("VALUE = 1\n", select=["NAME001"], path=path, options=options)
        assert result.codes == [], path


# NAME002 class-name ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("class user_service:\n    pass\n", "user_service"),
        ("class userService:\n    pass\n", "userService"),
        ("class User_Service:\n    pass\n", "User_Service"),
        ("def build():\n    class inner_model:\n        pass\n", "inner_model"),
    ],
)
def test_class_name_bad(lint: Lint, code: str, name: str) -> None:
    assert reported(lint(code, select=["NAME002"]), "NAME002") == [name]


@pytest.mark.parametrize(
    "code",
    [
        "class UserService:\n    pass\n",
        "class _PrivateBase:\n    pass\n",
        "class HTTPServer:\n    pass\n",
        "class IPv4Address:\n    pass\n",
        "class Größe:\n    pass\n",
        "class __proxy__:\n    pass\n",
        # PEP 8: classes used as callables may be named like functions.
        "class cached_value:\n    def __get__(self, obj, owner):\n        return obj\n",
        "class timer:\n    def __enter__(self):\n        return self\n",
        "from contextlib import ContextDecorator\n\n"
        "class override_settings(ContextDecorator):\n    pass\n",
        "class lazy_str(str):\n    pass\n",
        "class classonlymethod(classmethod):\n    pass\n",
    ],
)
def test_class_name_good(lint: Lint, code: str) -> None:
    assert reported(lint(code, select=["NAME002"]), "NAME002") == []


def test_class_name_message_column_and_fix(lint: Lint) -> None:
    code = "@dataclass\nclass http_server:\n    port: int\n"
    violation = only(lint(code, select=["NAME002"]), "NAME002")
    assert (violation.line, violation.col, violation.end_col) == (2, 7, 18)
    assert violation.message == "class name 'http_server' is not PascalCase"
    assert violation.fix_hint == "rename to 'HttpServer'"


def test_callable_style_needs_snake_case(lint: Lint) -> None:
    code = "class myTimer:\n    def __call__(self):\n        return 1\n"
    assert reported(lint(code, select=["NAME002"]), "NAME002") == ["myTimer"]


# NAME003 function-name ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("def getUser(user_id):\n    return user_id\n", "getUser"),
        ("async def fetchData():\n    return None\n", "fetchData"),
        ("class Repo:\n    def findAll(self):\n        return []\n", "findAll"),
        ("def outer():\n    def innerHelper():\n        pass\n", "innerHelper"),
        # Handler names are exempt in classes only.
        ("def visit_Name(node):\n    return node\n", "visit_Name"),
        ("class Handler:\n    def do_Get(self):\n        pass\n", "do_Get"),
        # An ordinary decorator is no excuse.
        ("@app.get('/users')\ndef listUsers():\n    return []\n", "listUsers"),
    ],
)
def test_function_name_bad(lint: Lint, code: str, name: str) -> None:
    assert reported(lint(code, select=["NAME003"]), "NAME003") == [name]


OVERRIDES = """\
import typing
import typing_extensions
from typing import override


class Child(Base):
    @override
    def getUser(self):
        return None

    @typing.override
    def saveUser(self):
        return None

    @typing_extensions.override
    def deleteUser(self):
        return None
"""

UNITTEST_NAMES = """\
import unittest


def setUpModule():
    pass


def tearDownModule():
    pass


class UserMixin:
    def setUp(self):
        pass

    def tearDown(self):
        pass

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    async def asyncSetUp(self):
        pass

    async def asyncTearDown(self):
        pass

    @classmethod
    def setUpTestData(cls):
        pass

    def assertUserValid(self, user):
        pass
"""

TEST_CASE_METHODS = """\
import unittest
from django.test import TestCase


class ApiTest(unittest.TestCase):
    def runTest(self):
        pass

    def checkResponse(self):
        pass


class AsyncApiTest(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        pass

    def failUnlessOk(self):
        pass


class ViewsTest(TestCase):
    def helperLogin(self):
        pass


class DerivedTest(ViewsTest):
    def anotherHelper(self):
        pass
"""

VISITORS = """\
import ast
from http.server import BaseHTTPRequestHandler


class Finder(ast.NodeVisitor):
    def visit_Name(self, node):
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self.generic_visit(node)

    def leave_Call(self, node):
        pass

    def depart_Section(self, node):
        pass

    visit_AsyncFunctionDef = visit_FunctionDef


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        pass

    def do_POST(self):
        pass

    def do_M_SEARCH(self):
        pass
"""

OTHER_APIS = """\
import logging
import xml.sax


class JsonFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):
        return ""

    def formatException(self, exc_info):
        return ""


class Collector(xml.sax.ContentHandler):
    def startElement(self, name, attrs):
        pass

    def endElement(self, name):
        pass
"""

PROPERTIES = """\
from functools import cached_property


class Request:
    @property
    def GET(self):
        return {}

    @cached_property
    def COOKIES(self):
        return {}

    @property
    def DoesNotExist(self):
        return LookupError
"""


@pytest.mark.parametrize(
    "code",
    [
        "def get_user(user_id):\n    return user_id\n",
        "def _private_helper():\n    pass\n",
        "def __getattr__(name):\n    return name\n",
        "class Point:\n    def __init__(self):\n        pass\n",
        "def größe_berechnen():\n    pass\n",
        "def _(value):\n    return value\n",
        OVERRIDES,
        UNITTEST_NAMES,
        TEST_CASE_METHODS,
        VISITORS,
        OTHER_APIS,
        PROPERTIES,
    ],
    ids=[
        "snake",
        "private",
        "dunder",
        "init",
        "unicode",
        "underscore",
        "overrides",
        "unittest-names",
        "test-case-methods",
        "visitors-and-handlers",
        "stdlib-apis",
        "properties",
    ],
)
def test_function_name_good(lint: Lint, code: str) -> None:
    assert reported(lint(code, select=["NAME003"]), "NAME003") == []


@pytest.mark.parametrize(
    ("code", "line", "col", "name"),
    [
        ("def getUser(user_id):\n    pass\n", 1, 5, "getUser"),
        ("async  def fetchData():\n    pass\n", 1, 12, "fetchData"),
        (
            "class Repo:\n    @staticmethod\n    def findAll():\n        pass\n",
            3,
            9,
            "findAll",
        ),
        ("class Größe:\n    def getÜser(self): pass\n", 2, 9, "getÜser"),
    ],
)
def test_function_name_column_points_at_the_name(
    lint: Lint, code: str, line: int, col: int, name: str
) -> None:
    violation = only(lint(code, select=["NAME003"]), "NAME003")
    assert (violation.line, violation.col) == (line, col)
    assert violation.end_col == col + len(name)


def test_function_name_message_and_fix(lint: Lint) -> None:
    violation = only(lint("def getUser():\n    pass\n", select=["NAME003"]), "NAME003")
    assert violation.message == "function name 'getUser' is not snake_case"
    assert violation.fix_hint == "rename to 'get_user'"


@pytest.mark.parametrize(
    ("name", "fix"),
    [("parseJSON", "parse_json"), ("startHTTPServer", "start_http_server")],
)
def test_function_name_fix_handles_acronyms(lint: Lint, name: str, fix: str) -> None:
    violation = only(lint(f"def {name}():\n    pass\n", select=["NAME003"]), "NAME003")
    assert violation.fix_hint == f"rename to '{fix}'"


def test_overloads_and_setters_are_reported_once(lint: Lint) -> None:
    code = """\
        from typing import overload


        @overload
        def getUser(key: int) -> str: ...
        @overload
        def getUser(key: str) -> str: ...
        def getUser(key):
            return str(key)
    """
    result = lint(code, select=["NAME003"])
    assert [v.line for v in result.violations] == [5]


# NAME004 argument-name ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("def get_user(userId):\n    return userId\n", ["userId"]),
        ("def search(*, pageSize=10):\n    pass\n", ["pageSize"]),
        ("def log(*Messages, **ExtraFields):\n    pass\n", ["Messages", "ExtraFields"]),
        ("def get(userId, /):\n    pass\n", ["userId"]),
        ("class Repo:\n    def get(self, itemId):\n        pass\n", ["itemId"]),
        ("pick = lambda itemId: itemId\n", ["itemId"]),
    ],
)
def test_argument_name_bad(lint: Lint, code: str, names: list[str]) -> None:
    assert reported(lint(code, select=["NAME004"]), "NAME004") == names


@pytest.mark.parametrize(
    "code",
    [
        "def get_user(user_id, *args, **kwargs):\n    pass\n",
        "def get(_unused, __private):\n    pass\n",
        "class Repo:\n    def get(self, item_id):\n        pass\n",
        "def größe(länge):\n    pass\n",
        # The base class chose the names: callers may pass them by keyword.
        "from typing import override\n\n"
        "class Child(Base):\n    @override\n    def get(self, itemId):\n        pass\n",
        # Single letters belong to NAME007.
        "def fit(X, y):\n    pass\n",
    ],
)
def test_argument_name_good(lint: Lint, code: str) -> None:
    assert reported(lint(code, select=["NAME004"]), "NAME004") == []


def test_argument_column_counts_characters_not_bytes(lint: Lint) -> None:
    code = "def größe(länge, userId):\n    pass\n"
    violation = only(lint(code, select=["NAME004"]), "NAME004")
    assert violation.col == 18


def test_argument_name_message_and_column(lint: Lint) -> None:
    code = "def get_user(request, userId: int) -> None:\n    pass\n"
    violation = only(lint(code, select=["NAME004"]), "NAME004")
    assert (violation.line, violation.col, violation.end_col) == (1, 23, 29)
    assert violation.message == "argument name 'userId' is not snake_case"
    assert violation.fix_hint == "rename to 'user_id'"


# NAME005 variable-name ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("def f():\n    userList = []\n    return userList\n", ["userList"]),
        ("userName = get_name()\n", ["userName"]),
        (
            "class User:\n    userId: int\n    fullName: str = ''\n",
            ["userId", "fullName"],
        ),
        ("def f(rows):\n    for rowIndex in rows:\n        pass\n", ["rowIndex"]),
        ("def f():\n    with lock() as heldLock:\n        pass\n", ["heldLock"]),
        (
            "try:\n    pass\nexcept OSError as osErr:\n    pass\n",
            ["osErr"],
        ),
        (
            "def f(items):\n    if (itemCount := len(items)):\n        pass\n",
            ["itemCount"],
        ),
        ("totals = [lineTotal for lineTotal in get()]\n", ["lineTotal"]),
        ("def f():\n    firstName, lastName = split()\n", ["firstName", "lastName"]),
        ("def f():\n    X_train = load()\n", ["X_train"]),
        ("def f():\n    Größe = 3\n", ["Größe"]),
        (
            "def f(cmd):\n    match cmd:\n        case [firstArg, *restArgs]:\n"
            "            pass\n",
            ["firstArg", "restArgs"],
        ),
        ("def f():\n    UserName = 'bob'\n", ["UserName"]),
        ("class Color(Enum):\n    darkRed = 1\n", ["darkRed"]),
    ],
)
def test_variable_name_bad(lint: Lint, code: str, names: list[str]) -> None:
    assert reported(lint(code, select=["NAME005"]), "NAME005") == names


MODULE_VARIABLES = """\
import logging
import numpy as np
from fastapi import APIRouter, FastAPI
from sqlalchemy.orm import declarative_base
from somewhere import camelCase, fooBar as fooBaz
from typing import NamedTuple, NewType, TypeAlias, TypedDict, TypeVar
from collections import namedtuple
from django.contrib.auth import get_user_model

__all__ = ["app"]
__version__ = "1.0.0"
logger = logging.getLogger(__name__)
app = FastAPI()
router = APIRouter()
Base = declarative_base()
User = get_user_model()
JsonValue = dict | list | str | None
OptionalUser = User | None
UserT = TypeVar("UserT")
userId = NewType("userId", int)
pointTuple = namedtuple("pointTuple", "x y")
employeeRecord = NamedTuple("employeeRecord", [("name", str)])
movieDict = TypedDict("movieDict", {"name": str})
UserKey: TypeAlias = int
userKeys: TypeAlias = "list[UserKey]"
MAX_USERS = load_limit()
try:
    import ujson as jsonLib
except ImportError:
    jsonLib = None
"""

LOCAL_VARIABLES = """\
def migrate(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Group = apps.get_model("auth", "Group")
    TIMEOUT = 5
    PATTERN = re.compile("x")
    größe = 3
    for Model in (Person, Group):
        pass
    with mock.patch("app.Service") as MockService:
        pass
    return [Model for Model in (Person, Group)]
"""

CLASS_VARIABLES = """\
import enum
import unittest
from typing import TypedDict


class Color(enum.Enum):
    Red = 1
    DARK_BLUE = 2
    light_green = 3


class Status(models.TextChoices):
    Draft = "draft"


class Payload(TypedDict):
    userId: int
    createdAt: str


class ApiTest(unittest.TestCase):
    maxDiff = None
    longMessage = True


class Settings:
    DEFAULT_PAGE_SIZE = 20
    __slots__ = ("name",)
    ModelClass = User
    model_config = {"frozen": True}
"""

GLOBALS = """\
user_count = 0


def bump():
    global user_count
    user_count = user_count + 1


def outer():
    total = 0

    def inner():
        nonlocal total
        total += 1

    return inner
"""


@pytest.mark.parametrize(
    "code",
    [MODULE_VARIABLES, LOCAL_VARIABLES, CLASS_VARIABLES, GLOBALS],
    ids=["module", "local", "class", "global-nonlocal"],
)
def test_variable_name_good(lint: Lint, code: str) -> None:
    assert reported(lint(code, select=["NAME005"]), "NAME005") == []


def test_global_name_is_reported_where_defined_not_at_each_rebinding(
    lint: Lint,
) -> None:
    code = """\
        userCount = load()


        def bump():
            global userCount
            userCount = userCount + 1
            userCount += 1
    """
    violation = only(lint(code, select=["NAME005"]), "NAME005")
    assert (violation.line, violation.col) == (1, 1)


def test_nonlocal_name_is_reported_in_its_own_function(lint: Lint) -> None:
    code = """\
        def outer():
            runningTotal = start()

            def inner():
                nonlocal runningTotal
                runningTotal = runningTotal + 1

            return inner
    """
    violation = only(lint(code, select=["NAME005"]), "NAME005")
    assert (violation.line, violation.col) == (2, 5)


def test_variable_reported_once_per_scope(lint: Lint) -> None:
    code = "def f():\n    userList = []\n    userList = [1]\n    userList += [2]\n"
    result = lint(code, select=["NAME005"])
    assert [v.line for v in result.violations] == [2]


def test_variable_message_column_and_fix(lint: Lint) -> None:
    code = "def f():\n    total = 0; userList = []\n"
    violation = only(lint(code, select=["NAME005"]), "NAME005")
    assert (violation.line, violation.col, violation.end_col) == (2, 16, 24)
    assert violation.message == "variable name 'userList' is not snake_case"
    assert violation.fix_hint == "rename to 'user_list'"


def test_variable_column_counts_characters_not_bytes(lint: Lint) -> None:
    violation = only(
        lint("straße = 'x'; userName = get()\n", select=["NAME005"]), "NAME005"
    )
    assert violation.col == 15


def test_except_name_column(lint: Lint) -> None:
    code = "try:\n    pass\nexcept (OSError,\n        ValueError) as ioErr:\n    pass\n"
    violation = only(lint(code, select=["NAME005"]), "NAME005")
    assert (violation.line, violation.col) == (4, 24)


def test_match_capture_column(lint: Lint) -> None:
    code = "match get():\n    case {'id': 1, **otherFields}:\n        pass\n"
    violation = only(lint(code, select=["NAME005"]), "NAME005")
    assert (violation.line, violation.col) == (2, 22)


def test_class_attribute_message(lint: Lint) -> None:
    violation = only(
        lint("class User:\n    userId: int\n", select=["NAME005"]), "NAME005"
    )
    assert violation.message == "class attribute name 'userId' is not snake_case"


@pytest.mark.skipif(sys.version_info < (3, 12), reason="type statement is 3.12+")
def test_type_statement_alias_is_exempt(lint: Lint) -> None:
    code = "type userIds = list[int]\nuserNames = load()\n"
    assert reported(lint(code, select=["NAME"]), "NAME005") == ["userNames"]


# NAME006 constant-name ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("max_size = 10\n", "max_size"),
        ("timeout = 1.5\n", "timeout"),
        ("prefix = b'api'\n", "prefix"),
        ("base_url = 'https://example.com'\n", "base_url"),
        ("debug = False\n", "debug"),
        ("offset = -1\n", "offset"),
        ("one_day = 24 * 60 * 60\n", "one_day"),
        ("allowed = ('GET', 'POST')\n", "allowed"),
        ("methods = frozenset({'GET', 'POST'})\n", "methods"),
        ("maxSize = 10\n", "maxSize"),
        ("DefaultTimeout = 30\n", "DefaultTimeout"),
        ("from typing import Final\n\nretries: Final = 3\n", "retries"),
        ("import typing\n\nlimit: typing.Final[int] = compute()\n", "limit"),
        ("if True:\n    page_size = 20\n", "page_size"),
    ],
)
def test_constant_name_bad(lint: Lint, code: str, name: str) -> None:
    assert reported(lint(code, select=["NAME006"]), "NAME006") == [name]


@pytest.mark.parametrize(
    "code",
    [
        "MAX_SIZE = 10\n",
        "_DEFAULT_TIMEOUT = 30\n",
        "__version__ = '1.0'\n__all__ = ('app',)\n",
        "import logging\nlogger = logging.getLogger(__name__)\n",
        "app = FastAPI()\nrouter = APIRouter()\n",
        "cache = None\nitems = []\nsettings = {}\nnames = {'a'}\n",
        "counter = 0\ncounter = 1\n",
        "counter = 0\n\n\ndef bump():\n    global counter\n    counter += 1\n",
        "label = f'{PREFIX}-x'\n",
        "class Config:\n    page_size = 20\n",
        "def f():\n    page_size = 20\n    return page_size\n",
        "from typing import TypeAlias\n\nUserKey: TypeAlias = 'int'\n",
        "from typing import TypeVar\n\nT = TypeVar('T')\n",
        "app_name = 'polls'\n",
        "revision = 'ae1027a6acf'\ndown_revision = None\n",
        "pytest_plugins = ('app.fixtures',)\n",
        "x, y = 1, 2\n",
    ],
)
def test_constant_name_good(lint: Lint, code: str) -> None:
    assert reported(lint(code, select=["NAME006"]), "NAME006") == []


def test_constant_in_config_file_is_exempt(lint: Lint) -> None:
    code = "project = 'Shop'\nhtml_theme = 'alabaster'\n"
    assert lint(code, select=["NAME006"], path="docs/conf.py").codes == []
    generated = "__version__ = version = '1.2.3'\n"
    assert lint(generated, select=["NAME006"], path="app/_version.py").codes == []
    assert lint(code, select=["NAME006"], path="app/conf_utils.py").codes == [
        "NAME006",
        "NAME006",
    ]


def test_constant_message_and_fix(lint: Lint) -> None:
    violation = only(lint("maxSize = 10\n", select=["NAME"]), "NAME006")
    assert violation.message == "constant 'maxSize' is not UPPER_SNAKE_CASE"
    assert violation.fix_hint == "rename to 'MAX_SIZE'"
    assert (violation.line, violation.col, violation.end_col) == (1, 1, 8)


def test_constant_not_double_reported_as_variable(lint: Lint) -> None:
    assert lint("maxSize = 10\n", select=["NAME"]).codes == ["NAME006"]


def test_literal_camel_case_is_a_variable_when_constants_are_off(lint: Lint) -> None:
    assert lint("maxSize = 10\n", select=["NAME005"]).codes == ["NAME005"]


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("DEBUG = False\nDEBUG = True\n", 2),
        ("MAX_SIZE = 1\nprint(MAX_SIZE)\nMAX_SIZE = compute()\n", 3),
        ("if ready:\n    LIMIT = 1\n    LIMIT = 2\n", 3),
    ],
)
def test_reassigned_constant_bad(lint: Lint, code: str, line: int) -> None:
    violation = only(lint(code, select=["NAME006"]), "NAME006")
    assert violation.line == line
    assert "is reassigned (first bound on line" in violation.message


@pytest.mark.parametrize(
    "code",
    [
        "if sys.platform == 'win32':\n    SEP = '\\\\'\nelse:\n    SEP = '/'\n",
        "try:\n    import ujson as JSON\nexcept ImportError:\n    JSON = None\n",
        "try:\n    BACKEND = load()\nexcept ImportError:\n    BACKEND = None\n",
        "INSTALLED_APPS = ['app']\nINSTALLED_APPS += ['debug_toolbar']\n",
        "DEBUG = env('DEBUG')\nif TESTING:\n    DEBUG = False\n",
        "_CACHE = None\n\n\ndef get():\n    global _CACHE\n    _CACHE = load()\n",
        "match mode:\n    case 'a':\n        MODE = 1\n    case _:\n        MODE = 2\n",
    ],
)
def test_reassigned_constant_good(lint: Lint, code: str) -> None:
    assert reported(lint(code, select=["NAME006"]), "NAME006") == []


# NAME007 non-descriptive-name -----------------------------------------------


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("l = []\n", ["l"]),
        ("O = 0\n", ["O"]),
        ("I = 1\n", ["I"]),
        ("for l in lines():\n    pass\n", ["l"]),
        ("values = [l for l in lines()]\n", ["l"]),
        ("strip = lambda l: l.strip()\n", ["l"]),
        ("def area(a, b):\n    return a * b\n", ["a", "b"]),
        ("def run():\n    d = {}\n    return d\n", ["d"]),
        ("n = get_count()\n", ["n"]),
        ("def run(people):\n    for p in people:\n        pass\n", ["p"]),
        ("try:\n    pass\nexcept ValueError as v:\n    pass\n", ["v"]),
        ("def run():\n    with lock as m:\n        pass\n", ["m"]),
        ("class Box:\n    def __init__(self):\n        self.w = 1\n", ["w"]),
        ("class Box:\n    h = 2\n", ["h"]),
        ("def g():\n    pass\n", ["g"]),
        ("class A:\n    pass\n", ["A"]),
        ("def load(i):\n    return i\n", ["i"]),
        ("e = make_error()\n", ["e"]),
        ("def run():\n    f = compute()\n", ["f"]),
    ],
)
def test_non_descriptive_name_bad(lint: Lint, code: str, names: list[str]) -> None:
    assert reported(lint(code, select=["NAME007"]), "NAME007") == names


CONVENTIONAL = """\
from typing import ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


def move(x, y, z=0):
    for i in range(3):
        for j in range(3):
            for k in range(3):
                pass
    i = 0
    while i < 3:
        i += 1
    for _ in range(3):
        pass
    for k, v in {}.items():
        pass
    try:
        pass
    except ValueError as e:
        raise RuntimeError from e
    with open("data.txt") as f:
        pass
    f = path.open()
    squares = [n * n for n in range(10)]
    pairs = {a: b for a, b in zip(x, y)}
    key = lambda s: s.lower()
    return squares, pairs, key


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
"""

VALIDATORS = """\
from pydantic import BaseModel, field_validator, model_validator, validator
from sqlalchemy.orm import validates


class User(BaseModel):
    @validator("name")
    def name_not_empty(cls, v):
        return v

    @field_validator("email")
    @classmethod
    def email_lower(cls, v):
        return v.lower()

    @model_validator(mode="before")
    @classmethod
    def check(cls, v):
        return v


class Account(Base):
    @validates("email")
    def check_email(self, key, v):
        return v
"""

OVERRIDE_PARAMETERS = """\
from typing import override


class Child(Base):
    @override
    def render(self, s, n):
        return s * n
"""


@pytest.mark.parametrize(
    "code",
    [CONVENTIONAL, VALIDATORS, OVERRIDE_PARAMETERS],
    ids=["conventional", "validators", "overrides"],
)
def test_non_descriptive_name_good(lint: Lint, code: str) -> None:
    assert reported(lint(code, select=["NAME007"]), "NAME007") == []


def test_ambiguous_name_message(lint: Lint) -> None:
    code = "def strip(l):\n    return l\n"
    violation = only(lint(code, select=["NAME007"]), "NAME007")
    assert (
        violation.message == "parameter name 'l' is ambiguous: it reads like '1' or 'I'"
    )
    assert (violation.line, violation.col) == (1, 11)


def test_single_letter_message(lint: Lint) -> None:
    violation = only(lint("def run():\n    d = {}\n", select=["NAME007"]), "NAME007")
    assert violation.message == "variable name 'd' is a single letter, not a word"
    assert violation.fix_hint == "use a name that says what it holds"


def test_self_attribute_column(lint: Lint) -> None:
    code = "class Box:\n    def __init__(self):\n        self.w = 1\n"
    violation = only(lint(code, select=["NAME007"]), "NAME007")
    assert (violation.line, violation.col, violation.end_col) == (3, 14, 15)


def test_ambiguous_names_are_reported_even_in_overrides(lint: Lint) -> None:
    code = (
        "class Child(Base):\n    @override\n    def get(self, l):\n        return l\n"
    )
    assert reported(lint(code, select=["NAME007"]), "NAME007") == ["l"]


def test_deny_names(lint: Lint) -> None:
    code = """\
        data = load()


        def handle(info):
            tmp = [data for data in info]
            return tmp
    """
    options = {"naming": {"deny-names": ("data", "info", "tmp")}}
    result = lint(code, select=["NAME007"], options=options)
    assert reported(result, "NAME007") == ["data", "info", "tmp", "data"]
    assert result.violations[0].message == "variable name 'data' is on the deny list"


def test_deny_names_default_is_empty(lint: Lint) -> None:
    assert lint("data = load()\ninfo = get()\n", select=["NAME007"]).codes == []


def test_allowed_short_names(lint: Lint) -> None:
    code = "def run(n, db):\n    c = n + 1\n    return c\n"
    options = {"naming": {"allowed-short-names": ("n", "c")}}
    assert lint(code, select=["NAME007"], options=options).codes == []
    assert reported(lint(code, select=["NAME007"]), "NAME007") == ["n", "c"]


def test_route_handler_parameters_may_be_short(lint: Lint) -> None:
    code = """\
        @app.get("/items")
        def read_items(q: str | None = None, pageSize: int = 10):
            return q
    """
    result = lint(code, select=["NAME004", "NAME007"])
    assert [(v.code, reported(result, v.code)) for v in result.violations] == [
        ("NAME004", ["pageSize"])
    ]
    plain = "def read_items(q: str | None = None):\n    return q\n"
    assert reported(lint(plain, select=["NAME007"]), "NAME007") == ["q"]


def test_validator_parameters_are_still_snake_case(lint: Lint) -> None:
    code = """\
        class User(BaseModel):
            @validator("name")
            def check(cls, v, fieldInfo):
                return v
    """
    result = lint(code, select=["NAME004", "NAME007"])
    assert result.codes == ["NAME004"]


def test_classmethod_decorators_option(lint: Lint) -> None:
    code = """\
        class Item(Model):
            @checks("name")
            def normalise(cls, v):
                return v
    """
    assert reported(lint(code, select=["NAME007"]), "NAME007") == ["v"]
    options = {"naming": {"classmethod-decorators": ("checks",)}}
    assert lint(code, select=["NAME007"], options=options).codes == []


# NAME008 exception-name -----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name", "fix"),
    [
        ("class NotFound(Exception):\n    pass\n", "NotFound", "NotFoundError"),
        ("class BadInput(ValueError):\n    pass\n", "BadInput", "BadInputError"),
        ("class Abort(BaseException):\n    pass\n", "Abort", "AbortError"),
        (
            "class PaymentFailedException(Exception):\n    pass\n",
            "PaymentFailedException",
            "PaymentFailedError",
        ),
        (
            "class AppError(Exception):\n    pass\n\n\n"
            "class Missing(AppError):\n    pass\n",
            "Missing",
            "MissingError",
        ),
    ],
)
def test_exception_name_bad(lint: Lint, code: str, name: str, fix: str) -> None:
    violation = only(lint(code, select=["NAME008"]), "NAME008")
    assert violation.message == f"exception class name '{name}' does not end in 'Error'"
    assert violation.fix_hint == f"rename to '{fix}'"


def test_exception_name_inherits_through_local_classes(lint: Lint) -> None:
    code = "class Base(Exception):\n    pass\n\n\nclass Gone(Base):\n    pass\n"
    assert reported(lint(code, select=["NAME008"]), "NAME008") == ["Base", "Gone"]


@pytest.mark.parametrize(
    "code",
    [
        "class NotFoundError(Exception):\n    pass\n",
        "class NotFoundError(LookupError):\n    pass\n",
        "class RemovedWarning(DeprecationWarning):\n    pass\n",
        "class User(Base):\n    pass\n",
        "class HandlerError(Error):\n    pass\n",
    ],
)
def test_exception_name_good(lint: Lint, code: str) -> None:
    assert lint(code, select=["NAME008"]).codes == []


# Options and selection ------------------------------------------------------


def test_ignore_names_covers_every_rule(lint: Lint) -> None:
    code = """\
        maxSize = 10


        class legacy_model:
            pass


        def getUser(userId, q):
            itemList = []
            return itemList
    """
    options = {
        "naming": {
            "ignore-names": ("maxSize", "legacy_*", "get*", "userId", "q", "item*")
        }
    }
    assert lint(code, select=["NAME"], options=options).codes == []
    assert len(lint(code, select=["NAME"]).codes) == 6


def test_override_decorators_option(lint: Lint) -> None:
    code = """\
        from overrides import overrides


        class Child(Base):
            @overrides
            def getUser(self, userId):
                pass
    """
    result = lint(code, select=["NAME003", "NAME004"])
    assert result.codes == ["NAME003", "NAME004"]
    options = {"naming": {"override-decorators": ("overrides",)}}
    assert lint(code, select=["NAME003", "NAME004"], options=options).codes == []


def test_dotted_override_decorator_must_match_exactly(lint: Lint) -> None:
    code = "class C(Base):\n    @mylib.override\n    def getUser(self):\n        pass\n"
    options = {"naming": {"override-decorators": ("typing.override",)}}
    assert lint(code, select=["NAME003"], options=options).codes == ["NAME003"]


def test_only_selected_rules_report(lint: Lint) -> None:
    code = "class user_model:\n    def getUser(self, userId):\n        l = 1\n"
    assert lint(code, select=["NAME003"]).codes == ["NAME003"]
    assert lint(code, select=["NAME007"]).codes == ["NAME007"]
    assert sorted(lint(code, select=["NAME"]).codes) == [
        "NAME002",
        "NAME003",
        "NAME004",
        "NAME007",
    ]


def test_no_name_rule_enabled_means_no_work(lint: Lint) -> None:
    assert lint("class user_model:\n    pass\n", select=["STYLE"]).codes == []


def test_inline_suppression_works_on_the_reported_line(lint: Lint) -> None:
    code = "def getUser():  # guide: ignore[NAME003]\n    pass\n"
    assert lint(code, select=["NAME"]).codes == []
