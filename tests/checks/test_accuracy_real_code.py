"""DOC, NAME and TYPE accuracy on code shaped like real back ends.

Each case is a difference found by running the rules beside pep8-naming,
ruff's N/D/ANN rules and pydoclint on Django, FastAPI's full-stack template,
Netflix dispatch and the Django styleguide example, where we were wrong.
"""

from __future__ import annotations

from typing import Any

from snippets import Lint, messages, run_family

from pytest_backend_guide.engine import FileResult


def doc(lint: Lint, code: str, *select: str, path: str = "app/api/items.py", **options: Any) -> FileResult:
    """Check a snippet with the given DOC rules and docstring options."""
    return run_family(lint, "docstrings", code, select, path, **options)


# DOC011: one finding for a docstring with no Args section --------------------

NO_ARGS = '''
def create_item(session, owner_id, title, description):
    """Create an item for its owner."""
    return None
'''


def test_doc011_no_args_section_is_one_finding(lint: Lint) -> None:
    assert messages(doc(lint, NO_ARGS, "DOC011")) == [
        "'create_item' takes 4 parameters but its docstring has no Args section"
    ]
    skipped = doc(lint, NO_ARGS, "DOC011", skip_summary_only_docstrings=True)
    assert skipped.codes == []


def test_doc011_summary_only_option_keeps_longer_docstrings(lint: Lint) -> None:
    code = '''
    def create_item(session, owner_id, title, description):
        """Create an item for its owner.

        The title must be unique per owner.
        """
    '''
    result = doc(lint, code, "DOC011", skip_summary_only_docstrings=True)
    assert result.codes == ["DOC011"]


# FastAPI dependency aliases (full-stack-fastapi-template's deps.py) -----------

ROUTES = '''
from typing import Annotated

from fastapi import APIRouter, Depends

from app.api.deps import CurrentUser
from app.core.db import SessionDep

router = APIRouter()
PageDep = Annotated[int, Depends(page_number)]


@router.get("/")
def read_items(session: SessionDep, current_user: CurrentUser, page: PageDep, skip: int = 0, limit: int = 100) -> list[int]:
    """Retrieve items."""
    return []
'''


def test_doc011_dependency_aliases_count_as_injected(lint: Lint) -> None:
    # Imported from a deps module, named *Dep, or defined locally: three of
    # the five parameters are injected; two left is under the threshold.
    assert doc(lint, ROUTES, "DOC011").codes == []


def test_doc011_configured_dependency_alias(lint: Lint) -> None:
    code = ROUTES.replace("from app.api.deps import CurrentUser", "from app.auth import CurrentUser")
    strict = {"require_args_section_above": 2}
    assert doc(lint, code, "DOC011", **strict).codes == ["DOC011"]
    configured = doc(
        lint, code, "DOC011", dependency_aliases=("CurrentUser",), **strict
    )
    assert configured.codes == []


def test_doc011_an_ordinary_annotation_is_not_injected(lint: Lint) -> None:
    code = '''
    from app.models import ItemCreate, User

    def create(item: ItemCreate, owner: User, title: str, body: str) -> None:
        """Create."""
    '''
    assert doc(lint, code, "DOC011").codes == ["DOC011"]


def test_doc011_annotated_doc_documents_the_parameter(lint: Lint) -> None:
    code = '''
    from typing import Annotated
    from typing_extensions import Doc

    def paginate(
        skip: Annotated[int, Doc("Items to skip.")],
        limit: Annotated[int, Doc("Items to return.")],
        order: str,
    ) -> list[int]:
        """Paginate.

        Args:
            order: The order.

        Returns:
            The page.
        """
        return []
    '''
    assert doc(lint, code, "DOC011", "DOC012").codes == []


# DOC010: reST and Epytext docstrings, reported once ---------------------------

SPHINX = '''
def transfer(source, target, amount, currency):
    """Move money between accounts.

    :param source: The account debited.
    :param target: The account credited.
    :param amount: How much.
    :param currency: In which currency.
    :returns: The transfer id.
    """
    return 1
'''


def test_doc010_rest_docstring_is_one_finding_not_four(lint: Lint) -> None:
    result = doc(lint, SPHINX, "DOC010", "DOC011", "DOC012", "DOC013")
    assert messages(result) == [
        "docstring uses reST fields (:param x:), not Google or NumPy sections"
    ]
    assert result.violations[0].line == 5


def test_doc010_epytext_docstring(lint: Lint) -> None:
    code = SPHINX.replace(":param", "@param").replace(":returns:", "@return:")
    result = doc(lint, code, "DOC010", "DOC011", "DOC013")
    assert messages(result) == [
        "docstring uses Epytext fields (@param x:), not Google or NumPy sections"
    ]


def test_doc010_a_colon_in_prose_is_not_rest(lint: Lint) -> None:
    code = '''
    def ratio(a: int, b: int) -> float:
        """Return a ratio.

        Note the ratio :math: style is not a field here.

        Args:
            a: Numerator.
            b: Denominator.
        """
        return a / b
    '''
    assert doc(lint, code, "DOC010", "DOC011").codes == []


# DOC013 and DOC015: what Google style allows -----------------------------------

