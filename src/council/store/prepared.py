"""Statements on every letter's path, compiled once and run on the driver's own cursor.

``Connection.execute`` costs SQLAlchemy some 20 µs a statement above the driver's own 3 µs
(its execution context, cache lookup, result object), and a batch of letters runs about
fifteen statements. A ``Prepared`` statement is compiled by SQLAlchemy once per dialect:
its SQL, and its columns' bind and result processors, so that values are written and read
back exactly as through ``Connection.execute``. It then runs on the DB-API cursor of the
transaction's connection. A driver error goes through SQLAlchemy's own handling, so it is
raised as ``sqlalchemy.exc.IntegrityError`` (and so on) with the driver's error as ``orig``
and ``Store.transaction`` maps it as before; the engine's cursor events still fire.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import MultipleResultsFound
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter, ClauseElement

_Processor = Callable[[Any], Any] | None
_NO_VALUE = object()


@dataclass(frozen=True)
class _Compiled:
    """A statement as one dialect runs it."""

    sql: str
    positional: bool
    names: tuple[str, ...]  # the parameters in the SQL (in their order, when positional)
    keys: tuple[str, ...]  # the caller's key for each
    fixed: tuple[Any, ...]  # a value the statement itself holds (``id = 1``), or _NO_VALUE
    processors: tuple[_Processor, ...]
    selected: tuple[Any, ...]  # the types of the columns a SELECT or RETURNING reads


def _compile(statement: ClauseElement, dialect: Dialect,
             column_keys: Sequence[str] | None) -> _Compiled:
    # An INSERT of given columns runs for many rows: no RETURNING of each row's new id.
    compiled = (statement.compile(dialect=dialect, column_keys=list(column_keys),
                                  for_executemany=True)
                if column_keys else statement.compile(dialect=dialect))
    assert isinstance(compiled, SQLCompiler)
    if compiled.escaped_bind_names:  # pragma: no cover - none of the statements here needs it
        raise ValueError(f"{compiled.string!r} has bind names that need escaping")
    binds: dict[str, BindParameter[Any]] = {name: bind
                                            for bind, name in compiled.bind_names.items()}
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(binds)
    # The columns a SELECT or an INSERT ... RETURNING gives, in the order the driver
    # returns them.
    selected = getattr(statement, "exported_columns", ())
    return _Compiled(
        sql=compiled.string,
        positional=compiled.positional,
        names=names,
        keys=tuple(binds[name].key for name in names),
        fixed=tuple(_NO_VALUE if binds[name].required else binds[name].value
                    for name in names),
        processors=tuple(binds[name].type.dialect_impl(dialect).bind_processor(dialect)
                         for name in names),
        selected=tuple(column.type for column in selected),
    )


class Prepared:
    """A Core statement compiled once per dialect, run on the driver's cursor.

    ``column_keys`` names the columns an INSERT writes (the keys of each row given).
    """

    def __init__(self, statement: ClauseElement,
                 column_keys: Sequence[str] | None = None) -> None:
        self.statement = statement
        self.column_keys = tuple(column_keys or ())
        self._by_dialect: WeakKeyDictionary[Dialect, _Compiled] = WeakKeyDictionary()
        self._results: WeakKeyDictionary[Dialect, _Results] = WeakKeyDictionary()
        self._lock = threading.Lock()

    def _for(self, dialect: Dialect) -> _Compiled:
        compiled = self._by_dialect.get(dialect)
        if compiled is None:
            with self._lock:
                compiled = _compile(self.statement, dialect, self.column_keys)
                self._by_dialect[dialect] = compiled
        return compiled

    def execute(self, connection: Connection, params: Mapping[str, Any] | None = None
                ) -> None:
        """Run the statement once (an UPDATE, a DELETE)."""
        compiled = self._for(connection.dialect)
        _run(connection, compiled, _parameters, params or {}, many=False)

    def execute_many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run the statement once per row, as the driver's ``executemany``."""
        if rows:
            compiled = self._for(connection.dialect)
            _run(connection, compiled, _rows, rows, many=True)

    def one_or_none(self, connection: Connection, params: Mapping[str, Any] | None = None
                    ) -> Any:
        """The one row the statement gives, or None; more than one is an error, as for
        ``Result.one_or_none``."""
        found = self.rows(connection, params)
        if len(found) > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        return found[0] if found else None

    def rows(self, connection: Connection, params: Mapping[str, Any] | None = None
             ) -> list[Any]:
        """The rows a SELECT (or an INSERT ... RETURNING) gives, as named tuples of the
        values SQLAlchemy would give."""
        dialect = connection.dialect
        compiled = self._for(dialect)
        fetched, description = _run(connection, compiled, _parameters, params or {},
                                    many=False, fetch=True)
        results = self._results.get(dialect)
        if results is None:
            results = _Results.of(compiled, dialect, description)
            self._results[dialect] = results
        return results.make(fetched)


