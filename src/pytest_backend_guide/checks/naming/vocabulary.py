"""Names, bases and decorators that the NAME rules treat specially.

Also the kinds of binding, of decorated function and of class that the walk
notes and the judge reads.
"""

from __future__ import annotations

import ast
import re
import string

# camelCase names defined by the standard library (unittest, logging,
# xml.sax) and Twisted, which subclasses and test modules must override.
API_NAMES = frozenset(
    {
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "setUpModule",
        "tearDownModule",
        "asyncSetUp",
        "asyncTearDown",
        "setUpTestData",
        "addCleanup",
        "addClassCleanup",
        "addAsyncCleanup",
        "doCleanups",
        "doClassCleanups",
        "enterContext",
        "enterClassContext",
        "shortDescription",
        "countTestCases",
        "defaultTestResult",
        "subTest",
        "maxDiff",
        "longMessage",
        "failureException",
        "addSuccess",
        "addError",
        "addFailure",
        "addSkip",
        "addExpectedFailure",
        "addUnexpectedSuccess",
        "addSubTest",
        "startTest",
        "stopTest",
        "startTestRun",
        "stopTestRun",
        "wasSuccessful",
        "addDuration",
        "printErrors",
        "printErrorList",
        "getDescription",
        "getMessage",
        "formatTime",
        "formatException",
        "formatStack",
        "formatMessage",
        "usesTime",
        "handleError",
        "createLock",
        "makeRecord",
        "findCaller",
        "shouldRollover",
        "doRollover",
        "setDocumentLocator",
        "startDocument",
        "endDocument",
        "startPrefixMapping",
        "endPrefixMapping",
        "startElement",
        "endElement",
        "startElementNS",
        "endElementNS",
        "ignorableWhitespace",
        "processingInstruction",
        "skippedEntity",
        "dataReceived",
        "connectionMade",
        "connectionLost",
        "lineReceived",
        "rawDataReceived",
        "buildProtocol",
        "startFactory",
        "stopFactory",
        "clientConnectionFailed",
        "clientConnectionLost",
        "datagramReceived",
    }
)

# Methods named by a visitor or handler protocol: ast.NodeVisitor,
# libcst, docutils, http.server.BaseHTTPRequestHandler, cmd.Cmd.
HANDLER_METHOD = re.compile(r"(?:visit|leave|depart)_\w+|do_[A-Z][A-Z0-9_]*")
# unittest's assertion and skip helpers, which test code imitates.
UNITTEST_STYLE = re.compile(r"(?:assert|fail|skipIf|skipUnless)[A-Z]\w*")
PROPERTY_SUFFIXES = ("property", ".setter", ".getter", ".deleter")
DEFINITION_KEYWORD = re.compile(r"(?:async\s+)?def\s+|class\s+")
AS_KEYWORD = re.compile(r"\bas\s+")
# ASCII characters of names, to tell the keyword ``for`` from ``format``.
NAME_CHARS = frozenset(string.ascii_letters + string.digits + "_")

# Calls whose result is a type named by its own string argument.
TYPE_FACTORIES = frozenset(
    {
        "TypeVar",
        "ParamSpec",
        "TypeVarTuple",
        "NewType",
        "namedtuple",
        "NamedTuple",
        "TypedDict",
        "TypeAliasType",
        "Enum",
        "IntEnum",
        "StrEnum",
        "Flag",
        "IntFlag",
    }
)
ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"})
EXCEPTION_BASES = frozenset({"Exception", "BaseException"})
DESCRIPTOR_BASES = frozenset(
    {"property", "cached_property", "classmethod", "staticmethod"}
)
CALLABLE_DUNDERS = frozenset(
    {"__call__", "__get__", "__set_name__", "__enter__", "__aenter__"}
)

