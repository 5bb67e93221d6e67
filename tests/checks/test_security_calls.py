"""SEC010-SEC016 on realistic Django, SQLAlchemy, FastAPI and Flask code."""

from __future__ import annotations

from collections.abc import Callable

from pytest_backend_guide.engine import FileResult

Lint = Callable[..., FileResult]


def found(
    lint: Lint,
    code: str,
    rule: str,
    path: str = "app/services/users.py",
    **options: object,
) -> list[int]:
    table = {key.replace("_", "-"): value for key, value in options.items()}
    result = lint(code, select=[rule], path=path, options={"security": table})
    assert result.error is None, result.error
    assert {v.code for v in result.violations} <= {rule}
    return [v.line for v in result.violations]


# SEC010 sql-injection -----------------------------------------------------


def test_sql_built_by_each_kind_of_formatting_is_reported(lint: Lint) -> None:
    code = """
        from django.db import connection


        def find(name: str, user_id: int, table: str) -> list:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")
                cursor.execute("SELECT * FROM users WHERE id = %s" % user_id)
                cursor.execute("DELETE FROM {} WHERE id = {}".format(table, user_id))
                cursor.execute("SELECT * FROM users WHERE name = '" + name + "'")
                cursor.executemany(f"INSERT INTO {table} VALUES (%s)", [(1,), (2,)])
                return cursor.fetchall()
    """
    assert found(lint, code, "SEC010") == [7, 8, 9, 10, 11]


def test_sql_built_through_one_local_variable_is_reported(lint: Lint) -> None:
    code = """
        import sqlite3


        def search(db: sqlite3.Connection, name: str, order: str) -> list:
            query = "SELECT * FROM users WHERE name = '%s'" % name
            rows = db.execute(query).fetchall()
            sql = "SELECT id FROM orders WHERE 1 = 1"
            sql += f" ORDER BY {order}"
            db.executescript(sql)
            return rows
    """
    result = lint(code, select=["SEC010"], path="app/repositories/users.py")
    assert [(v.line, v.message) for v in result.violations] == [
        (7, "SQL built by string formatting reaches execute() (built on line 6)"),
        (
            10,
            "SQL built by string formatting reaches executescript() (built on line 9)",
        ),
    ]


def test_sqlalchemy_text_and_django_raw_and_extra_are_sinks(lint: Lint) -> None:
    code = """
        import sqlalchemy as sa
        from sqlalchemy import text
        from sqlalchemy.orm import Session

        from app.models import User


        def by_email(session: Session, email: str) -> list:
            stmt = text(f"SELECT * FROM users WHERE email = '{email}'")
            other = sa.text("SELECT * FROM users WHERE email = '%s'" % email)
            return [session.execute(stmt), session.execute(other)]


        def django_style(name: str, column: str) -> list:
            users = User.objects.raw(f"SELECT * FROM auth_user WHERE username = '{name}'")
            return list(users.extra(where=[f"{column} = '{name}'"], select={"x": "1"}))
    """
    assert found(lint, code, "SEC010") == [10, 11, 16]


def test_parameterised_queries_never_fire(lint: Lint) -> None:
    code = """
        from django.db import connection
        from sqlalchemy import bindparam, text
        from sqlalchemy.orm import Session


        def safe(session: Session, name: str, ids: list[int]) -> None:
            session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})
            stmt = text("SELECT * FROM users WHERE id = :id").bindparams(bindparam("id"))
            session.execute(stmt, {"id": ids[0]})
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM users WHERE name = %s", [name])
                placeholders = ", ".join(["%s"] * len(ids))
                cursor.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids)
                cursor.execute(
                    "SELECT * FROM users WHERE id IN (%s)" % ",".join("?" * len(ids)), ids
                )
                cursor.execute("SELECT * FROM users WHERE active")
                cursor.execute("SELECT COUNT(*) FROM users")


        TABLE = "audit_log"


        def coverage_style(con, contexts: list[str], ids: list[int], arcs: bool) -> None:
            clause = " or ".join(["context REGEXP ?"] * len(contexts))
            con.execute("SELECT id FROM context WHERE " + clause, contexts)
            query = "SELECT numbits FROM line_bits WHERE file_id = ?"
            ids_array = ", ".join("?" * len(ids))
            query += " AND context_id IN (" + ids_array + ")"
            con.execute(query, ids)
            measured = "arc" if arcs else "line_bits"
            con.execute(f"SELECT COUNT(*) FROM {measured}")
            con.execute(f"DELETE FROM {TABLE} WHERE id = ?", ids[:1])
    """
    assert found(lint, code, "SEC010") == []


