"""The project's exceptions: one base class, subclasses with structured fields.

Every error says what was expected, what was found and, where it helps, what to do.
Subclasses keep their fields as attributes and pickle cleanly (they pass all fields
through ``__reduce__``), so errors survive process pools and Dask workers.
"""
from __future__ import annotations


class SermoError(Exception):
    """Base class of every error the workbook raises on purpose."""

    _fields: tuple[str, ...] = ()

    def __init__(self, message: str, **fields):
        super().__init__(message)
        self.message = message
        for name in self._fields:
            setattr(self, name, fields.pop(name, None))
        if fields:
            raise TypeError(f"{type(self).__name__} got unknown fields: {sorted(fields)}")

    def __reduce__(self):
        fields = {name: getattr(self, name) for name in self._fields}
        return (_rebuild, (type(self), self.message, fields))

    def __str__(self) -> str:
        return self.message


def _rebuild(cls, message, fields):
    return cls(message, **fields)


class ConfigError(SermoError):
    """A client configuration file is invalid.

    Fields: ``path`` (the file), ``problems`` (list of one-line descriptions, all of them).
    """

    _fields = ("path", "problems")


class SchemaError(SermoError):
    """A frame does not match its canonical schema.

    Fields: ``frame`` (schema name), ``path`` (source file or None), ``problems``
    (list of ``(column, expected, found)`` tuples, every failing column at once).
    """

    _fields = ("frame", "path", "problems")


class LoadError(SermoError):
    """An input file could not be read into the canonical frames.

    Fields: ``path``, ``row`` (1-based line in the file, or None), ``column``,
    ``expected``, ``found``.
    """

    _fields = ("path", "row", "column", "expected", "found")


class AnalysisError(SermoError):
    """A stage computation was asked for something the data or options cannot give.

    Fields: ``argument`` (the offending argument or column), ``expected``, ``found``.
    """

    _fields = ("argument", "expected", "found")


class RenderError(SermoError):
    """Rendering a client's edition failed.

    Fields: ``client`` (slug), ``notebook`` (stage notebook name), ``cell_index``
    (index of the failing cell in that notebook), ``source`` (the cell's code),
    ``ename``/``evalue`` (the exception raised inside the kernel), ``executed_path``
    (the executed notebook kept for inspection).
    """

    _fields = ("client", "notebook", "cell_index", "source", "ename", "evalue", "executed_path")


def require_columns(frame, columns, *, step: str, hint: str = "") -> None:
    """Raise AnalysisError naming every column of ``columns`` that ``frame`` lacks, and the step needing them.

    ``step`` names the analysis or argument (``"rank_criticism"``, ``"conversations"``); ``hint`` says
    what to do, e.g. which function produces the frame. Returns None when every column is there.
    """
    columns = list(columns)
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        found = ", ".join(map(str, frame.columns)) or "no columns"
        raise AnalysisError(f"{step} needs the columns {', '.join(missing)}; the frame has {found}."
                            + (f" {hint}" if hint else ""),
                            argument=missing[0], expected="columns " + ", ".join(columns), found=found)
