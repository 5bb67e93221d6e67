"""SEC001 hardcoded-secret, on realistic settings, views and clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pytest_backend_guide.checks.security import RULES, is_test_file
from pytest_backend_guide.checks.security.secrets import is_secret_name
from pytest_backend_guide.engine import FileResult

Lint = Callable[..., FileResult]


def secrets(
    lint: Lint, code: str, path: str = "app/core/config.py", **options: object
) -> list[tuple[int, str]]:
    table = {key.replace("_", "-"): value for key, value in options.items()}
    result = lint(code, select=["SEC001"], path=path, options={"security": table})
    assert result.error is None, result.error
    return [(v.line, v.message) for v in result.violations]


def test_security_rules_are_declared_with_their_names() -> None:
    assert {rule.code: rule.name for rule in RULES} == {
        "SEC001": "hardcoded-secret",
        "SEC010": "sql-injection",
        "SEC011": "eval-exec",
        "SEC012": "shell-injection",
        "SEC013": "unsafe-deserialization",
        "SEC014": "weak-password-hash",
        "SEC015": "jwt-unverified",
        "SEC016": "debug-enabled",
    }


def test_module_constants_with_secret_names_are_reported(lint: Lint) -> None:
    code = """
        SECRET_KEY = "=ug_ucl@yi6^mrcjyz%(u0%&g2adt#bz3@yos"
        DB_PASSWORD = "hunter2"
        STRIPE_API_KEY = "sk_live_51HxYz"
        githubToken = "ghp_abcdef0123456789"
        PRIVATE_KEY = b"-----BEGIN RSA PRIVATE KEY-----"
    """
    assert secrets(lint, code) == [
        (2, "hardcoded secret in 'SECRET_KEY'"),
        (3, "hardcoded secret in 'DB_PASSWORD'"),
        (4, "hardcoded secret in 'STRIPE_API_KEY'"),
        (5, "hardcoded secret in 'githubToken'"),
        (6, "hardcoded secret in 'PRIVATE_KEY'"),
    ]


def test_settings_class_defaults_and_secretstr_are_reported(lint: Lint) -> None:
    code = """
        from pydantic import Field, SecretStr
        from pydantic_settings import BaseSettings


        class Settings(BaseSettings):
            PROJECT_NAME: str = "shop"
            SECRET_KEY: str = "changethis-9f8e7d"
            SMTP_PASSWORD: str = Field("mailpass1", description="SMTP login")
            sentry_token: SecretStr = SecretStr("f00dbabe")
            FIRST_SUPERUSER_PASSWORD: str
            JWT_SECRET: str = Field(default="jwt-secret-1")
    """
    assert secrets(lint, code) == [
        (8, "hardcoded secret in 'SECRET_KEY'"),
        (9, "hardcoded secret in 'SMTP_PASSWORD'"),
        (10, "hardcoded secret in 'SecretStr'"),
        (12, "hardcoded secret in 'JWT_SECRET'"),
    ]


def test_keywords_defaults_and_attributes_are_reported(lint: Lint) -> None:
    code = """
        import redis
        from app.services.users import user_create


        cache = redis.Redis(host="cache", password="r3dis-pass")


        def seed() -> None:
            user_create(email="admin@example.com", password="admin123")


        def connect(user: str, passwd: str = "s3cr3t") -> None:
            ...


        class Client:
            def __init__(self) -> None:
                self.api_key = "AKIAIOSFODNN7EXAMPLE"
    """
    assert secrets(lint, code, path="app/services/seed.py") == [
        (6, "hardcoded secret in 'password'"),
        (10, "hardcoded secret in 'password'"),
        (13, "hardcoded secret in 'passwd'"),
        (19, "hardcoded secret in 'api_key'"),
    ]


def test_the_literal_is_what_is_underlined(lint: Lint) -> None:
    result = lint('SECRET_KEY = "abc-123"\n', select=["SEC001"], path="app/config.py")
    [violation] = result.violations
    assert (violation.line, violation.col, violation.end_col) == (1, 14, 23)


def test_traps_are_not_reported(lint: Lint) -> None:
    code = r"""
        import os

        from fastapi.security import OAuth2PasswordBearer
        from pydantic_settings import BaseSettings

        token_type = "bearer"
        TOKEN_PREFIX = "Bearer "
        AUTH_HEADER_TOKEN = "Bearer"
        TOKEN_URL = "/v1/auth/token"
        PASSWORD_RESET_URL = "https://example.com/reset"
        SECRET_KEY_ENV = "SECRET_KEY"
        API_KEY = "API_KEY"
        password = ""
        ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8
        PASSWORD_MIN_LENGTH = 8
        SECRET_KEY = os.environ["SECRET_KEY"]
        API_TOKEN = os.getenv("API_TOKEN", "")
        REFRESH_TOKEN_COOKIE_NAME = "refresh"
        password_field = "password"
        PASSWORD = "password"
        token_key = "access_token"
        CERT_PRIVATE_KEY = "certs/private.pem"
        API_KEY_HEADER = "X-API-Key"
        api_key = "X-API-Key"
        DB_PASSWORD = "${DB_PASSWORD}"
        masked_password = "********"
        shown_password = ":****"
        jsonnet_token = r"[^\W\d]\w*"
        SESSION_TOKEN = r"(?P<token>[a-f0-9]{32})"
        INVALID_TOKEN = "Could not validate credentials"
        DISPATCH_JWT_SECRET = "test"
        DATABASE_CREDENTIALS = "bar:bar"
        DISPATCH_ENCRYPTION_KEY = "baz"
        reusable_oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/login/access-token")


        class Settings(BaseSettings):
            SECRET_KEY: str
            POSTGRES_PASSWORD: str = ""
            SMTP_PASSWORD: str | None = None
            EMAIL_RESET_TOKEN_EXPIRE_HOURS: int = 48


        def login(form: dict, grant_type: str = "password") -> dict:
            return {"access_token": form["token"], "token_type": "bearer"}
    """
    assert secrets(lint, code) == []


def test_a_project_function_named_secretstr_is_still_a_wrapped_secret(
    lint: Lint,
) -> None:
    code = 'from pydantic.types import SecretStr\nkey = SecretStr("")\n'
    assert secrets(lint, code) == []


@pytest.mark.parametrize(
    "path",
    [
        "tests/test_login.py",
        "app/tests/factories.py",
        "conftest.py",
        "app/users_test.py",
        "app/core/settings/test.py",
    ],
)
def test_test_files_are_skipped_unless_asked(lint: Lint, path: str) -> None:
    code = 'PASSWORD = "hunter2"\n'
    assert secrets(lint, code, path=path) == []
    assert secrets(lint, code, path=path, check_tests=True) != []


def test_extra_secret_names_extend_the_words(lint: Lint) -> None:
    code = 'DATABASE_DSN = "postgres"\nSIGNING_SALT = "pepper"\n'
    assert secrets(lint, code) == []
    assert secrets(lint, code, secret_names=["dsn", "salt"]) == [
        (1, "hardcoded secret in 'DATABASE_DSN'"),
        (2, "hardcoded secret in 'SIGNING_SALT'"),
    ]


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("SECRET_KEY", True),
        ("apiKey", True),
        ("aws_secret_access_key", True),
        ("client_secret", True),
        ("credentials", True),
        ("token_type", False),
        ("TOKEN_URL", False),
        ("SECRET_KEY_ENV", False),
        ("session_key", False),
        ("monkey", False),
        ("passport", False),
    ],
)
def test_secret_names_are_judged_by_their_last_word(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_test_file_detection() -> None:
    assert is_test_file("backend/tests/api/test_users.py")
    assert not is_test_file("app/services/testimonials.py")
