"""The store: every version of every term's facts, through SQLAlchemy.

Tables, shaped for issue 18 (accounts, roles, a bureau's board, PostgreSQL) as well:

- units: a school (or, later, a bureau: kind, and parent for the school's bureau);
- documents: one school's facts for one term: the current version, a version counter for
  optimistic locking (a save based on an older version is refused), the term it was started
  from, and a status (填写中 now; 已提交 / 已退回 for issue 18);
- versions: the full facts text (YAML, as the user's form or file had it) of every save, with
  its time, author (none yet: there are no accounts), note, and the counts of errors and hints
  it had (so a board can show 有错误 without checking every school's text again);
- settings: the secret that signs the forms' CSRF tokens, kept so that a restart does not
  invalidate a form open in a browser.

Every change is one transaction: a server killed in the middle of a save leaves the store as
it was after the last completed one. SQLite runs in WAL mode with full sync.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, create_engine, event, func, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool

DRAFT = "填写中"
SCHEMA_VERSION = 1  # in settings: a later version of these tables migrates from what it finds


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)  # stored as UTC, without zone


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="school")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)


class TermDocument(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    period: Mapped[str | None] = mapped_column(String(40), index=True)  # 2023—2024学年第二学期
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    current_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", use_alter=True, name="fk_documents_current_version"))
    version_no: Mapped[int] = mapped_column(Integer, default=0)  # optimistic lock: +1 per save
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=_now)


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_versions_document_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … within its document
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    author: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(500), default="")
    errors: Mapped[int] = mapped_column(Integer, default=0)
    hints: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --------------------------------------------------------------------------- what callers get


@dataclass(frozen=True)
class VersionInfo:
    number: int
    created_at: dt.datetime  # UTC
    note: str
    errors: int
    hints: int
    size: int  # characters
    author: str | None
    text: str | None = None  # only when asked for


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    school: str | None
    period: str | None
    status: str
    version_no: int
    previous_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    current: VersionInfo | None  # with its text when read by Store.document


class StoreError(Exception):
    """The store cannot be used (its message is for the user)."""


class Conflict(Exception):
    """A save based on a version that is no longer the current one (another tab saved first)."""

    def __init__(self, current: int):
        super().__init__(current)
        self.current = current


@dataclass(frozen=True)
class Saved:
    """What is to be saved: the text, and what the check found in it."""

    text: str
    note: str
    errors: int = 0
    hints: int = 0
    school: str | None = None
    period: str | None = None
    author: str | None = None


# --------------------------------------------------------------------------- the store


def database_url(db: str | None, data_dir: Path | None = None) -> str:
    """--db as given: a SQLAlchemy URL (sqlite:///…, postgresql://…), or a file path for a
    SQLite file; none: houqin.db in the user's data folder."""
    if db and "://" in db:
        return db
    if db:
        path = Path(db).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(data_dir or user_data_dir("houqin-report", appauthor=False)) / "houqin.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(url, connect_args={"check_same_thread": False},
                           **({"poolclass": StaticPool} if memory else {}))

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:  # noqa: ANN001 - SQLAlchemy's signature
        connection.isolation_level = None  # transactions begin below, not in the driver
        cursor = connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # noqa: ANN001
        # A writing transaction takes the write lock at once (BEGIN IMMEDIATE): one that read
        # first and wrote later could find the database changed under it and fail outright.
        # Readers are not blocked by it (WAL).
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get("writes") else "BEGIN")

    return engine


