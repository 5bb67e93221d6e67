"""Find ORM model classes in a module's text, without importing it."""

from __future__ import annotations

import ast

from pytest_backend_guide import ImportBindings, SourceFile

# Fully qualified base classes that make a class an ORM model.
MODEL_BASES = {
    "django.db.models.Model": "Django",
    "django.db.models.base.Model": "Django",
    "tortoise.models.Model": "Tortoise",
    "tortoise.Model": "Tortoise",
    "peewee.Model": "Peewee",
    # Django's abstract user models: a subclass is a concrete table.
    "django.contrib.auth.models.AbstractUser": "Django",
    "django.contrib.auth.models.AbstractBaseUser": "Django",
    "django.contrib.auth.base_user.AbstractBaseUser": "Django",
}
TABLE_ATTRIBUTES = frozenset({"__tablename__"})


def orm_models(source: SourceFile) -> list[list[object]]:
    """Return the ORM model classes defined at a module's top level.

    A class is a model when it subclasses Django's, Tortoise's or Peewee's
    ``Model`` (as imported, aliases followed), passes ``table=True``
    (SQLModel), names its table (``__tablename__``, or ``__table__ =
    Table(...)``: SQLAlchemy declarative), declares ``Mapped[...]`` columns
    (SQLAlchemy 2.0) or binds ``Column(...)``/``mapped_column(...)`` calls
    (Flask-SQLAlchemy).
    Django models with ``Meta.abstract = True`` have no table and do not
    count.

    Args:
        source: The parsed module.

    Returns:
        ``[line, column, class name, framework]`` of each model.
    """
    tree = source.tree
    bindings = ImportBindings.of(tree)
    found: list[list[object]] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            framework = _framework(node, bindings)
            if framework is not None:
                found.append([node.lineno, node.col_offset + 1, node.name, framework])
    return found


def _framework(node: ast.ClassDef, bindings: ImportBindings) -> str | None:
    for keyword in node.keywords:
        if keyword.arg == "table" and _is_true(keyword.value):
            return "SQLModel"
    for base in node.bases:
        name = bindings.resolve(base)
        if name in MODEL_BASES:
            return None if _abstract(node) else MODEL_BASES[name]
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            names = {t.id for t in statement.targets if isinstance(t, ast.Name)}
            if "__tablename__" in names or _is_column(statement.value):
                return "SQLAlchemy"
            if "__table__" in names and isinstance(statement.value, ast.Call):
                return "SQLAlchemy"  # __table__ = Table(...); pypika's is a str
        elif isinstance(statement, ast.AnnAssign):
            target = statement.target
            if isinstance(target, ast.Name) and target.id in TABLE_ATTRIBUTES:
                return "SQLAlchemy"
            if _is_mapped(statement.annotation, bindings):
                return "SQLAlchemy"
    return None


def _is_mapped(annotation: ast.expr, bindings: ImportBindings) -> bool:
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.startswith("Mapped[")
    if not isinstance(annotation, ast.Subscript):
        return False
    name = bindings.resolve(annotation.value)
    return name is not None and name.startswith("sqlalchemy") and name.endswith(
        ".Mapped"
    )


def _is_column(value: ast.expr) -> bool:
    """Return whether a value is a ``Column(...)``/``mapped_column(...)`` call."""
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("Column", "mapped_column")


def _is_true(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _abstract(node: ast.ClassDef) -> bool:
    for statement in node.body:
        if isinstance(statement, ast.ClassDef) and statement.name == "Meta":
            for inner in statement.body:
                if (
                    isinstance(inner, ast.Assign)
                    and any(
                        isinstance(t, ast.Name) and t.id == "abstract"
                        for t in inner.targets
                    )
                    and _is_true(inner.value)
                ):
                    return True
    return False
