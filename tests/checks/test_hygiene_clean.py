"""A clean backend in a git repository passes all four hygiene checks."""

from __future__ import annotations

import shutil

import pytest
from git_repo import git, init_repo
from project_tree import guide, write

CLEAN_BACKEND = {
    "pyproject.toml": (
        "[tool.backend-guide]\n"
        'select = ["DEP", "SEC002", "SEC003", "DB003"]\n'
    ),
    "requirements.txt": "fastapi==0.115.6\nsqlalchemy==2.0.36  # ORM\n",
    ".gitignore": ".env\n",
    ".env.example": "DATABASE_URL=postgresql://app:${DB_PASSWORD}@db/app\nSECRET_KEY=changeme\n",
    "app/__init__.py": '"""App."""\n',
    "app/config.py": (
        '"""Settings."""\n\nimport os\n\n'
        'DATABASE_URL = os.environ["DATABASE_URL"]\n'
        'SECRET_KEY = os.environ["SECRET_KEY"]\n'
    ),
    "app/models.py": (
        '"""Tables."""\n\n'
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
        "class Base(DeclarativeBase):\n"
        '    """Base."""\n\n\n'
        "class User(Base):\n"
        '    """A user."""\n\n'
        '    __tablename__ = "users"\n'
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
    ),
    "alembic/env.py": '"""Alembic."""\n',
    "alembic/versions/0001_users.py": '"""Create users."""\n\nrevision = "0001"\n',
}


def test_a_clean_backend_passes_every_hygiene_check(pytester: pytest.Pytester) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    write(pytester.path, {**CLEAN_BACKEND, ".env": "SECRET_KEY=Xk9q2Lm7-real-one\n"})
    init_repo(pytester.path)
    assert ".env" not in git(pytester.path, "ls-files").split()  # ignored
    result = guide(pytester, "-m", "guide", "-v")
    for name in ("dependencies", "secrets", "configuration", "migrations"):
        result.stdout.fnmatch_lines([f"*pyproject.toml::guide?{name}? PASSED*"])
    assert result.ret == 0


def test_the_same_backend_without_git_passes_too(pytester: pytest.Pytester) -> None:
    write(pytester.path, {**CLEAN_BACKEND, ".env": "SECRET_KEY=Xk9q2Lm7-real-one\n"})
    result = guide(pytester, "-m", "guide")
    assert result.ret == 0, result.stdout.str()
