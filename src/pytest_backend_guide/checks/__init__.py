"""Built-in checkers, one package per rule family.

Each package is a pluggy plugin registered through the
``pytest_backend_guide`` entry-point group, like any third-party checker,
and imports only the public API: :mod:`pytest_backend_guide` and
:mod:`pytest_backend_guide.helpers`, never another family.
"""
