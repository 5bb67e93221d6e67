"""DOC001-DOC015: docstring presence, style and agreement with the code."""

from __future__ import annotations

from typing import Any

import pytest
from snippets import PATH, Lint, messages, run_family

from pytest_backend_guide.checks.docstrings.parser import parse_docstring
from pytest_backend_guide.checks.docstrings import RULES
from pytest_backend_guide.engine import FileResult


def run(
    lint: Lint, code: str, *select: str, path: str = PATH, **options: Any
) -> FileResult:
    """Check a snippet with the given DOC rules and docstring options."""
    return run_family(lint, "docstrings", code, select, path, **options)


# Registration ---------------------------------------------------------------


def test_rules_codes_names_and_defaults() -> None:
    table = {rule.code: (rule.name, rule.default_enabled) for rule in RULES}
    assert table == {
        "DOC001": ("missing-module-docstring", True),
        "DOC002": ("missing-class-docstring", True),
        "DOC003": ("missing-function-docstring", True),
        "DOC010": ("docstring-style", True),
        "DOC011": ("undocumented-parameter", True),
        "DOC012": ("unknown-parameter", True),
        "DOC013": ("missing-returns", True),
        "DOC014": ("missing-raises", False),
        "DOC015": ("missing-yields", True),
    }


def test_doc_options_are_declared(checkers: Any) -> None:
    section = checkers.sections["docstrings"]
    assert section.defaults() == {
        "style": "google",
        "include-private": False,
        "include-init": False,
        "include-magic-methods": False,
        "require-package-docstring": False,
        "skip-overload": True,
        "skip-property-setters": True,
        "skip-overrides": True,
        "skip-test-modules": True,
        "require-args-section-above": 3,
        "skip-summary-only-docstrings": False,
        "dependency-aliases": (),
        "short-function-lines": 10,
    }


def test_nothing_runs_when_no_doc_rule_is_enabled(lint: Lint) -> None:
    result = lint("def f():\n    pass\n", select=["NAME999"])
    assert result.codes == []


# DOC001 missing-module-docstring ---------------------------------------------


def test_doc001_module_without_docstring(lint: Lint) -> None:
    result = run(lint, "import os\n", "DOC001")
    assert result.codes == ["DOC001"]
    violation = result.violations[0]
    assert (violation.line, violation.col) == (1, 1)
    assert violation.message == "module 'users' has no docstring"


def test_doc001_module_with_docstring(lint: Lint) -> None:
    assert run(lint, '"""Users."""\nimport os\n', "DOC001").codes == []


def test_doc001_comment_is_not_a_docstring(lint: Lint) -> None:
    assert run(lint, "# Users.\nimport os\n", "DOC001").codes == ["DOC001"]


def test_doc001_empty_module_needs_nothing(lint: Lint) -> None:
    assert run(lint, "", "DOC001").codes == []


@pytest.mark.parametrize("path", ["app/_internal.py", "app/_private/db.py"])
def test_doc001_private_module_is_exempt(lint: Lint, path: str) -> None:
    assert run(lint, "import os\n", "DOC001", path=path).codes == []
    included = run(lint, "import os\n", "DOC001", path=path, include_private=True)
    assert included.codes == ["DOC001"]


def test_doc001_package_init_is_off_by_option(lint: Lint) -> None:
    path = "app/services/__init__.py"
    assert run(lint, "from .users import get\n", "DOC001", path=path).codes == []
    required = run(
        lint,
        "from .users import get\n",
        "DOC001",
        path=path,
        require_package_docstring=True,
    )
    assert required.codes == ["DOC001"]


@pytest.mark.parametrize(
    "path",
    [
        "tests/test_users.py",
        "app/test_users.py",
        "app/users_test.py",
        "conftest.py",
        "tests/factories.py",
        "app/tests/helpers.py",
    ],
)
def test_doc_skips_test_modules(lint: Lint, path: str) -> None:
    code = "def helper(a, b, c, d):\n    return 1\n"
    assert run(lint, code, "DOC", path=path).codes == []
    checked = run(lint, code, "DOC001", "DOC003", path=path, skip_test_modules=False)
    assert checked.codes == ["DOC001", "DOC003"]


# DOC002 missing-class-docstring ----------------------------------------------


def test_doc002_public_class_without_docstring(lint: Lint) -> None:
    result = run(lint, "class UserService:\n    pass\n", "DOC002")
    assert result.codes == ["DOC002"]
    violation = result.violations[0]
    assert (violation.line, violation.col, violation.end_col) == (1, 7, 18)
    assert violation.message == "public class 'UserService' has no docstring"


def test_doc002_class_with_docstring(lint: Lint) -> None:
    code = 'class UserService:\n    """Users."""\n'
    assert run(lint, code, "DOC002").codes == []