class PreparedBySize:
    """A statement over a list of items, compiled once per length of the list: ``make(n)``
    builds it for n items, with parameters named as ``parameters(items)`` names them.

    SQLAlchemy's expanding parameters would render the SQL again at each execution. A list
    longer than ``CHUNK`` runs in chunks of that many, in turn (a statement has at most some
    thousands of parameters), so its rows are ordered within each chunk only.
    """

    CHUNK = 256

    def __init__(self, make: Callable[[int], ClauseElement],
                 parameters: Callable[[Sequence[Any]], dict[str, Any]]) -> None:
        self.make = make
        self.parameters = parameters
        self._sizes: dict[int, Prepared] = {}

    def _chunks(self, items: Sequence[Any]) -> Iterator[tuple[Prepared, dict[str, Any]]]:
        for start in range(0, len(items), self.CHUNK):
            chunk = items[start:start + self.CHUNK]
            prepared = self._sizes.get(len(chunk))
            if prepared is None:
                prepared = self._sizes[len(chunk)] = Prepared(self.make(len(chunk)))
            yield prepared, self.parameters(chunk)

    def execute(self, connection: Connection, items: Sequence[Any]) -> None:
        for prepared, parameters in self._chunks(items):
            prepared.execute(connection, parameters)

    def rows(self, connection: Connection, items: Sequence[Any]) -> list[Any]:
        return [row for prepared, parameters in self._chunks(items)
                for row in prepared.rows(connection, parameters)]


@dataclass(frozen=True)
class _Results:
    """How to make rows of what the driver returns: a named tuple class, and each column's
    result processor for the type the driver says it returns (as SQLAlchemy's result)."""

    row: Callable[..., Any]
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]

    @classmethod
    def of(cls, compiled: _Compiled, dialect: Dialect, description: Any) -> _Results:
        names = [column[0] for column in description]
        processors = []
        for index, (type_, column) in enumerate(zip(compiled.selected, description,
                                                    strict=True)):
            processor = type_.dialect_impl(dialect).result_processor(dialect, column[1])
            if processor is not None:
                processors.append((index, processor))
        row: Any = namedtuple("Row", names)  # type: ignore[misc]  # fields: the columns read
        return cls(row._make, tuple(processors))

    def make(self, fetched: Sequence[Sequence[Any]]) -> list[Any]:
        if not self.processors:
            return [self.row(values) for values in fetched]
        made = []
        for values in fetched:
            processed = list(values)
            for index, processor in self.processors:
                processed[index] = processor(processed[index])
            made.append(self.row(processed))
        return made


def _parameters(compiled: _Compiled, params: Mapping[str, Any]) -> Any:
    values = [params[key] if fixed is _NO_VALUE else fixed
              for key, fixed in zip(compiled.keys, compiled.fixed, strict=True)]
    values = [value if processor is None else processor(value)
              for value, processor in zip(values, compiled.processors, strict=True)]
    return tuple(values) if compiled.positional else dict(zip(compiled.names, values,
                                                              strict=True))


def _rows(compiled: _Compiled, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Each row's values in the statement's order, processed (an INSERT's rows hold every
    column it writes, so nothing is fixed)."""
    get = itemgetter(*compiled.keys)
    processed = [(index, processor) for index, processor in enumerate(compiled.processors)
                 if processor is not None]
    made: list[Any] = []
    for row in rows:
        values = get(row)
        values = list(values) if len(compiled.keys) > 1 else [values]
        for index, processor in processed:
            values[index] = processor(values[index])
        made.append(tuple(values) if compiled.positional
                    else dict(zip(compiled.names, values, strict=True)))
    return made


def _run(connection: Connection, compiled: _Compiled,
         make: Callable[[_Compiled, Any], Any], given: Any, many: bool, fetch: bool = False
         ) -> tuple[Sequence[Any], Any]:
    """Make the parameters (``make(compiled, given)``) and execute on the driver's cursor as
    ``Connection.execute`` does: the cursor events around the driver's call, the engine's
    echo, and an error handled by SQLAlchemy itself (wrapped, as IntegrityError for one; a
    lost connection invalidated). The rows fetched and the cursor's description, if
    ``fetch``."""
    sql, parameters = compiled.sql, None
    if not connection.in_transaction():
        connection.begin()  # as Connection.execute begins one (the session's has begun)
    cursor = connection.connection.cursor()
    try:
        parameters = make(compiled, given)
        events = connection._has_events or connection.engine._has_events
        if events:
            for listener in connection.dispatch.before_cursor_execute:
                sql, parameters = listener(connection, cursor, sql, parameters, None, many)
        if connection._echo:
            connection._log_info(sql)
            connection._log_info("[prepared] %r", parameters)
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        if events:
            connection.dispatch.after_cursor_execute(connection, cursor, sql, parameters,
                                                     None, many)
        return (cursor.fetchall(), cursor.description) if fetch else ([], None)
    except BaseException as exc:
        connection._handle_dbapi_exception(exc, sql, parameters, cursor, None)
        raise  # pragma: no cover - SQLAlchemy's handler raises
    finally:
        cursor.close()
