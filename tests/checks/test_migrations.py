"""DB003 on project trees: each ORM, each kind of migrations folder."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest
from project_tree import guide

from pytest_backend_guide.checks.migrations import SECTION, run_migrations
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

SQLALCHEMY_2 = """\
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
"""

MODELS = {
    "sqlalchemy-2": SQLALCHEMY_2,
    "sqlalchemy-mapped-only": """\
        import sqlalchemy.orm as so
        from app import db


        class Post(db.Model):
            id: so.Mapped[int] = so.mapped_column(primary_key=True)
    """,
    "flask-sqlalchemy-columns": """\
        from app import db


        class Post(db.Model):
            id = db.Column(db.Integer, primary_key=True)
    """,
    "sqlmodel": """\
        from sqlmodel import Field, SQLModel


        class Hero(SQLModel, table=True):
            id: int | None = Field(default=None, primary_key=True)
    """,
    "django": """\
        from django.db import models


        class Article(models.Model):
            title = models.CharField(max_length=200)
    """,
    "django-user": """\
        from django.contrib.auth.models import AbstractBaseUser


        class User(AbstractBaseUser):
            pass
    """,
    "tortoise": """\
        from tortoise.models import Model
        from tortoise import fields


        class Tournament(Model):
            id = fields.IntField(pk=True)
    """,
    "peewee": """\
        import peewee as pw


        class Person(pw.Model):
            name = pw.CharField()
    """,
}


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write dedented files below ``root``."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def db3(root: Path, paths: tuple[str, ...] | None = None) -> list[str]:
    """Run the migrations check and return ``path:line:col message`` lines."""
    options = dict(SECTION.defaults())
    if paths is not None:
        options["paths"] = paths
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=frozenset({"DB003"}),
        options={"migrations": options},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    return [f"{v.path}:{v.line}:{v.col} {v.message}" for v in run_migrations(ctx)]


@pytest.mark.parametrize("orm", sorted(MODELS))
def test_models_of_each_orm_without_migrations(tmp_path: Path, orm: str) -> None:
    write(tmp_path, {"app/models.py": MODELS[orm]})
    reports = db3(tmp_path)
    assert len(reports) == 1, reports
    assert reports[0].startswith("app/models.py:")
    assert "but no migrations" in reports[0]


@pytest.mark.parametrize(
    "migration",
    [
        "alembic/versions/0001_create_users.py",
        "migrations/versions/ab12_initial.py",
        "backend/app/alembic/versions/1a31ce608336_add.py",
        "app/users/migrations/0001_initial.py",
    ],
)
def test_any_kind_of_migration_satisfies_it(tmp_path: Path, migration: str) -> None:
    write(tmp_path, {"app/models.py": SQLALCHEMY_2, migration: "revision = '1'\n"})
    assert db3(tmp_path) == []


def test_an_alembic_home_with_another_name_counts_by_its_env_py(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/models.py": SQLALCHEMY_2,
            "src/db/revisions/core/env.py": "",
            "src/db/revisions/core/versions/2021_f011c050b9ba.py": "",
        },
    )
    assert db3(tmp_path) == []


def test_an_empty_versions_folder_is_no_migration(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": SQLALCHEMY_2, "alembic/env.py": "", "alembic/versions/.keep": ""})
    assert len(db3(tmp_path)) == 1


def test_the_paths_option(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": SQLALCHEMY_2, "db/changes/001.sql": "create table x();\n"})
    assert len(db3(tmp_path)) == 1
    assert db3(tmp_path, paths=("db/changes/*.sql",)) == []


def test_one_report_for_many_models(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"app/models/user.py": SQLALCHEMY_2, "app/models/post.py": MODELS["sqlmodel"]},
    )
    (report,) = db3(tmp_path)
    assert report.startswith("app/models/post.py:4:1 SQLModel model 'Hero' (and 1 more in 2 files)")


@pytest.mark.parametrize(
    "source",
    [
        # pydantic models, dataclasses and a declarative base are not tables
        "from pydantic import BaseModel\n\n\nclass User(BaseModel):\n    name: str\n",
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
        "from sqlmodel import SQLModel\n\n\nclass HeroIn(SQLModel):\n    name: str\n",
        # an abstract Django model has no table
        "from django.db import models\n\n\nclass Stamped(models.Model):\n"
        "    class Meta:\n        abstract = True\n",
        # pypika tables name theirs with a string
        "from pypika import Table\n\n\nclass Users(Table):\n    __table__ = 'users'\n",
        # a Keras model is no ORM model
        "from keras import Model\n\n\nclass Net(Model):\n    pass\n",
    ],
)
def test_classes_that_are_not_tables(tmp_path: Path, source: str) -> None:
    write(tmp_path, {"app/models.py": source})
    assert db3(tmp_path) == []


def test_models_in_tests_do_not_count(tmp_path: Path) -> None:
    write(tmp_path, {"tests/test_models.py": SQLALCHEMY_2})
    assert db3(tmp_path) == []


def test_end_to_end(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml('[tool.backend-guide]\nselect = ["DB003"]\n')
    write(pytester.path, {"app/models.py": SQLALCHEMY_2})
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines(["app/models.py:8:1: DB003 SQLAlchemy model 'User' but no migrations*"])
    assert result.ret == 1


def test_models_of_one_file_are_counted_in_it(tmp_path: Path) -> None:
    two = textwrap.dedent(SQLALCHEMY_2) + '\n\nclass Post(Base):\n    __tablename__ = "posts"\n'
    write(tmp_path, {"app/models.py": two})
    (report,) = db3(tmp_path)
    assert "model 'User' (and 1 more in the same file) but no migrations" in report