def test_doc002_private_and_nested_classes(lint: Lint) -> None:
    code = """
    class _Cache:
        pass

    class Public:
        '''Public.'''

        class _Hidden:
            pass

    def factory():
        '''Build.'''
        class Local:
            pass
        return Local
    """
    assert run(lint, code, "DOC002").codes == []
    private = run(lint, code, "DOC002", include_private=True)
    assert messages(private) == [
        "class '_Cache' has no docstring",
        "class 'Public._Hidden' has no docstring",
    ]


def test_doc002_public_nested_class_needs_one(lint: Lint) -> None:
    code = """
    class Outer:
        '''Outer.'''

        class Inner:
            pass
    """
    assert messages(run(lint, code, "DOC002")) == [
        "public class 'Outer.Inner' has no docstring"
    ]


def test_doc002_django_meta_and_pydantic_config_are_exempt(lint: Lint) -> None:
    code = """
    class Book(models.Model):
        '''A book.'''

        class Meta:
            ordering = ["title"]

    class BookIn(BaseModel):
        '''Input.'''

        class Config:
            extra = "forbid"
    """
    assert run(lint, code, "DOC002").codes == []


# DOC003 missing-function-docstring -------------------------------------------


def test_doc003_public_function_without_docstring(lint: Lint) -> None:
    result = run(lint, "def get_user(user_id):\n    return user_id\n", "DOC003")
    assert result.codes == ["DOC003"]
    violation = result.violations[0]
    assert (violation.line, violation.col, violation.end_col) == (1, 5, 13)
    assert violation.message == "public function 'get_user' has no docstring"


def test_doc003_async_function_and_method(lint: Lint) -> None:
    code = """
    class Users:
        '''Users.'''

        async def fetch(self):
            return 1
    """
    result = run(lint, code, "DOC003")
    assert messages(result) == ["public method 'Users.fetch' has no docstring"]
    assert (result.violations[0].line, result.violations[0].col) == (5, 15)


def test_doc003_function_with_docstring(lint: Lint) -> None:
    code = 'def get_user(user_id):\n    """Get a user."""\n    return user_id\n'
    assert run(lint, code, "DOC003").codes == []


def test_doc003_private_nested_and_private_class_methods(lint: Lint) -> None:
    code = """
    def _helper():
        pass

    def outer():
        '''Outer.'''
        def inner():
            pass
        return inner

    class _Private:
        def method(self):
            pass

    class Public:
        '''Public.'''

        def _method(self):
            pass
    """
    assert run(lint, code, "DOC003").codes == []
    private = run(lint, code, "DOC003", include_private=True)
    assert messages(private) == [
        "function '_helper' has no docstring",
        "method '_Private.method' has no docstring",
        "method 'Public._method' has no docstring",
    ]


def test_doc003_functions_in_private_module(lint: Lint) -> None:
    code = "def get():\n    pass\n"
    assert run(lint, code, "DOC003", path="app/_impl.py").codes == []


def test_doc003_init_excepted_by_default(lint: Lint) -> None:
    code = """
    class Users:
        '''Users.'''

        def __init__(self, db):
            self.db = db
    """
    assert run(lint, code, "DOC003").codes == []
    assert messages(run(lint, code, "DOC003", include_init=True)) == [
        "public method 'Users.__init__' has no docstring"
    ]


def test_doc003_include_init_accepts_class_docstring_with_args(lint: Lint) -> None:
    code = """
    class Users:
        '''Users.

        Args:
            db: The database.
        '''

        def __init__(self, db):
            self.db = db
    """
    assert run(lint, code, "DOC003", include_init=True).codes == []


def test_doc003_magic_methods_excepted_by_option(lint: Lint) -> None:
    code = """
    class Money:
        '''Money.'''

        def __eq__(self, other):
            return True

        def __repr__(self):
            return "Money()"
    """
    assert run(lint, code, "DOC003").codes == []
    assert run(lint, code, "DOC003", include_magic_methods=True).codes == [
        "DOC003",
        "DOC003",
    ]


def test_doc003_overload_stubs_skipped(lint: Lint) -> None:
    code = """
    from typing import overload

    @overload
    def parse(value: int) -> int: ...
    @overload
    def parse(value: str) -> str: ...
    def parse(value):
        '''Parse a value.'''
        return value
    """
    assert run(lint, code, "DOC003").codes == []
    assert run(lint, code, "DOC003", skip_overload=False).codes == ["DOC003", "DOC003"]


def test_doc003_overload_implementation_needs_docstring(lint: Lint) -> None:
    code = """
    import typing

    @typing.overload
    def parse(value: int) -> int: ...
    def parse(value):
        return value
    """
    result = run(lint, code, "DOC003")
    assert result.codes == ["DOC003"]
    assert result.violations[0].line == 6


def test_doc003_property_setter_and_deleter_skipped(lint: Lint) -> None:
    code = """
    class User:
        '''User.'''

        @property
        def name(self):
            '''The display name.'''
            return self._name

        @name.setter
        def name(self, value):
            self._name = value

        @name.deleter
        def name(self):
            del self._name
    """
    assert run(lint, code, "DOC003").codes == []
    strict = run(lint, code, "DOC003", skip_property_setters=False)
    assert strict.codes == ["DOC003", "DOC003"]