def test_names_that_may_hold_data_are_still_reported(lint: Lint) -> None:
    code = """
        def purge(con, table: str, settings) -> None:
            con.execute(f"DELETE FROM {table} WHERE stale = 1")
            con.execute(f"DELETE FROM {settings.TABLE} WHERE id = 1")
            name = table.strip()
            con.execute("SELECT * FROM users WHERE name = '%s'" % name)
    """
    assert found(lint, code, "SEC010") == [3, 4, 6]


def test_formatting_that_is_not_sql_or_not_executed_is_not_reported(lint: Lint) -> None:
    code = """
        import logging

        from concurrent.futures import ThreadPoolExecutor

        logger = logging.getLogger(__name__)


        def run(pool: ThreadPoolExecutor, name: str, job: object) -> None:
            message = f"select the report for {name}"
            logger.info(message)
            pool.submit(job)
            query = f"SELECT * FROM users WHERE name = '{name}'"
            logger.debug("would run %s", query)
    """
    assert found(lint, code, "SEC010") == []


def test_a_variable_of_another_function_is_not_followed(lint: Lint) -> None:
    code = """
        def build(name: str) -> str:
            query = f"SELECT * FROM users WHERE name = '{name}'"
            return query


        def run(cursor, query: str) -> None:
            cursor.execute(query)
    """
    assert found(lint, code, "SEC010") == []


# SEC011 eval-exec ---------------------------------------------------------


def test_eval_and_exec_of_values_are_reported(lint: Lint) -> None:
    code = """
        from flask import request


        def calc() -> dict:
            result = eval(request.args["expr"])
            exec(request.form["code"], {})
            return {"result": result}
    """
    assert found(lint, code, "SEC011") == [6, 7]


def test_literals_methods_and_literal_eval_are_fine(lint: Lint) -> None:
    code = """
        import ast

        import torch


        def predict(model: torch.nn.Module, raw: str) -> object:
            model.eval()
            exec("import this")
            return ast.literal_eval(raw)
    """
    assert found(lint, code, "SEC011") == []


def test_a_function_of_the_project_named_eval_is_not_the_builtin(lint: Lint) -> None:
    code = """
        from app.rules import eval


        def score(expression: str) -> int:
            return eval(expression)
    """
    assert found(lint, code, "SEC011") == []


# SEC012 shell-injection ---------------------------------------------------


def test_shell_true_and_os_system_on_values_are_reported(lint: Lint) -> None:
    code = """
        import os
        import subprocess as sp
        from subprocess import run


        def backup(path: str) -> None:
            sp.check_output(f"tar czf backup.tgz {path}", shell=True)
            run(["ls", path], shell=True)
            os.system("rm -rf " + path)
            os.popen(path)
    """
    assert found(lint, code, "SEC012") == [8, 9, 10, 11]


def test_argument_lists_and_literal_commands_are_fine(lint: Lint) -> None:
    code = """
        import os
        import subprocess


        def backup(path: str) -> None:
            subprocess.run(["tar", "czf", "backup.tgz", path], check=True)
            subprocess.run("ls", shell=False)
            subprocess.check_output("node_modules/.bin/markdown-toc README.md", shell=True)
            os.system("clear")
    """
    assert found(lint, code, "SEC012") == []


# SEC013 unsafe-deserialization --------------------------------------------


def test_pickle_marshal_and_unsafe_yaml_are_reported(lint: Lint) -> None:
    code = """
        import marshal
        import pickle
        import yaml
        from pickle import loads


        def restore(blob: bytes, text: str) -> list:
            return [
                pickle.loads(blob),
                loads(blob),
                marshal.loads(blob),
                yaml.load(text),
                yaml.load(text, Loader=yaml.Loader),
                yaml.unsafe_load(text),
            ]
    """
    assert found(lint, code, "SEC013") == [10, 11, 12, 13, 14, 15]


