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

A bureau's collection (issue 18; schema version 2) adds: users (an account of a bureau's
administrator or of a school, its argon2 hash), login_sessions (a signed-in browser: the
SHA-256 of its cookie, when it began and was last seen), login_attempts (for the rate limit of
sign-in), terms (the terms a bureau collects), reviews (each 提交 and 退回, with who, when,
which version and the comment) and compilations (each compiled report and workbook, kept).
A school's documents are pinned to its unit: what its text says as 学校 does not move them.

Every change is one transaction: a server killed in the middle of a save leaves the store as
it was after the last completed one. SQLite runs in WAL mode with full sync.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, create_engine, event, func, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool

DRAFT = "填写中"
SUBMITTED = "已提交"  # a school's document sent to its bureau: read-only until returned
RETURNED = "已退回"
SCHEMA_VERSION = 2  # in settings: a later version of these tables migrates from what it finds
# What each version added. 1 → 2 only adds tables, which create_all makes; a change to an
# existing table would be done here, in order, before the version is written.
MIGRATIONS: dict[int, str] = {2: "账号、登录、征集学期、提交与退回、汇总结果（新表）"}


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


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))  # bureau | school
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    password_set_at: Mapped[dt.datetime] = mapped_column(default=_now)


class LoginSession(Base):
    __tablename__ = "login_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie: a stolen table opens nothing
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    seen_at: Mapped[dt.datetime] = mapped_column(default=_now)


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=_now, index=True)
    ok: Mapped[bool] = mapped_column(default=False)


