"""SEC002 on real project trees: git-tracked files, every kind of secret."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from project_tree import guide

from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.checks.secrets import SECTION, run_secrets
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

# Built at run time, so that this file holds no secret-shaped literal itself.
GITHUB = "ghp_" + "a1B2" * 9
AWS = "AKIA" + "Z7Q4" * 4
GITLAB = "glpat-" + "x1Y2z3W4v5U6t7S8r9Q0"
SLACK = "xoxb-" + "1234567890-abcdefABCDEF"
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
GOOGLE = "AIza" + "SyD4x9Q" * 5
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiI0MiIsIm5hbWUiOiJBZGEifQ."
    "c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw"
)
KEY_BLOCK = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n"


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write files below ``root`` (dedented)."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def git(root: Path, *args: str) -> None:
    """Run git in ``root`` with a fixed identity."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def repo(root: Path, tracked: Mapping[str, str], untracked: Mapping[str, str] = {}) -> None:
    """Make a git repository: ``tracked`` committed, ``untracked`` only written."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    write(root, tracked)
    git(root, "add", "-f", *tracked)
    git(root, "commit", "-q", "-m", "init")
    write(root, untracked)


def sec(root: Path, allow: tuple[str, ...] = (), enabled: frozenset[str] = frozenset({"SEC002"})) -> list[str]:
    """Run the secrets check and return ``path:line:col kind`` lines."""
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=enabled,
        options={"secrets": {**SECTION.defaults(), "allow-secrets": allow}},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    return [f"{v.path}:{v.line}:{v.col} {v.message}" for v in run_secrets(ctx)]


def where(reports: list[str]) -> list[str]:
    """Return the ``path:line:col`` of each report."""
    return sorted(report.split(" ")[0] for report in reports)


@needs_git
def test_a_clean_project_gives_nothing(tmp_path: Path) -> None:
    repo(
        tmp_path,
        {
            "app/config.py": "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n",
            ".env.example": "SECRET_KEY=changeme\nDATABASE_URL=postgresql://app:${DB_PASSWORD}@db/app\n",
            "docker-compose.yml": "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n",
            "README.md": "Set `API_KEY=<your key>` before you start.\n",
        },
    )
    assert sec(tmp_path) == []


@needs_git
def test_tracked_untracked_and_ignored_files(tmp_path: Path) -> None:
    repo(
        tmp_path,
        {".gitignore": "secret.txt\n", "tracked.yml": f"token: {GITHUB}\n"},
        {"untracked.yml": f"token: {GITHUB}\n", "secret.txt": f"{GITHUB}\n"},
    )
    assert where(sec(tmp_path)) == ["tracked.yml:1:8"]


@needs_git
def test_a_tracked_env_file_is_reported_by_itself(tmp_path: Path) -> None:
    repo(
        tmp_path,
        {
            ".env": "DEBUG=1\n",
            "backend/.env.production": "DEBUG=0\n",
            ".env.example": "DEBUG=1\n",
            ".env.sample": "DEBUG=1\n",
            ".env.template": "DEBUG=1\n",
        },
        {".env.local": "DEBUG=1\n"},
    )
    reports = sec(tmp_path)
    assert where(reports) == [".env:1:1", "backend/.env.production:1:1"]
    assert "is tracked by git" in reports[0]


def test_without_git_every_unignored_file_is_scanned_but_no_env(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".gitignore": "local/\n",
            "deploy/values.yaml": f"slackToken: {SLACK}\n",
            "local/notes.txt": f"{SLACK}\n",
            ".env": f"SLACK_TOKEN={SLACK}\n",
            "node_modules/x/index.js": f"'{SLACK}'\n",
        },
    )
    assert where(sec(tmp_path)) == ["deploy/values.yaml:1:13"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"key = {GITHUB}", "GitHub token"),
        (f"id: {AWS}", "AWS access key"),
        (f"GITLAB={GITLAB}", "GitLab token"),
        (f"slack {SLACK}", "Slack token"),
        ("hook: https://hooks.slack.com/services/T0001/B0002/abcdefXYZ123", "Slack webhook"),
        (f"stripe {STRIPE}", "Stripe live key"),
        (f"maps {GOOGLE}", "Google API key"),
        (f"auth: Bearer {JWT}", "JWT"),
        (KEY_BLOCK, "private key"),
        ("url: postgresql://shop:Xk9-q2Lm@db.prod.acme.io:5432/shop", "password in URL"),
        ("DB_PASSWORD=Xk9q2Lm7", "'DB_PASSWORD' value"),
        ("  stripe_secret_key: 'r8Kq2mZ7pL'", "'stripe_secret_key' value"),
        ('"client_secret": "9f8e7d6c5b4a"', "'client_secret' value"),
        ("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE1", None),
        ("ENV API_TOKEN=Tk_99887766", "'API_TOKEN' value"),
    ],
)
def test_each_kind_of_secret(tmp_path: Path, text: str, kind: str | None) -> None:
    write(tmp_path, {"deploy/settings.conf": text + "\n"})
    reports = sec(tmp_path)
    if kind is None:  # the value contains EXAMPLE: a documented stand-in
        assert reports == []
        return
    assert len(reports) == 1, reports
    assert f" {kind} committed: " in reports[0]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "changeme",
        "change-me",
        "CHANGE_ME_PLEASE",
        "password",
        "<your-api-key>",
        "${API_KEY}",
        "$API_KEY",
        "{{ vault_api_key }}",
        "xxxxxxxxxxxx",
        "************",
        "example-key-123",
        "your_api_key_here",
        "fixme-postgres-password",
        "!env API_KEY",
        "os.getenv('API_KEY')",
        "shortval",
        "localdevpassword",
        "user:user",
    ],
)
def test_placeholders_are_not_secrets(tmp_path: Path, value: str) -> None:
    write(tmp_path, {".env.example": f"API_KEY={value}\n", "ci.yml": f"api_key: '{value}'\n"})
    assert sec(tmp_path) == []


def test_names_that_only_mention_a_secret_word_are_not_keys(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "settings.ini": textwrap.dedent(
                """\
                ACCESS_TOKEN_EXPIRE_MINUTES=60
                password_min_length=12
                secret_name=prod/db-credentials-v2
                token_url=https://auth.example.com/oauth/token
                """
            ),
        },
    )
    assert sec(tmp_path) == []


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres:postgres@localhost:5432/app",
        "postgresql://app:S3cretPass9@db:5432/app",
        "redis://:Xk9q2Lm7@127.0.0.1:6379/0",
        "amqp://guest:Xk9q2Lm7@rabbit.example.com//",
        "postgresql://app:${DB_PASSWORD}@db.prod.acme.io/app",
        "postgresql://app:<password>@db.prod.acme.io/app",
        "https://user:{password}@host.acme.io/x",
    ],
)
def test_local_and_placeholder_urls_are_not_secrets(tmp_path: Path, url: str) -> None:
    write(tmp_path, {"deploy.yml": f"url: {url}\n"})
    assert sec(tmp_path) == []


def test_a_jwt_lookalike_without_a_jwt_header_is_not_one(tmp_path: Path) -> None:
    write(tmp_path, {"data.txt": "eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiI0MiJ9.abcdefghijklmnopqrstu\n"})
    assert sec(tmp_path) == []


def test_python_files_report_formats_only(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/client.py": textwrap.dedent(
                f"""\
                HEADERS = {{"Authorization": "token {GITHUB}"}}
                PASSWORD = "Xk9q2Lm7hunter"
                API_KEY = "{STRIPE}"
                """
            ),
        },
    )
    reports = sec(tmp_path)
    assert where(reports) == ["app/client.py:1:36", "app/client.py:3:12"]
    both = sec(tmp_path, enabled=frozenset({"SEC001", "SEC002"}))
    assert where(both) == ["app/client.py:1:36"]  # line 3 is SEC001's


def test_the_message_masks_the_value_and_gives_its_fingerprint(tmp_path: Path) -> None:
    write(tmp_path, {"notes.md": f"token {GITHUB}\n"})
    (report,) = sec(tmp_path)
    assert GITHUB not in report
    assert "GitHub token committed: ghp_****B2 (sha256:" in report


def test_allow_secrets_by_path_and_by_fingerprint(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "tests/fixtures/token.txt": f"{GITHUB}\n",
            "docs/auth.md": f"curl -H 'Authorization: Bearer {JWT}'\n",
            "deploy/x.yml": f"token: {GITLAB}\n",
        },
    )
    reports = sec(tmp_path)
    assert len(reports) == 3
    jwt_print = next(r for r in reports if r.startswith("docs/")).split("(")[-1].rstrip(")")
    left = sec(tmp_path, allow=("tests/fixtures/", jwt_print))
    assert where(left) == ["deploy/x.yml:1:8"]


def test_binary_big_and_symlinked_files_are_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"leak.txt": f"{GITHUB}\n"})
    project = tmp_path / "project"
    write(project, {"ok.txt": "nothing here\n"})
    (project / "blob.dat").write_bytes(b"\0\1" + GITHUB.encode())
    (project / "big.txt").write_text(GITHUB + "\n" + "x" * 2_000_000, encoding="utf-8")
    (project / "image.png").write_text(GITHUB, encoding="utf-8")
    (project / "link.txt").symlink_to(outside / "leak.txt")
    (project / "linkdir").symlink_to(outside, target_is_directory=True)
    assert sec(project) == []


def test_end_to_end_in_a_git_repository(pytester: pytest.Pytester) -> None:
    root = pytester.path
    files = {
        "pyproject.toml": '[tool.backend-guide]\nselect = ["SEC002"]\n',
        "app.py": '"""App."""\n',
        "deploy/values.yaml": f"githubToken: {GITHUB}\n",
    }
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo(root, files)
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines(
        ["deploy/values.yaml:1:14: SEC002 GitHub token committed: ghp_****B2 (sha256:*"]
    )
    assert GITHUB not in result.stdout.str()
    assert result.ret == 1


def test_key_value_lines_count_only_in_configuration_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "frontend/EditUser.tsx": "confirm_password: z.string().min(8),\n",
            "queries/users.sql": "SET hashed_password = :new_password\n",
            "docs/setup.md": "DB_PASSWORD=Xk9q2Lm7 in your shell\n",
            "frontend/api.ts": f"const token = '{GITHUB}';\n",
        },
    )
    assert where(sec(tmp_path)) == ["frontend/api.ts:1:16"]


def test_the_scan_of_other_files_is_cached_by_their_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_backend_guide.checks.secrets import scan

    project = tmp_path / "project"
    write(project, {"deploy/values.yaml": f"token: {GITHUB}\n", "a.txt": "hi\n"})
    cache = ResultCache(tmp_path / "cache", "fingerprint")
    calls: list[str] = []
    real_scan = scan.scan_text

    def counting_scan(text: str, *, assignments: bool) -> list[object]:
        calls.append(text)
        return real_scan(text, assignments=assignments)

    monkeypatch.setattr(scan, "scan_text", counting_scan)

    def run() -> list[str]:
        return _sec002_with_cache(project, cache)

    assert run() == ["deploy/values.yaml:1"]
    assert len(calls) == 2
    assert run() == ["deploy/values.yaml:1"]  # from the cache: nothing scanned
    assert len(calls) == 2
    assert GITHUB not in "".join(p.read_text() for p in (tmp_path / "cache").rglob("*.json"))
    (project / "a.txt").write_text(f"{GITLAB}\n", encoding="utf-8")
    assert run() == ["a.txt:1", "deploy/values.yaml:1"]
    assert len(calls) == 4


def _cached_run(
    project: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, ahead_s: int
) -> tuple[list[str], list[str]]:
    """Run SEC002 with a value cache, the clock ``ahead_s`` seconds ahead.

    Returns:
        The reports, and the files read.
    """
    from pytest_backend_guide.checks.secrets import reading

    read: list[str] = []
    real_read = reading.read_scannable

    def counting_read(rootdir: Path, relpath: str, max_size: int) -> bytes | None:
        read.append(relpath)
        return real_read(rootdir, relpath, max_size)

    now = time.time_ns() + ahead_s * 1_000_000_000
    monkeypatch.setattr(reading, "read_scannable", counting_read)
    monkeypatch.setattr(time, "time_ns", lambda: now)  # the clock the context reads
    reports = _sec002_with_cache(project, ResultCache(cache_dir, "f"))
    monkeypatch.undo()
    return reports, read


def _sec002_with_cache(project: Path, cache: ResultCache) -> list[str]:
    """Run SEC002 alone on a project with a value cache; its reports as path:line."""
    settings = Settings(
        rootdir=project,
        config_path=None,
        src=(project,),
        enabled=frozenset({"SEC002"}),
        options={"secrets": SECTION.defaults()},
    )
    ctx = ProjectContext(settings, (), value_cache=cache)
    return [f"{v.path}:{v.line}" for v in run_secrets(ctx)]


def test_unchanged_files_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    write(project, {"deploy/values.yaml": f"token: {GITHUB}\n", "a.txt": "hi\n"})
    cache = tmp_path / "cache"
    first, read = _cached_run(project, cache, monkeypatch, ahead_s=10)
    assert first == ["deploy/values.yaml:1"] and len(read) == 4  # digest, then scan
    again, read = _cached_run(project, cache, monkeypatch, ahead_s=10)
    assert again == first and read == []  # their status stands for their bytes


def test_a_same_size_edit_with_its_mtime_put_back_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    write(project, {"a.txt": "x" * len(GITLAB) + "\n"})
    cache = tmp_path / "cache"
    assert _cached_run(project, cache, monkeypatch, ahead_s=10)[0] == []
    target = project / "a.txt"
    before = target.stat()
    target.write_text(f"{GITLAB}\n", encoding="utf-8")  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime
    assert target.stat().st_size == before.st_size
    reports, read = _cached_run(project, cache, monkeypatch, ahead_s=10)
    assert reports == ["a.txt:1"] and "a.txt" in read  # its ctime moved


def test_files_changed_within_two_seconds_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    write(project, {"a.txt": "hi\n"})
    cache = tmp_path / "cache"
    _cached_run(project, cache, monkeypatch, ahead_s=10)
    (project / "a.txt").write_text("ho\n", encoding="utf-8")
    # The clock as it is: a.txt changed now, so its status is not trusted.
    reports, read = _cached_run(project, cache, monkeypatch, ahead_s=0)
    assert reports == [] and read.count("a.txt") == 2  # digested, then scanned


def test_python_files_outside_the_source_roots_are_scanned_alike(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/main.py": '"""App."""\n',
            "scripts/seed.py": f'HEADERS = {{"x": "{GITHUB}"}}\nAPI_KEY = "{STRIPE}"\n',
        },
    )
    for enabled, expected in (
        (frozenset({"SEC002"}), ["scripts/seed.py:1:18", "scripts/seed.py:2:12"]),
        (frozenset({"SEC001", "SEC002"}), ["scripts/seed.py:1:18"]),
    ):
        settings = Settings(
            rootdir=tmp_path,
            config_path=None,
            src=(tmp_path / "app",),
            enabled=enabled,
            options={"secrets": SECTION.defaults()},
        )
        ctx = ProjectContext(settings, tuple(find_python_files(settings)))
        assert sorted(f"{v.path}:{v.line}:{v.col}" for v in run_secrets(ctx)) == expected
