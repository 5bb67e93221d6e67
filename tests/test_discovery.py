"""Finding the files to check."""

from __future__ import annotations

from pathlib import Path

from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.settings import Settings


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("VALUE = 1\n", encoding="utf-8")


def found(settings: Settings) -> list[str]:
    return [f.relpath for f in find_python_files(settings)]


def test_finds_python_files_sorted_and_skips_the_rest(tmp_path: Path) -> None:
    make(tmp_path, "b.py", "a/x.py", "a/notes.txt", "a/y.pyi", "c/__init__.py")
    assert found(Settings(tmp_path, None, (tmp_path,))) == [
        "a/x.py",
        "b.py",
        "c/__init__.py",
    ]


def test_default_excludes_and_virtualenvs_under_any_name(tmp_path: Path) -> None:
    make(tmp_path, "app.py", ".venv/lib/x.py", "node_modules/x.py", "pkg.egg-info/x.py")
    make(tmp_path, "myenv/lib/x.py", ".git/hooks/x.py", "app/__pycache__/x.py")
    (tmp_path / "myenv/pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    assert found(Settings(tmp_path, None, (tmp_path,))) == ["app.py"]
    everything = found(Settings(tmp_path, None, (tmp_path,), default_excludes=False))
    assert "myenv/lib/x.py" in everything
    assert ".venv/lib/x.py" in everything


def test_exclude_patterns_are_gitignore_syntax(tmp_path: Path) -> None:
    make(tmp_path, "app/a.py", "app/migrations/0001.py", "app/b_pb2.py", "docs/conf.py")
    settings = Settings(
        tmp_path, None, (tmp_path,), exclude=("migrations/", "*_pb2.py", "/docs")
    )
    assert found(settings) == ["app/a.py"]


def test_nested_gitignore_files_apply_below_their_folder(tmp_path: Path) -> None:
    make(
        tmp_path,
        "app/a.py",
        "app/local.py",
        "local.py",
        "app/keep/gen.py",
        "app/gen.py",
    )
    (tmp_path / ".gitignore").write_text("gen.py\n!app/keep/gen.py\n", encoding="utf-8")
    (tmp_path / "app/.gitignore").write_text("/local.py\n", encoding="utf-8")
    settings = Settings(tmp_path, None, (tmp_path,))
    assert found(settings) == ["app/a.py", "app/keep/gen.py", "local.py"]
    unfiltered = Settings(tmp_path, None, (tmp_path,), respect_gitignore=False)
    assert len(found(unfiltered)) == 5


def test_gitignore_above_a_source_root_applies(tmp_path: Path) -> None:
    make(tmp_path, "src/app/a.py", "src/app/secret_local.py")
    (tmp_path / ".gitignore").write_text("*_local.py\n", encoding="utf-8")
    settings = Settings(tmp_path, None, (tmp_path / "src",))
    assert found(settings) == ["src/app/a.py"]


def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    make(tmp_path, "app/a.py")
    (tmp_path / "app/loop").symlink_to(tmp_path / "app", target_is_directory=True)
    (tmp_path / "app/alias.py").symlink_to(tmp_path / "app/a.py")
    assert found(Settings(tmp_path, None, (tmp_path,))) == ["app/a.py", "app/alias.py"]


def test_overlapping_roots_and_file_roots_give_each_file_once(tmp_path: Path) -> None:
    make(tmp_path, "app/a.py", "main.py", "README.md")
    settings = Settings(
        tmp_path,
        None,
        (tmp_path, tmp_path / "app", tmp_path / "main.py", tmp_path / "README.md"),
    )
    assert found(settings) == ["app/a.py", "main.py"]


def test_the_nearest_gitignore_decides(tmp_path: Path) -> None:
    make(
        tmp_path,
        "app/gen_x.py",
        "app/gen_keep.py",
        "app/sub/gen_keep.py",
        "gen_keep.py",
    )
    (tmp_path / ".gitignore").write_text("gen_*.py\n", encoding="utf-8")
    (tmp_path / "app/.gitignore").write_text("!gen_keep.py\n", encoding="utf-8")
    assert found(Settings(tmp_path, None, (tmp_path,))) == [
        "app/gen_keep.py",
        "app/sub/gen_keep.py",
    ]
    assert found(Settings(tmp_path, None, (tmp_path / "app",))) == [
        "app/gen_keep.py",
        "app/sub/gen_keep.py",
    ]


def test_a_root_outside_the_rootdir_is_walked_without_excludes(tmp_path: Path) -> None:
    make(tmp_path, "project/app.py", "shared/lib.py", "shared/build/x.py")
    settings = Settings(
        tmp_path / "project", None, (tmp_path / "shared",), exclude=("lib.py",)
    )
    assert found(settings) == ["../shared/lib.py"]


def test_migrations_are_not_checked_by_default(tmp_path: Path) -> None:
    # Django apps (Styleguide-Example), Flask-Migrate (microblog) and an
    # Alembic tree named alembic/ (full-stack-fastapi-template).
    make(
        tmp_path,
        "styleguide_example/users/models.py",
        "styleguide_example/users/migrations/__init__.py",
        "styleguide_example/users/migrations/0001_initial.py",
        "migrations/env.py",
        "migrations/versions/2021-11-18_ce5c4ac967d8.py",
        "app/alembic/versions/e2412789c190_initialize_models.py",
        "app/api/versions/v1.py",  # a versions/ package of the API: checked
    )
    (tmp_path / "app/alembic/env.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert found(Settings(tmp_path, None, (tmp_path,))) == [
        "app/alembic/env.py",
        "app/api/versions/v1.py",
        "styleguide_example/users/models.py",
    ]
    everything = found(Settings(tmp_path, None, (tmp_path,), exclude_migrations=False))
    assert "styleguide_example/users/migrations/0001_initial.py" in everything
    assert "migrations/versions/2021-11-18_ce5c4ac967d8.py" in everything


def test_versions_beside_an_alembic_env_are_migrations(tmp_path: Path) -> None:
    # Netflix dispatch: revisions/core/{env.py,versions/} under the package.
    make(
        tmp_path,
        "src/dispatch/database/revisions/core/versions/2023-01-01_1a2b3c.py",
        "src/dispatch/plugins/versions/__init__.py",  # no env.py beside it
        "src/dispatch/service.py",
    )
    env = tmp_path / "src/dispatch/database/revisions/core/env.py"
    env.write_text("from alembic import context\n", encoding="utf-8")
    assert found(Settings(tmp_path, None, (tmp_path,))) == [
        "src/dispatch/database/revisions/core/env.py",
        "src/dispatch/plugins/versions/__init__.py",
        "src/dispatch/service.py",
    ]


def test_alembic_script_location_is_a_migration_tree(tmp_path: Path) -> None:
    # fastapi-realworld-example-app: alembic.ini at the root names the tree.
    make(
        tmp_path,
        "app/db/queries/users.py",
        "app/db/revisions/env.py",
        "app/db/revisions/script_one.py",
        "app/db/revisions/versions/fdf8821871d7_main_tables.py",
        "src/dispatch/db/tenant/0001_tenant.py",
        "src/dispatch/service.py",
    )
    ini = "[alembic]\nscript_location = ./app/db/revisions\n"
    (tmp_path / "alembic.ini").write_text(ini, encoding="utf-8")
    # A package:path location, as Netflix dispatch writes it, in a nested ini.
    nested = "[core]\nscript_location = dispatch:db/tenant\n"
    (tmp_path / "src/dispatch/alembic.ini").write_text(nested, encoding="utf-8")
    assert found(Settings(tmp_path, None, (tmp_path,))) == [
        "app/db/queries/users.py",
        "src/dispatch/service.py",
    ]


def test_project_files_list_migrations_that_checks_leave_out(tmp_path: Path) -> None:
    from pytest_backend_guide.project_files import list_project_files

    make(tmp_path, "app/models.py", "migrations/versions/0001_initial.py")
    settings = Settings(tmp_path, None, (tmp_path,))
    assert found(settings) == ["app/models.py"]
    listed = list_project_files(settings)
    assert not listed.from_git
    assert "migrations/versions/0001_initial.py" in listed.paths
