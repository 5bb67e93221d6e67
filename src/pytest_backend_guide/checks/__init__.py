"""Built-in checkers, one module per rule family.

Each module is a pluggy plugin registered through the
``pytest_backend_guide`` entry-point group, like any third-party checker.
"""