def test_safe_yaml_and_json_are_fine(lint: Lint) -> None:
    code = """
        import json

        import yaml
        from yaml import CSafeLoader


        def read(text: str) -> list:
            return [
                yaml.load(text, Loader=yaml.SafeLoader),
                yaml.load(text, CSafeLoader),
                yaml.safe_load(text),
                json.loads(text),
            ]
    """
    assert found(lint, code, "SEC013") == []


# SEC014 weak-password-hash ------------------------------------------------


def test_fast_hashes_of_passwords_are_reported(lint: Lint) -> None:
    code = """
        import hashlib
        import hashlib as h
        from hashlib import md5


        def store(user, password: str, salt: bytes) -> None:
            user.password_hash = hashlib.sha256(password.encode()).hexdigest()
            user.legacy = md5(salt + user.password.encode()).hexdigest()
            user.other = h.new("sha1", password.encode()).hexdigest()
            user.pw = h.sha512(data=password.encode()).hexdigest()
    """
    assert found(lint, code, "SEC014") == [8, 9, 10, 11]


def test_hashes_of_content_and_slow_hashes_are_fine(lint: Lint) -> None:
    code = """
        import hashlib

        from passlib.context import CryptContext

        pwd_context = CryptContext(schemes=["bcrypt"])


        def checksum(content: bytes, password: str, salt: bytes) -> list:
            return [
                hashlib.sha256(content).hexdigest(),
                hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000),
                hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1),
                pwd_context.hash(password),
            ]
    """
    assert found(lint, code, "SEC014") == []


# SEC015 jwt-unverified ----------------------------------------------------


def test_unverified_jwt_decoding_is_reported(lint: Lint) -> None:
    code = """
        import jwt
        from jose import jwt as jose_jwt
        from jwt import decode


        def claims(token: str, key: str) -> list:
            return [
                jwt.decode(token, options={"verify_signature": False}),
                decode(token, key, verify=False),
                jose_jwt.decode(token, key, algorithms=["none"]),
                jwt.decode(token, key, algorithms="NONE"),
            ]
    """
    assert found(lint, code, "SEC015") == [9, 10, 11, 12]


def test_verified_decoding_and_other_decoders_are_fine(lint: Lint) -> None:
    code = """
        import base64

        import jwt


        def claims(token: str, key: str) -> list:
            return [
                jwt.decode(token, key, algorithms=["HS256"]),
                jwt.decode(token, key, algorithms=["RS256"], options={"verify_exp": False}),
                base64.b64decode(token),
                token.decode(verify=False),
            ]
    """
    assert found(lint, code, "SEC015") == []


# SEC016 debug-enabled -----------------------------------------------------


def test_debug_given_to_apps_and_servers_is_reported(lint: Lint) -> None:
    code = """
        import uvicorn
        from fastapi import FastAPI
        from flask import Flask

        app = FastAPI(title="shop", debug=True)
        web = Flask(__name__)

        if __name__ == "__main__":
            web.run(host="0.0.0.0", debug=True)
            uvicorn.run(app, debug=True)
    """
    assert found(lint, code, "SEC016", path="app/main.py") == [6, 10, 11]


def test_debug_true_in_a_config_module_is_reported(lint: Lint) -> None:
    code = "import os\n\nDEBUG = True\nTESTING = True\n"
    assert found(lint, code, "SEC016", path="config/settings.py") == [3]
    assert found(lint, code, "SEC016", path="config/django/base.py") == []
    assert found(
        lint,
        code,
        "SEC016",
        path="config/django/base.py",
        config_modules=["django/base.py"],
    ) == [3]


def test_debug_from_the_environment_and_elsewhere_is_fine(lint: Lint) -> None:
    code = """
        import os

        from fastapi import FastAPI

        DEBUG = os.environ.get("DEBUG") == "1"
        app = FastAPI(debug=DEBUG)
        logger_config = dict(debug=True)


        def run(app) -> None:
            app.run(debug=False)
    """
    assert found(lint, code, "SEC016", path="app/config.py") == []
    assert found(lint, "DEBUG = True\n", "SEC016", path="app/services/flags.py") == []