class Store:
    def __init__(self, url: str):
        self.url = url
        self.engine = _engine(url)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(self.engine.execution_options(writes=True), expire_on_commit=False)
        found = int(self.setting("schema_version", str(SCHEMA_VERSION)))
        if found > SCHEMA_VERSION:
            raise StoreError(f"这个数据库由更新版本的 houqin 建立（表结构第 {found} 版），请升级 houqin-report 后再打开。")

    def close(self) -> None:
        self.engine.dispose()

    def _begin(self):
        """A writing transaction: committed at the end of the with block, else rolled back."""
        return self._writes.begin()

    # ---- settings

    def setting(self, key: str, first: str | None = None) -> str:
        """A setting kept in the store, set on first use (to a random secret unless `first`)."""
        with self._begin() as session:
            row = session.get(Setting, key)
            if row is None:
                row = Setting(key=key, value=first if first is not None else secrets.token_hex(32))
                session.add(row)
            return row.value

    # ---- reading

    def documents(self) -> list[DocumentInfo]:
        """Every document, the most recently saved first, with its current version (no text)."""
        with self._sessions() as session:
            rows = session.execute(
                select(TermDocument, Unit.name, Version)
                .outerjoin(Unit, Unit.id == TermDocument.unit_id)
                .outerjoin(Version, Version.id == TermDocument.current_version_id)
                .order_by(TermDocument.updated_at.desc(), TermDocument.id.desc())
            ).all()
            return [_info(doc, name, version, with_text=False) for doc, name, version in rows]

    def document(self, doc_id: int) -> DocumentInfo | None:
        """One document with its current version's text, or None."""
        with self._sessions() as session:
            row = session.execute(
                select(TermDocument, Unit.name, Version)
                .outerjoin(Unit, Unit.id == TermDocument.unit_id)
                .outerjoin(Version, Version.id == TermDocument.current_version_id)
                .where(TermDocument.id == doc_id)
            ).first()
            return _info(*row, with_text=True) if row else None

    def versions(self, doc_id: int) -> list[VersionInfo]:
        """Every version of a document, the newest first (without their texts)."""
        with self._sessions() as session:
            rows = session.scalars(select(Version).where(Version.document_id == doc_id).order_by(Version.number.desc())).all()
            return [_version(v, with_text=False) for v in rows]

    def version(self, doc_id: int, number: int) -> VersionInfo | None:
        with self._sessions() as session:
            row = session.scalar(select(Version).where(Version.document_id == doc_id, Version.number == number))
            return _version(row, with_text=True) if row else None

    def find(self, school: str, period: str) -> int | None:
        """The document of a school for a term, if there is one (the most recent)."""
        with self._sessions() as session:
            return session.scalar(
                select(TermDocument.id).join(Unit, Unit.id == TermDocument.unit_id)
                .where(Unit.name == school, TermDocument.period == period)
                .order_by(TermDocument.id.desc()).limit(1)
            )

    # ---- writing: one transaction each

    def create(self, first: Saved | None = None, previous_id: int | None = None) -> int:
        """A new document, empty or with a first version; its id."""
        with self._begin() as session:
            doc = TermDocument(previous_id=previous_id, version_no=0)
            session.add(doc)
            session.flush()
            if first is not None:
                self._add_version(session, doc, first)
            return doc.id

    def save(self, doc_id: int, saved: Saved, base: int) -> int:
        """A new current version of a document, saved only when the document is still at
        version counter `base` (what the form was loaded from); its number. Raises Conflict
        (nothing written) when another save came first, LookupError when there is no such
        document."""
        with self._begin() as session:
            doc = session.get(TermDocument, doc_id, with_for_update=True)
            if doc is None:
                raise LookupError(doc_id)
            if doc.version_no != base:
                raise Conflict(doc.version_no)
            return self._add_version(session, doc, saved)

    def restore(self, doc_id: int, number: int, base: int) -> int:
        """A new current version with the text of version `number`; its number."""
        with self._begin() as session:
            doc = session.get(TermDocument, doc_id, with_for_update=True)
            old = session.scalar(select(Version).where(Version.document_id == doc_id, Version.number == number))
            if doc is None or old is None:
                raise LookupError(number)
            if doc.version_no != base:
                raise Conflict(doc.version_no)
            school = session.get(Unit, doc.unit_id).name if doc.unit_id else None
            return self._add_version(session, doc, Saved(old.text, f"恢复第 {number} 版", old.errors, old.hints, school, doc.period))

    def _add_version(self, session: Session, doc: TermDocument, saved: Saved) -> int:
        number = (session.scalar(select(func.max(Version.number)).where(Version.document_id == doc.id)) or 0) + 1
        version = Version(document_id=doc.id, number=number, text=saved.text, note=saved.note, author=saved.author,
                          errors=saved.errors, hints=saved.hints)
        session.add(version)
        session.flush()
        # A text that is not valid yet may not say its school or term: the last known ones stay.
        unit_id = self._unit(session, saved.school) if saved.school else doc.unit_id
        # The counter moves only if no other transaction moved it first (checked by the row count).
        moved = session.execute(
            update(TermDocument)
            .where(TermDocument.id == doc.id, TermDocument.version_no == doc.version_no)
            .values(current_version_id=version.id, version_no=doc.version_no + 1, unit_id=unit_id,
                    period=saved.period or doc.period, updated_at=_now())
            .execution_options(synchronize_session=False)
        ).rowcount
        if moved != 1:
            raise Conflict(doc.version_no)
        return number

    def _unit(self, session: Session, name: str) -> int:
        unit_id = session.scalar(select(Unit.id).where(Unit.name == name, Unit.kind == "school").limit(1))
        if unit_id is None:
            unit = Unit(name=name, kind="school")
            session.add(unit)
            session.flush()
            unit_id = unit.id
        return unit_id


def _version(row: Version, with_text: bool) -> VersionInfo:
    return VersionInfo(row.number, row.created_at, row.note, row.errors, row.hints, len(row.text), row.author,
                       row.text if with_text else None)


def _info(doc: TermDocument, school: str | None, version: Version | None, with_text: bool) -> DocumentInfo:
    return DocumentInfo(doc.id, school, doc.period, doc.status, doc.version_no, doc.previous_id, doc.created_at,
                        doc.updated_at, _version(version, with_text) if version is not None else None)