def test_doc003_property_getter_needs_docstring(lint: Lint) -> None:
    code = """
    class User:
        '''User.'''

        @property
        def name(self):
            return self._name
    """
    assert run(lint, code, "DOC003").codes == ["DOC003"]


@pytest.mark.parametrize(
    "decorator", ["override", "typing.override", "typing_extensions.override"]
)
def test_doc003_overrides_skipped(lint: Lint, decorator: str) -> None:
    code = f"""
    class Handler(Base):
        '''Handler.'''

        @{decorator}
        def handle(self, request):
            return request
    """
    assert run(lint, code, "DOC003").codes == []
    assert run(lint, code, "DOC003", skip_overrides=False).codes == ["DOC003"]


# DOC010 docstring-style: Google ----------------------------------------------

GOOGLE_FULL = '''
def create_user(session, email, *args, **kwargs):
    """Create a user.

    A longer description, with a line that ends with a colon:

        indented prose continues here.

    Args:
        session: The database session.
        email (str): The login address. A long description that
            continues on the next line.
        *args: Positional extras.
        **kwargs: Keyword extras.

    Keyword Args:
        locale (str, optional): Preferred language.

    Returns:
        User: The new user.

    Raises:
        ValueError: The email is invalid.
        errors.ConflictError: The email is taken.

    Example:
        >>> create_user(session, "ada@example.com")

    Note:
        Sends no email.

    See Also:
        delete_user: The opposite.

    Warning:
        Commits the session.

    Todo:
        * Rate limiting.
    """
    if not email:
        raise ValueError(email)
    return User(email)
'''


def test_doc010_google_docstring_with_every_section(lint: Lint) -> None:
    assert run(lint, GOOGLE_FULL, "DOC").codes == ["DOC001"]


def test_doc010_one_line_summary_is_fine(lint: Lint) -> None:
    code = 'def get():\n    """Return the thing: or not."""\n'
    assert run(lint, code, "DOC010").codes == []
    assert run(lint, code, "DOC010", style="numpy").codes == []


@pytest.mark.parametrize(
    ("header", "suggestion"),
    [
        ("Arg:", "Args:"),
        ("Return:", "Returns:"),
        ("Raise:", "Raises:"),
        ("Parameter:", "Args:"),
        ("Yield:", "Yields:"),
        ("Exampels:", "Examples:"),
        ("Kwargs:", "Keyword Args:"),
    ],
)
def test_doc010_misspelled_google_header(
    lint: Lint, header: str, suggestion: str
) -> None:
    code = f'''
    def get(user_id):
        """Get a user.

        {header}
            user_id: The id.
        """
    '''
    result = run(lint, code, "DOC010")
    assert messages(result) == [
        f"unknown section header '{header}'; did you mean '{suggestion}'?"
    ]
    violation = result.violations[0]
    assert (violation.line, violation.col) == (5, 5)


def test_doc010_prose_ending_with_colon_is_not_a_header(lint: Lint) -> None:
    code = '''
    def configure(options):
        """Configure the client.

        The following keys:
            timeout and retries.

        For example:
            configure({"timeout": 3})

        kwargs: ('(' name '=' value ')')
        Raises :class:`KeyError` if a key is unknown.
        See https://example.com/docs for the rest.
        """
    '''
    assert run(lint, code, "DOC010").codes == []