class Term(Base):
    __tablename__ = "terms"
    __table_args__ = (UniqueConstraint("bureau_id", "period", name="uq_terms_bureau_period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    period: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[dt.datetime] = mapped_column(default=_now)
    opened_by: Mapped[str | None] = mapped_column(String(200))


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # 提交 | 退回
    version_number: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(default=_now)


class Compilation(Base):
    __tablename__ = "compilations"
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    period: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    author: Mapped[str | None] = mapped_column(String(200))
    schools: Mapped[int] = mapped_column(Integer)
    missing: Mapped[str] = mapped_column(Text, default="")  # the schools named missing, one a line
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    docx: Mapped[bytes] = mapped_column(LargeBinary)
    xlsx: Mapped[bytes] = mapped_column(LargeBinary)


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
    unit_id: int | None = None  # the school's unit: whose document it is
    bureau_id: int | None = None  # the bureau of that school (None outside a bureau's collection)


class StoreError(Exception):
    """The store cannot be used (its message is for the user)."""


class Locked(Exception):
    """A change to a document that was submitted and not returned (its message is for the user)."""


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
        if found < SCHEMA_VERSION:  # the new tables are made by create_all above
            with self._begin() as session:
                session.get(Setting, "schema_version").value = str(SCHEMA_VERSION)

    def close(self) -> None:
        self.engine.dispose()

    def _begin(self):
        """A writing transaction: committed at the end of the with block, else rolled back."""
        return self._writes.begin()

    # For the modules beside this one that keep their own tables here (accounts, collection).
    writing = _begin

    def reading(self) -> Session:
        return self._sessions()

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

    def documents(self, unit_id: int | None = None) -> list[DocumentInfo]:
        """Every document (of one unit, when given), the most recently saved first, with its
        current version (no text)."""
        with self._sessions() as session:
            query = (select(TermDocument, Unit.name, Version, Unit.parent_id)
                     .outerjoin(Unit, Unit.id == TermDocument.unit_id)
                     .outerjoin(Version, Version.id == TermDocument.current_version_id)
                     .order_by(TermDocument.updated_at.desc(), TermDocument.id.desc()))
            if unit_id is not None:
                query = query.where(TermDocument.unit_id == unit_id)
            rows = session.execute(query).all()
            return [_info(doc, name, version, parent, with_text=False) for doc, name, version, parent in rows]

    def document(self, doc_id: int) -> DocumentInfo | None:
        """One document with its current version's text, or None."""
        with self._sessions() as session:
            row = session.execute(
                select(TermDocument, Unit.name, Version, Unit.parent_id)
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

    def find(self, school: str | None, period: str, unit_id: int | None = None) -> int | None:
        """The document of a school (by name, or by its unit) for a term, if there is one (the
        most recent)."""
        with self._sessions() as session:
            query = select(TermDocument.id).join(Unit, Unit.id == TermDocument.unit_id).where(TermDocument.period == period)
            query = query.where(TermDocument.unit_id == unit_id) if unit_id is not None else query.where(Unit.name == school)
            return session.scalar(query.order_by(TermDocument.id.desc()).limit(1))

    # ---- writing: one transaction each

    def create(self, first: Saved | None = None, previous_id: int | None = None, unit_id: int | None = None,
               period: str | None = None) -> int:
        """A new document, empty or with a first version; its id. unit_id: a school account's
        unit, which the document keeps (pinned)."""
        with self._begin() as session:
            doc = TermDocument(previous_id=previous_id, version_no=0, unit_id=unit_id, period=period)
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
            _unlocked(doc)
            if doc.version_no != base:
                raise Conflict(doc.version_no)
            return self._add_version(session, doc, saved)

    def restore(self, doc_id: int, number: int, base: int, author: str | None = None) -> int:
        """A new current version with the text of version `number`; its number."""
        with self._begin() as session:
            doc = session.get(TermDocument, doc_id, with_for_update=True)
            old = session.scalar(select(Version).where(Version.document_id == doc_id, Version.number == number))
            if doc is None or old is None:
                raise LookupError(number)
            _unlocked(doc)
            if doc.version_no != base:
                raise Conflict(doc.version_no)
            school = session.get(Unit, doc.unit_id).name if doc.unit_id else None
            return self._add_version(session, doc, Saved(old.text, f"恢复第 {number} 版", old.errors, old.hints, school, doc.period, author))

    def _add_version(self, session: Session, doc: TermDocument, saved: Saved) -> int:
        number = (session.scalar(select(func.max(Version.number)).where(Version.document_id == doc.id)) or 0) + 1
        version = Version(document_id=doc.id, number=number, text=saved.text, note=saved.note, author=saved.author,
                          errors=saved.errors, hints=saved.hints)
        session.add(version)
        session.flush()
        # A text that is not valid yet may not say its school or term: the last known ones stay.
        # A school account's document stays with its unit and term whatever the text says
        # (the check says so instead: web/pins.py).
        pinned = doc.unit_id is not None and session.scalar(select(Unit.parent_id).where(Unit.id == doc.unit_id)) is not None
        unit_id = doc.unit_id if pinned else self._unit(session, saved.school) if saved.school else doc.unit_id
        period = (doc.period or saved.period) if pinned else (saved.period or doc.period)
        # The counter moves only if no other transaction moved it first (checked by the row count).
        moved = session.execute(
            update(TermDocument)
            .where(TermDocument.id == doc.id, TermDocument.version_no == doc.version_no)
            .values(current_version_id=version.id, version_no=doc.version_no + 1, unit_id=unit_id,
                    period=period, updated_at=_now())
            .execution_options(synchronize_session=False)
        ).rowcount
        if moved != 1:
            raise Conflict(doc.version_no)
        return number

    def _unit(self, session: Session, name: str) -> int:
        # Only units without a bureau: a bureau's schools are reached through their accounts.
        unit_id = session.scalar(select(Unit.id).where(Unit.name == name, Unit.kind == "school", Unit.parent_id.is_(None)).limit(1))
        if unit_id is None:
            unit = Unit(name=name, kind="school")
            session.add(unit)
            session.flush()
            unit_id = unit.id
        return unit_id


def _unlocked(doc: TermDocument) -> None:
    if doc.status == SUBMITTED:
        raise Locked("这份文档已提交给教育局，不能再修改；需要修改时请联系教育局退回。")


def _version(row: Version, with_text: bool) -> VersionInfo:
    return VersionInfo(row.number, row.created_at, row.note, row.errors, row.hints, len(row.text), row.author,
                       row.text if with_text else None)


def _info(doc: TermDocument, school: str | None, version: Version | None, bureau_id: int | None, with_text: bool) -> DocumentInfo:
    return DocumentInfo(doc.id, school, doc.period, doc.status, doc.version_no, doc.previous_id, doc.created_at,
                        doc.updated_at, _version(version, with_text) if version is not None else None, doc.unit_id, bureau_id)