# Module-level names that frameworks read in lower case: Django URLconfs and
# apps, Alembic revisions, pytest conftest files.
FRAMEWORK_MODULE_NAMES = frozenset(
    {
        "app_name",
        "default_app_config",
        "handler400",
        "handler403",
        "handler404",
        "handler500",
        "revision",
        "down_revision",
        "branch_labels",
        "depends_on",
        "pytest_plugins",
        "collect_ignore",
        "collect_ignore_glob",
    }
)
# Files whose lower-case module variables are read by a tool: Sphinx,
# gunicorn and Celery configuration, setuptools-scm's generated _version.py.
# Django settings: a settings module composes them (``INSTALLED_APPS,
# MIDDLEWARE = setup(INSTALLED_APPS, MIDDLEWARE)``, one layer of settings
# over another), so rebinding one is how the framework is configured.
DJANGO_SETTINGS = frozenset(
    {
        "ALLOWED_HOSTS",
        "AUTHENTICATION_BACKENDS",
        "AUTH_PASSWORD_VALIDATORS",
        "AUTH_USER_MODEL",
        "CACHES",
        "CELERY_BEAT_SCHEDULE",
        "CORS_ALLOWED_ORIGINS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASES",
        "DEBUG",
        "DEFAULT_AUTO_FIELD",
        "DEFAULT_FILE_STORAGE",
        "DEFAULT_FROM_EMAIL",
        "EMAIL_BACKEND",
        "INSTALLED_APPS",
        "INTERNAL_IPS",
        "LANGUAGE_CODE",
        "LOGGING",
        "LOGIN_URL",
        "MEDIA_ROOT",
        "MEDIA_URL",
        "MIDDLEWARE",
        "REST_FRAMEWORK",
        "ROOT_URLCONF",
        "SECRET_KEY",
        "SESSION_ENGINE",
        "STATICFILES_DIRS",
        "STATICFILES_STORAGE",
        "STATIC_ROOT",
        "STATIC_URL",
        "STORAGES",
        "TEMPLATES",
        "TEST_RUNNER",
        "TIME_ZONE",
        "USE_I18N",
        "USE_TZ",
        "WSGI_APPLICATION",
        "ASGI_APPLICATION",
    }
)

# Settings only a Django settings module binds.
DJANGO_MARKERS = frozenset(
    {"INSTALLED_APPS", "MIDDLEWARE", "DATABASES", "ROOT_URLCONF"}
)

CONFIG_FILE_STEMS = frozenset(
    {"conf", "gunicorn.conf", "gunicorn_conf", "gunicorn_config", "celeryconfig"}
    | {"_version"}
)

# Fields of compound statements that hold statements.
BLOCK_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})

# Fields that hold no names: contexts, operators, comments.
SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment", "kind"})

# Targets that unpack into their elements.
SEQUENCE_TARGETS = (ast.Tuple, ast.List)

# Values that may hold a class: ``User = get_user_model()``.
CLASS_VALUES = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.IfExp)

AMBIGUOUS = {"l": "'1' or 'I'", "O": "'0'", "I": "'l' or '1'"}
COORDINATES = frozenset({"x", "y", "z"})
LOOP_INDICES = frozenset({"i", "j", "k"})

# Kinds of binding.
ASSIGN = "assign"
DECLARE = "declare"
AUGMENT = "augment"
LOOP = "loop"
WITH = "with"
EXCEPT = "except"
WALRUS = "walrus"
MATCH = "match"
COMPREHENSION = "comprehension"
DEFINITION = "definition"
PARAMETER = "parameter"
LAMBDA = "lambda"
ATTRIBUTE = "attribute"
# Kinds of binding whose value says nothing of what the name holds.
UNKNOWN_VALUE_KINDS = frozenset({LOOP, WITH, COMPREHENSION})
# Kinds of binding where i, j and k are read as indices in a function.
LOCAL_KINDS = frozenset({ASSIGN, AUGMENT, WALRUS})

# What a decorator makes of a function and its parameters.
OVERRIDE = "override"
PROPERTY = "property"
SHORT_NAMES = "short-names"
# Route decorators (FastAPI, Flask, Starlette...): the parameters of a
# handler are the names of its query and path parameters, such as ``q``.
ROUTE_DECORATORS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace"}
    | {"route", "api_route", "websocket", "websocket_route"}
)

# Class traits, inherited through local subclasses.
ENUM = "enum"
TEST_CASE = "test-case"
TYPED_DICT = "typed-dict"
# A class whose fields are a wire format: pydantic models, marshmallow
# schemas, DRF serializers, msgspec structs. Their camelCase fields mirror a
# JSON contract (``itemsPerPage``, ``createdAt``).
SCHEMA = "schema"
SCHEMA_BASES = frozenset(
    {
        "BaseModel",
        "SQLModel",
        "RootModel",
        "Schema",
        "Serializer",
        "ModelSerializer",
        "HyperlinkedModelSerializer",
        "Struct",
    }
)
SCHEMA_SUFFIXES = ("Schema", "Serializer")
EXCEPTION = "exception"
CALLABLE_STYLE = "callable-style"