def test_doc010_inline_note_and_example_with_code_are_sections(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Note: the cache is bypassed.

        Example:
            get(1)
        """
    '''
    assert run(lint, code, "DOC010").codes == []


def test_doc010_inline_misspelled_header(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Return: the user.
        """
    '''
    assert messages(run(lint, code, "DOC010")) == [
        "unknown section header 'Return:'; did you mean 'Returns:'?"
    ]


def test_doc010_numpy_section_in_google_docstring(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Parameters
        ----------
        user_id : int
            The id.
        """
    '''
    result = run(lint, code, "DOC010")
    assert messages(result) == [
        "NumPy-style section 'Parameters' in a Google-style docstring; use 'Args:'"
    ]
    assert result.violations[0].line == 5


def test_doc010_numpy_section_name_with_colon(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Parameters:
            user_id: The id.
        """
    '''
    assert messages(run(lint, code, "DOC010")) == [
        "NumPy section name 'Parameters:' in a Google-style docstring; use 'Args:'"
    ]


def test_doc010_empty_section(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Args:
            user_id: The id.

        Returns:
        """
        return 1
    '''
    assert messages(run(lint, code, "DOC010")) == [
        "the body of the 'Returns:' section is empty"
    ]


def test_doc010_section_body_not_indented(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Args:
        user_id: The id.
        """
    '''
    result = run(lint, code, "DOC010")
    assert messages(result) == [
        "the body of the 'Args:' section is not indented under the header"
    ]
    assert (result.violations[0].line, result.violations[0].col) == (5, 5)


def test_doc010_entries_on_the_header_line(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Args: user_id: The id.
        """
    '''
    result = run(lint, code, "DOC010", "DOC011", "DOC012")
    assert messages(result) == [
        "the entries of 'Args:' must go on indented lines below the header"
    ]


def test_doc010_malformed_entry(lint: Lint) -> None:
    code = '''
    def get(user_id, name):
        """Get a user.

        Args:
            user_id: The id, described at length
            on an unindented continuation line.
            name -- The name, in another convention.
        """
    '''
    result = run(lint, code, "DOC010")
    assert messages(result) == [
        "'on an unindented continuation line.' in 'Args:' is not of the form "
        "'name (type): description' (indent continuation lines further)",
    ]
    assert [v.line for v in result.violations] == [7]


def test_doc010_misaligned_entry(lint: Lint) -> None:
    code = '''
    def get(user_id, name):
        """Get a user.

        Args:
            user_id: The id.
          name: The name.
        """
    '''
    result = run(lint, code, "DOC010")
    assert messages(result) == [
        "'name: The name.' in 'Args:' is not aligned with the entries above",
    ]
    assert [v.line for v in result.violations] == [7]


def test_doc010_code_fences_are_not_parsed(lint: Lint) -> None:
    code = '''
    def get():
        """Get a user.

        ```
        Arg:
        x
        ```
        """
    '''
    assert run(lint, code, "DOC010").codes == []


def test_doc010_applies_to_module_class_and_private_docstrings(lint: Lint) -> None:
    code = '''
    """Users.

    Attribute:
        CACHE: The cache.
    """

    class _Repo:
        """Repo.

        Attribute:
            db: The database.
        """

        def _get(self):
            """Get.

            Return:
                Something.
            """
            return 1
    '''
    assert [v.line for v in run(lint, code, "DOC010").violations] == [4, 11, 18]


def test_doc010_position_falls_back_when_lines_do_not_map(lint: Lint) -> None:
    code = 'def get():\n    """Get.\\n\\n    Arg:\\n        x: y\\n    """\n'
    result = run(lint, code, "DOC010")
    assert result.codes == ["DOC010"]
    assert (result.violations[0].line, result.violations[0].col) == (2, 5)


# DOC010 docstring-style: NumPy -----------------------------------------------

NUMPY_FULL = '''
def create_user(session, email, *args, **kwargs):
    """Create a user.

    A longer description.

    Parameters
    ----------
    session : Session
        The database session.
    email : str
        The login address.
    *args
        Positional extras.
    **kwargs : dict
        Keyword extras.

    Returns
    -------
    User
        The new user.

    Raises
    ------
    ValueError
        The email is invalid.

    See Also
    --------
    delete_user : The opposite.

    Notes
    -----
    Sends no email.

    Examples
    --------
    >>> create_user(session, "ada@example.com")
    """
    if not email:
        raise ValueError(email)
    return User(email)
'''


def test_doc010_numpy_docstring_with_every_section(lint: Lint) -> None:
    assert run(lint, NUMPY_FULL, "DOC", style="numpy").codes == ["DOC001"]


def test_doc010_google_docstring_in_numpy_project(lint: Lint) -> None:
    result = run(lint, GOOGLE_FULL, "DOC010", style="numpy")
    assert messages(result)[0] == (
        "Google-style section 'Args:' in a NumPy-style docstring; "
        "use an underlined 'Parameters' header"
    )
    assert len(result.violations) == 9


def test_doc010_numpy_docstring_in_google_project(lint: Lint) -> None:
    result = run(lint, NUMPY_FULL, "DOC010")
    assert len(result.violations) == 6
    assert all("NumPy-style section" in message for message in messages(result))


def test_doc010_misspelled_numpy_header(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Paramters
        ---------
        user_id : int
            The id.

        Example
        -------
        >>> get(1)
        """
    '''
    assert messages(run(lint, code, "DOC010", style="numpy")) == [
        "unknown section header 'Paramters'; did you mean 'Parameters'?",
        "unknown section header 'Example'; did you mean 'Examples'?",
    ]


def test_doc010_rst_heading_is_not_a_numpy_section(lint: Lint) -> None:
    code = '''
    """Users.

    Usage
    -----
    Import and call.
    """
    '''
    assert run(lint, code, "DOC010", style="numpy").codes == []
    assert run(lint, code, "DOC010").codes == []


def test_doc010_numpy_entries_indented_under_header(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Parameters
        ----------
            user_id : int
                The id.
        """
    '''
    result = run(lint, code, "DOC010", "DOC011", style="numpy")
    assert messages(result) == [
        "the entries of 'Parameters' must not be indented under the header"
    ]


def test_doc010_numpy_entry_without_spaced_colon(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Parameters
        ----------
        user_id: int
            The id.
        """
    '''
    result = run(lint, code, "DOC010", "DOC011", "DOC012", style="numpy")
    assert messages(result) == [
        "'user_id: int' in 'Parameters' is not of the form 'name : type' "
        "(indent continuation lines further)"
    ]


def test_doc010_empty_numpy_section(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Returns
        -------

        Notes
        -----
        Cached.
        """
    '''
    assert messages(run(lint, code, "DOC010", style="numpy")) == [
        "the 'Returns' section is empty"
    ]


def test_doc010_inline_note_is_prose_in_numpy(lint: Lint) -> None:
    code = '''
    def get():
        """Get a user.

        Note: the cache is bypassed.
        Returns:
        the user, unindented prose.
        """
    '''
    assert run(lint, code, "DOC010", style="numpy").codes == []


# DOC010 docstring-style: any -------------------------------------------------


def test_doc010_any_style_accepts_each_style(lint: Lint) -> None:
    assert run(lint, GOOGLE_FULL, "DOC010", style="any").codes == []
    assert run(lint, NUMPY_FULL, "DOC010", style="any").codes == []


def test_doc010_any_style_rejects_a_mix(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get a user.

        Parameters
        ----------
        user_id : int
            The id.

        Returns:
            The user.
        """
        return 1
    '''
    assert messages(run(lint, code, "DOC010", style="any")) == [
        "Google-style section 'Returns:' in a NumPy-style docstring; "
        "use an underlined 'Returns' header"
    ]


# DOC011 undocumented-parameter -----------------------------------------------


def test_doc011_message_and_position(lint: Lint) -> None:
    code = '''
    def get_user(session, user_id):
        """Load a user.

        Args:
            session: The database session.
        """
    '''
    result = run(lint, code, "DOC011")
    assert messages(result) == [
        "parameter 'user_id' of 'get_user' is not documented in Args"
    ]
    violation = result.violations[0]
    assert (violation.line, violation.col, violation.end_col) == (2, 23, 30)


def test_doc011_numpy_message(lint: Lint) -> None:
    code = '''
    def get_user(session, user_id):
        """Load a user.

        Parameters
        ----------
        session : Session
            The database session.
        """
    '''
    assert messages(run(lint, code, "DOC011", style="numpy")) == [
        "parameter 'user_id' of 'get_user' is not documented in Parameters"
    ]


def test_doc011_short_helper_with_one_line_docstring_is_fine(lint: Lint) -> None:
    code = '''
    def add(a, b, c):
        """Add three numbers."""
        return a + b + c
    '''
    assert run(lint, code, "DOC011").codes == []


def test_doc011_many_parameters_need_an_args_section(lint: Lint) -> None:
    code = '''
    def add(a, b, c, d):
        """Add four numbers."""
        return a + b + c + d
    '''
    # One finding for the function, not one per parameter.
    assert messages(run(lint, code, "DOC011")) == [
        "'add' takes 4 parameters but its docstring has no Args section"
    ]
    assert run(lint, code, "DOC011", require_args_section_above=4).codes == []
    zero = run(
        lint, 'def one(a):\n    """One."""\n', "DOC011", require_args_section_above=0
    )
    assert zero.codes == ["DOC011"]


def test_doc011_injected_dependencies_do_not_count(lint: Lint) -> None:
    code = """
    @router.get("/v1/users/{user_id}")
    async def read_user(
        user_id: int,
        db: Session = Depends(get_db),
        user: Annotated[User, Security(current_user)] = None,
        *,
        cache: Cache = fastapi.Depends(get_cache),
    ) -> UserOut:
        '''Return one user.'''
    """
    assert run(lint, code, "DOC011").codes == []


def test_doc011_every_parameter_kind(lint: Lint) -> None:
    code = '''
    def call(a, /, b, *args, c, **kwargs):
        """Call.

        Args:
            a: Positional only.
        """
    '''
    assert messages(run(lint, code, "DOC011")) == [
        "parameter 'b' of 'call' is not documented in Args",
        "parameter '*args' of 'call' is not documented in Args",
        "parameter 'c' of 'call' is not documented in Args",
        "parameter '**kwargs' of 'call' is not documented in Args",
    ]


@pytest.mark.parametrize(
    ("star", "double"), [("*args", "**kwargs"), ("args", "kwargs")]
)
def test_doc011_star_parameters_with_or_without_stars(
    lint: Lint, star: str, double: str
) -> None:
    code = f'''
    def call(*args, **kwargs):
        """Call.

        Args:
            {star}: Positional.
            {double}: Keywords.
        """
    '''
    assert run(lint, code, "DOC011", "DOC012").codes == []


def test_doc011_self_cls_and_underscore_parameters_not_required(lint: Lint) -> None:
    code = '''
    class Users:
        """Users."""

        def get(self, user_id, _cache=None):
            """Get.

            Args:
                user_id: The id.
            """

        @classmethod
        def build(cls, db):
            """Build.

            Args:
                db: The database.
            """

        @staticmethod
        def parse(text):
            """Parse.

            Args:
                text: The text.
            """
    '''
    assert run(lint, code, "DOC011").codes == []


def test_doc011_keyword_args_and_other_parameters_sections_count(lint: Lint) -> None:
    code = '''
    def send(user, *, template="welcome", retries=3):
        """Send.

        Args:
            user: Who.

        Keyword Args:
            template: Which template.

        Other Parameters:
            retries: How often.
        """
    '''
    assert run(lint, code, "DOC011", "DOC012").codes == []


def test_doc011_class_docstring_documents_init(lint: Lint) -> None:
    code = '''
    class TokenService:
        """Issues tokens.

        Args:
            secret: Signing key.
            lifetime: Seconds.
        """

        def __init__(self, secret, lifetime, issuer):
            self.secret = secret
    '''
    result = run(lint, code, "DOC011", "DOC012")
    assert messages(result) == [
        "parameter 'issuer' of 'TokenService.__init__' is not documented in Args"
    ]


def test_doc011_init_docstring_may_document_instead(lint: Lint) -> None:
    code = '''
    class TokenService:
        """Issues tokens."""

        def __init__(self, secret, lifetime, issuer, audience):
            """Set up.

            Args:
                secret: Signing key.
                lifetime: Seconds.
                issuer: Issuer claim.
                audience: Audience claim.
            """
    '''
    assert run(lint, code, "DOC011", "DOC012").codes == []


def test_doc011_constructor_with_many_parameters_documented_nowhere(lint: Lint) -> None:
    code = '''
    class TokenService:
        """Issues tokens."""

        def __init__(self, secret, lifetime, issuer, audience):
            self.secret = secret
    '''
    assert messages(run(lint, code, "DOC011")) == [
        "'TokenService.__init__' takes 4 parameters but its docstring has no"
        " Args section"
    ]


def test_doc011_private_function_checked_only_when_it_has_args(lint: Lint) -> None:
    code = '''
    def _merge(a, b, c, d):
        """Merge four things."""

    def _split(a, b):
        """Split.

        Args:
            a: First.
        """
    '''
    assert messages(run(lint, code, "DOC011")) == [
        "parameter 'b' of '_split' is not documented in Args"
    ]


def test_doc011_override_needs_no_args_section(lint: Lint) -> None:
    code = '''
    class Handler(Base):
        """Handler."""

        @override
        def handle(self, request, user, session, cache):
            """Handle with a cache."""
    '''
    assert run(lint, code, "DOC011").codes == []


def test_doc011_overload_stub_docstring_not_checked(lint: Lint) -> None:
    code = '''
    @overload
    def parse(value: int, base: int, strict: bool, default: int) -> int:
        """Parse an int."""
    '''
    assert run(lint, code, "DOC011").codes == []


# DOC012 unknown-parameter ----------------------------------------------------


def test_doc012_message_and_position(lint: Lint) -> None:
    code = '''
    def get_user(user_id):
        """Load a user.

        Args:
            user_id: The id.
            uid: The old name.
        """
    '''
    result = run(lint, code, "DOC012")
    assert messages(result) == [
        "'uid' is documented in Args but is not a parameter of 'get_user'"
    ]
    violation = result.violations[0]
    assert (violation.line, violation.col, violation.end_col) == (7, 9, 12)


def test_doc012_numpy(lint: Lint) -> None:
    code = '''
    def get_user(user_id):
        """Load a user.

        Parameters
        ----------
        user_id, uid : int
            The id.
        """
    '''
    result = run(lint, code, "DOC012", style="numpy")
    assert messages(result) == [
        "'uid' is documented in Parameters but is not a parameter of 'get_user'"
    ]
    assert result.violations[0].line == 7


def test_doc012_kwargs_functions_may_document_their_keys(lint: Lint) -> None:
    code = '''
    def connect(url, **options):
        """Connect.

        Args:
            url: Where.
            timeout: Seconds, passed in options.
        """
    '''
    assert run(lint, code, "DOC012").codes == []


def test_doc012_keyword_args_entries_are_not_parameters(lint: Lint) -> None:
    code = '''
    def connect(url, **options):
        """Connect.

        Args:
            url: Where.
            **options: Connection options.

        Keyword Args:
            timeout: Seconds.
        """
    '''
    assert run(lint, code, "DOC012").codes == []


def test_doc012_class_docstring_against_init(lint: Lint) -> None:
    code = '''
    class Client:
        """Client.

        Args:
            url: Where.
            retries: How often.
        """

        def __init__(self, url):
            self.url = url
    '''
    assert messages(run(lint, code, "DOC012")) == [
        "'retries' is documented in Args but is not a parameter of 'Client.__init__'"
    ]


def test_doc012_dataclass_fields_in_class_docstring(lint: Lint) -> None:
    code = '''
    @dataclass
    class Page:
        """A page.

        Args:
            items: The items.
            total: The count.

        Attributes:
            offset: Where the page starts.
        """

        items: list
        total: int
        offset: int = 0
    '''
    assert run(lint, code, "DOC011", "DOC012").codes == []


def test_doc012_documented_self_is_not_unknown(lint: Lint) -> None:
    code = '''
    class A:
        """A."""

        def run(self):
            """Run.

            Args:
                self: The instance.
            """
    '''
    assert run(lint, code, "DOC012").codes == []


# DOC013 missing-returns ------------------------------------------------------

LONG_BODY = "\n".join(f"    step_{n} = {n}" for n in range(10))


def test_doc013_message_and_position(lint: Lint) -> None:
    code = f'''
def total(items):
    """Add up the items.

    Args:
        items: The items.
    """
{LONG_BODY}
    return sum(items)
'''
    result = run(lint, code, "DOC013")
    assert messages(result) == [
        "'total' returns a value but its docstring has no Returns section"
    ]
    assert (result.violations[0].line, result.violations[0].col) == (2, 5)


@pytest.mark.parametrize("style", ["google", "numpy", "any"])
def test_doc013_returns_section_present(lint: Lint, style: str) -> None:
    code = GOOGLE_FULL if style != "numpy" else NUMPY_FULL
    assert run(lint, code, "DOC013", style=style).codes == []


@pytest.mark.parametrize("ending", ["return", "return None", "pass"])
def test_doc013_no_value_returned(lint: Lint, ending: str) -> None:
    code = f'''
def save(user):
    """Save a user.

    Args:
        user: The user.
    """
    if user:
        {ending}
'''
    assert run(lint, code, "DOC013").codes == []


def test_doc013_nested_functions_and_lambdas_do_not_count(lint: Lint) -> None:
    code = '''
    def decorate(func):
        """Wrap a function.

        Args:
            func: The function.
        """
        def wrapper():
            return func()
        key = lambda item: item.name
        register(wrapper, key)
    '''
    assert run(lint, code, "DOC013").codes == []


def test_doc013_property_is_exempt(lint: Lint) -> None:
    code = f'''
class User:
    """User."""

    @property
    def display_name(self):
        """The name to show.

        Falls back to the email.
        """
{LONG_BODY.replace("    ", "        ")}
        return self.email
'''
    assert run(lint, code, "DOC013").codes == []


def test_doc013_abstract_methods_and_stubs_are_exempt(lint: Lint) -> None:
    code = '''
    class Repo(abc.ABC):
        """Repo."""

        @abc.abstractmethod
        def get(self, key):
            """Get.

            Args:
                key: The key.
            """
            return None

        def find(self, key):
            """Find.

            Args:
                key: The key.
            """
            raise NotImplementedError("subclasses find")
    '''
    assert run(lint, code, "DOC013").codes == []


def test_doc013_one_line_docstring_of_short_function(lint: Lint) -> None:
    short = 'def name(user):\n    """Look the name up."""\n    return user.name\n'
    assert run(lint, short, "DOC013").codes == []
    assert run(lint, short, "DOC013", short_function_lines=0).codes == ["DOC013"]
    long = f'def name(user):\n    """Look the name up."""\n{LONG_BODY}\n    return 1\n'
    assert run(lint, long, "DOC013").codes == ["DOC013"]


def test_doc013_description_without_sections_is_not_exempt(lint: Lint) -> None:
    code = '''
    def name(user):
        """Look the name up.

        Falls back to the email.
        """
        return user.name
    '''
    assert run(lint, code, "DOC013").codes == ["DOC013"]


def test_doc013_private_function_without_sections_is_not_checked(lint: Lint) -> None:
    code = '''
    def _name(user):
        """Return the name.

        Falls back to the email.
        """
        return user.name
    '''
    assert run(lint, code, "DOC013").codes == []


def test_doc013_misspelled_returns_header_reports_only_style(lint: Lint) -> None:
    code = '''
    def name(user):
        """Get the name.

        Return:
            The name.
        """
        return user.name
    '''
    assert run(lint, code, "DOC010", "DOC013").codes == ["DOC010"]


def test_doc013_generator_needs_no_returns(lint: Lint) -> None:
    code = '''
    def numbers():
        """Count.

        Yields:
            Numbers.
        """
        yield 1
        return 2
    '''
    assert run(lint, code, "DOC013", "DOC015").codes == []


# DOC014 missing-raises -------------------------------------------------------


def test_doc014_message_and_position(lint: Lint) -> None:
    code = '''
    def get(user_id):
        """Get.

        Args:
            user_id: The id.
        """
        if user_id < 0:
            raise ValueError("negative id")
    '''
    result = run(lint, code, "DOC014")
    assert messages(result) == [
        "'get' raises 'ValueError' but its docstring does not list it under Raises"
    ]
    assert (result.violations[0].line, result.violations[0].col) == (9, 9)


def test_doc014_documented_raises(lint: Lint) -> None:
    assert run(lint, GOOGLE_FULL, "DOC014").codes == []
    assert run(lint, NUMPY_FULL, "DOC014", style="numpy").codes == []


@pytest.mark.parametrize(
    ("raised", "documented"),
    [
        ("errors.NotFound()", "NotFound"),
        ("NotFound('x')", "errors.NotFound"),
        ("app.errors.NotFound", "errors.NotFound"),
    ],
)
def test_doc014_dotted_names_match_by_last_part(
    lint: Lint, raised: str, documented: str
) -> None:
    code = f'''
    def get(key):
        """Get.

        Args:
            key: The key.

        Raises:
            {documented}: Missing.
        """
        raise {raised}
    '''
    assert run(lint, code, "DOC014").codes == []


def test_doc014_reraises_asserts_and_caught_raises_do_not_count(lint: Lint) -> None:
    code = '''
    def get(key):
        """Get.

        Args:
            key: The key.
        """
        assert key, "no key"
        try:
            value = lookup(key)
        except KeyError:
            raise
        except LookupError as exc:
            raise exc
        except OSError as error:
            raise error from None
        try:
            raise ValueError(key)
        except ValueError:
            value = None
        try:
            raise TypeError(key)
        except Exception:
            value = None
        return value
    '''
    assert run(lint, code, "DOC014").codes == []


def test_doc014_new_exception_in_handler_counts(lint: Lint) -> None:
    code = '''
    def get(key):
        """Get.

        Args:
            key: The key.
        """
        try:
            return lookup(key)
        except KeyError as exc:
            raise NotFoundError(key) from exc
    '''
    assert run(lint, code, "DOC014").codes == ["DOC014"]


def test_doc014_nested_function_raises_do_not_count(lint: Lint) -> None:
    code = '''
    def make():
        """Make.

        Returns:
            A checker.
        """
        def check(value):
            raise ValueError(value)
        return check
    '''
    assert run(lint, code, "DOC014").codes == []


def test_doc014_each_exception_reported_once(lint: Lint) -> None:
    code = '''
    def get(key):
        """Get.

        Args:
            key: The key.
        """
        if key is None:
            raise ValueError("none")
        if not key:
            raise ValueError("empty")
    '''
    assert run(lint, code, "DOC014").codes == ["DOC014"]


# DOC015 missing-yields -------------------------------------------------------


def test_doc015_message_and_position(lint: Lint) -> None:
    code = '''
    def numbers(limit):
        """Count up.

        Args:
            limit: Where to stop.
        """
        yield from range(limit)
    '''
    result = run(lint, code, "DOC015")
    assert messages(result) == [
        "generator 'numbers' has no Yields section in its docstring"
    ]
    assert (result.violations[0].line, result.violations[0].col) == (2, 5)


def test_doc015_generator_documented_with_returns_only(lint: Lint) -> None:
    code = '''
    def numbers(limit):
        """Count up.

        Args:
            limit: Where to stop.

        Returns:
            An iterator of numbers.
        """
        for n in range(limit):
            yield n
    '''
    assert run(lint, code, "DOC013", "DOC015").codes == ["DOC015"]


@pytest.mark.parametrize("style", ["google", "numpy"])
def test_doc015_yields_section_present(lint: Lint, style: str) -> None:
    header = (
        "Yields:\n            Numbers."
        if style == "google"
        else ("Yields\n        ------\n        int\n            Numbers.")
    )
    code = f'''
    async def numbers():
        """Count up.

        {header}
        """
        total = yield 1
    '''
    assert run(lint, code, "DOC015", style=style).codes == []


def test_doc015_yield_in_nested_function_does_not_count(lint: Lint) -> None:
    code = '''
    def make():
        """Make.

        Returns:
            A generator function.
        """
        def gen():
            yield 1
        return gen
    '''
    assert run(lint, code, "DOC015", "DOC013").codes == []


def test_doc015_short_one_line_generator_is_exempt(lint: Lint) -> None:
    code = '''
    def ids(users):
        """Walk the ids."""
        for user in users:
            yield user.id
    '''
    assert run(lint, code, "DOC015").codes == []


def test_doc015_fixture_style_context_manager(lint: Lint) -> None:
    code = '''
    @contextmanager
    def transaction(session):
        """Run a block in a transaction.

        Args:
            session: The session.
        """
        try:
            yield session
        finally:
            session.close()
    '''
    assert run(lint, code, "DOC015").codes == ["DOC015"]


# The parser on its own -------------------------------------------------------


def test_parser_summary_only_and_sections() -> None:
    assert parse_docstring("Get a user.", "google").summary_only
    assert parse_docstring("\n    Get a user.\n    ", "google").summary_only
    wrapped = parse_docstring("Get a user\n    by id.\n    ", "google")
    assert wrapped.summary_only
    described = parse_docstring("Get.\n\n    More.\n    ", "google")
    assert not described.summary_only
    parsed = parse_docstring(GOOGLE_FULL.split('"""')[1], "google")
    kinds = [section.kind for section in parsed.sections]
    assert kinds == [
        "params",
        "keywords",
        "returns",
        "raises",
        "text",
        "text",
        "text",
        "text",
        "text",
    ]
    assert [e.names for e in parsed.entries("params")] == [
        ("session",),
        ("email",),
        ("args",),
        ("kwargs",),
    ]