LONG = "\n".join(f"    step_{n} = {n}" for n in range(12))


def test_doc013_summary_starting_with_returns_is_enough(lint: Lint) -> None:
    for summary in ("Returns the user's display name.", "Return the display name."):
        code = f'def display(user):\n    """{summary}"""\n{LONG}\n    return user.name\n'
        assert doc(lint, code, "DOC013").codes == []
    other = f'def display(user):\n    """Build the display name."""\n{LONG}\n    return 1\n'
    assert doc(lint, other, "DOC013").codes == ["DOC013"]


def test_doc015_contextmanager_with_bare_yield_needs_no_yields(lint: Lint) -> None:
    code = '''
    from contextlib import contextmanager


    @contextmanager
    def atomic(session):
        """Run the block in a transaction.

        Args:
            session: The session.
        """
        session.begin()
        yield
        session.commit()
    '''
    assert doc(lint, code, "DOC015").codes == []
    valued = code.replace("        yield\n", "        yield session\n")
    assert doc(lint, valued, "DOC015").codes == ["DOC015"]
    plain = code.replace("    @contextmanager\n", "")
    assert doc(lint, plain, "DOC015").codes == ["DOC015"]


# DOC014: a raise whose exception cannot be named is skipped, documentedly -----


def test_doc014_raise_of_a_factory_call_is_not_reported(lint: Lint) -> None:
    code = '''
    class Parser:
        """Parser."""

        def parse(self, text):
            """Parse.

            Args:
                text: The text.
            """
            if not text:
                raise self.error("empty")
            raise ValueError(text)
    '''
    assert messages(doc(lint, code, "DOC014")) == [
        "'Parser.parse' raises 'ValueError' but its docstring does not list it under Raises"
    ]


# __main__.py is public; TYPE001's self/cls is a method's ------------------------

MAIN = '''
def main(argv):
    return argv
'''


def test_main_module_is_checked(lint: Lint) -> None:
    result = lint(MAIN, path="app/__main__.py", select=["DOC003", "TYPE"])
    assert sorted(result.codes) == ["DOC003", "TYPE001", "TYPE002"]


def test_type001_self_of_a_module_level_function_is_a_parameter(lint: Lint) -> None:
    code = '''
    def helper(self, cls) -> None:
        pass


    @app.task(bind=True)
    def retry(self, job_id: int) -> None:
        pass
    '''
    result = lint(code, select=["TYPE001"])
    assert messages(result) == [
        "parameter 'self' of 'helper' has no type annotation",
        "parameter 'cls' of 'helper' has no type annotation",
    ]


# NAME rules ------------------------------------------------------------------


def names(lint: Lint, code: str, path: str = "app/module.py") -> list[str]:
    return [f"{v.code} {v.message}" for v in lint(code, path=path, select=["NAME"]).violations]


def test_name001_module_starting_with_a_digit_is_exempt(lint: Lint) -> None:
    for path in ("app/alembic/versions/2021-11-18_ce5c4ac967d8.py", "app/migrations/0001_initial.py"):
        assert names(lint, "VALUE = 1\n", path) == []
    assert names(lint, "VALUE = 1\n", "app/Bad-Name.py") == [
        "NAME001 module name 'Bad-Name' is not snake_case"
    ]


def test_name005_unpacking_loop_with_and_comprehension_targets(lint: Lint) -> None:
    code = '''
    def load(path):
        Var1, Var2 = range(2)
        [First, Second] = [1, 2]
        for LoopVar in range(3):
            pass
        with open(path) as FileHandle:
            pass
        return [CompVar for CompVar in range(3)]
    '''
    assert [m.split("'")[1] for m in names(lint, code)] == [
        "Var1", "Var2", "First", "Second", "LoopVar", "FileHandle", "CompVar"
    ]


def test_name005_loops_over_classes_and_mocks_stay_accepted(lint: Lint) -> None:
    code = '''
    def migrate(apps):
        for Model in (apps.Person, apps.Group):
            pass
        with mock.patch("app.Service") as MockService:
            pass
        Person = apps.get_model("people", "Person")
        return Person
    '''
    assert names(lint, code) == []


def test_name002_class_named_underscore(lint: Lint) -> None:
    assert names(lint, 'class _:\n    """Nameless."""\n') == [
        "NAME002 class name '_' is not PascalCase"
    ]


SETTINGS = '''
INSTALLED_APPS = ["django.contrib.auth"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
DEBUG = False

from config.settings.loggers.setup import LoggersSetup

INSTALLED_APPS, MIDDLEWARE = LoggersSetup.setup_settings(INSTALLED_APPS, MIDDLEWARE)
DEBUG = True
'''


def test_name006_django_settings_may_be_rebound_in_a_settings_module(lint: Lint) -> None:
    # Django-Styleguide-Example's config/django/base.py.
    assert names(lint, SETTINGS, "config/django/base.py") == []
    assert names(lint, "DEBUG = False\nDEBUG = True\n", "config/settings/local.py") == []
    # Elsewhere a rebound constant is still reported.
    assert names(lint, "DEBUG = False\nDEBUG = True\n", "app/flags.py") == [
        "NAME006 constant 'DEBUG' is reassigned (first bound on line 1)"
    ]
