"""A bureau's collection of a term's facts: the terms it collects, each school's document for
the term, 提交 and 退回, the board (who is where), and the compiled reports kept.

The board is one query over the bureau's schools (no school's text is read), so that it
answers in the same time for twenty schools and for two thousand.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from .store import DRAFT, RETURNED, SUBMITTED, Compilation, Conflict, Review, Store, Term, TermDocument, Unit, Version

NOT_STARTED, HAS_ERRORS = "未开始", "有错误"
STATES = (NOT_STARTED, DRAFT, HAS_ERRORS, RETURNED, SUBMITTED)  # the board's order


class Refused(Exception):
    """A 提交 or 退回 that cannot be done now (its message is for the user)."""


@dataclass(frozen=True)
class BoardRow:
    unit_id: int
    school: str
    doc_id: int | None
    state: str  # one of STATES
    version: int | None
    saved_at: dt.datetime | None
    author: str | None
    errors: int
    hints: int


@dataclass(frozen=True)
class ReviewInfo:
    action: str
    version_number: int
    comment: str
    author: str | None
    at: dt.datetime


@dataclass(frozen=True)
class CompilationInfo:
    id: int
    period: str
    created_at: dt.datetime
    author: str | None
    schools: int
    missing: tuple[str, ...]
    skipped: int
    title: str


def state_of(status: str | None, version_no: int, errors: int) -> str:
    if status is None or version_no == 0:
        return NOT_STARTED
    if status in (SUBMITTED, RETURNED):
        return status
    return HAS_ERRORS if errors else DRAFT


class Collection:
    def __init__(self, store: Store):
        self.store = store

    # ---- terms

    def open_term(self, bureau_id: int, period: str, author: str) -> None:
        with self.store.writing() as session:
            exists = session.scalar(select(Term.id).where(Term.bureau_id == bureau_id, Term.period == period))
            if exists is None:
                session.add(Term(bureau_id=bureau_id, period=period, opened_by=author))

    def terms(self, bureau_id: int) -> list[str]:
        """The terms the bureau collects, the latest opened first."""
        with self.store.reading() as session:
            return list(session.scalars(select(Term.period).where(Term.bureau_id == bureau_id).order_by(Term.id.desc())))

    # ---- a school's document for a term

    def document_for(self, unit_id: int, period: str) -> int:
        """The school's document for the term, made (empty: the board says 未开始 until the
        school saves) if it has none. Two tabs asking at once get the same one: the unit's row
        is locked."""
        with self.store.writing() as session:
            session.get(Unit, unit_id, with_for_update=True)
            found = session.scalar(select(TermDocument.id).where(TermDocument.unit_id == unit_id, TermDocument.period == period).limit(1))
            if found is not None:
                return found
            doc = TermDocument(unit_id=unit_id, period=period, version_no=0)
            session.add(doc)
            session.flush()
            return doc.id

    def submit(self, doc_id: int, base: int, author: str) -> None:
        """提交: the document, as it is at version counter base (what the school saw), to its
        bureau. Refused when it has errors, is already submitted, or was saved elsewhere since."""
        with self.store.writing() as session:
            doc = session.get(TermDocument, doc_id, with_for_update=True)
            if doc is None:
                raise LookupError(doc_id)
            if doc.status == SUBMITTED:
                raise Refused("这份文档已经提交过了。")
            if doc.version_no != base:
                raise Conflict(doc.version_no)
            version = session.get(Version, doc.current_version_id) if doc.current_version_id else None
            if version is None:
                raise Refused("还没有保存过，不能提交。")
            if version.errors:
                raise Refused(f"还有 {version.errors} 个错误，改正并保存后才能提交。")
            doc.status = SUBMITTED
            session.add(Review(document_id=doc_id, action="提交", version_number=version.number, author=author))

    def give_back(self, doc_id: int, comment: str, author: str) -> None:
        """退回: a submitted document back to its school, with the bureau's comment."""
        comment = comment.strip()
        if not comment:
            raise Refused("请写明退回的原因，学校会看到它。")
        with self.store.writing() as session:
            doc = session.get(TermDocument, doc_id, with_for_update=True)
            if doc is None:
                raise LookupError(doc_id)
            if doc.status != SUBMITTED:
                raise Refused("这份文档不是已提交的状态，不能退回。")
            doc.status = RETURNED
            number = session.scalar(select(Version.number).where(Version.id == doc.current_version_id))
            session.add(Review(document_id=doc_id, action="退回", version_number=number, comment=comment[:2000], author=author))

    def reviews(self, doc_id: int) -> list[ReviewInfo]:
        """Every 提交 and 退回 of a document, the latest first."""
        with self.store.reading() as session:
            rows = session.scalars(select(Review).where(Review.document_id == doc_id).order_by(Review.id.desc())).all()
            return [ReviewInfo(r.action, r.version_number, r.comment, r.author, r.at) for r in rows]

    # ---- the board

    def board(self, bureau_id: int, period: str) -> list[BoardRow]:
        """Each of the bureau's schools, in the order they were added (the bureau's own list),
        with its document for the term (the latest, should there be two) and where it is."""
        with self.store.reading() as session:
            latest = (select(TermDocument.unit_id, func.max(TermDocument.id).label("doc_id"))
                      .where(TermDocument.period == period).group_by(TermDocument.unit_id).subquery())
            rows = session.execute(
                select(Unit.id, Unit.name, TermDocument.id, TermDocument.status, TermDocument.version_no,
                       Version.number, Version.created_at, Version.author, Version.errors, Version.hints)
                .outerjoin(latest, latest.c.unit_id == Unit.id)
                .outerjoin(TermDocument, TermDocument.id == latest.c.doc_id)
                .outerjoin(Version, Version.id == TermDocument.current_version_id)
                .where(Unit.parent_id == bureau_id, Unit.kind == "school")
                .order_by(Unit.id)
            ).all()
        return [BoardRow(unit, name, doc, state_of(status, version_no or 0, errors or 0), number, at, author, errors or 0, hints or 0)
                for unit, name, doc, status, version_no, number, at, author, errors, hints in rows]

    def submitted(self, bureau_id: int, period: str) -> tuple[list[tuple[str, int, str]], list[str]]:
        """The texts to compile, (school, version number, text) of each school that submitted
        for the term, and the names of the schools that did not."""
        with self.store.reading() as session:
            rows = session.execute(
                select(Unit.name, Version.number, Version.text)
                .join(TermDocument, and_(TermDocument.unit_id == Unit.id, TermDocument.period == period,
                                         TermDocument.status == SUBMITTED))
                .join(Version, Version.id == TermDocument.current_version_id)
                .where(Unit.parent_id == bureau_id, Unit.kind == "school").order_by(Unit.id)
            ).all()
            names = session.scalars(select(Unit.name).where(Unit.parent_id == bureau_id, Unit.kind == "school").order_by(Unit.id)).all()
        done = {name for name, _, _ in rows}
        return [tuple(r) for r in rows], [n for n in names if n not in done]

    # ---- compiled reports

    def keep_compilation(self, bureau_id: int, period: str, author: str, title: str, schools: int,
                         missing: list[str], skipped: int, docx: bytes, xlsx: bytes) -> int:
        with self.store.writing() as session:
            row = Compilation(bureau_id=bureau_id, period=period, author=author, title=title, schools=schools,
                              missing="\n".join(missing), skipped=skipped, docx=docx, xlsx=xlsx)
            session.add(row)
            session.flush()
            return row.id

    def compilations(self, bureau_id: int, period: str | None = None) -> list[CompilationInfo]:
        with self.store.reading() as session:
            query = select(Compilation.id, Compilation.period, Compilation.created_at, Compilation.author, Compilation.schools,
                           Compilation.missing, Compilation.skipped, Compilation.title).where(Compilation.bureau_id == bureau_id)
            if period is not None:
                query = query.where(Compilation.period == period)
            rows = session.execute(query.order_by(Compilation.id.desc())).all()
        return [CompilationInfo(i, p, at, a, n, tuple(m.splitlines()) if m else (), s, t) for i, p, at, a, n, m, s, t in rows]

    def compilation_file(self, bureau_id: int, compilation_id: int, kind: str) -> tuple[str, bytes] | None:
        """(title, bytes) of a kept report (kind docx) or workbook (xlsx) of this bureau's."""
        column = Compilation.docx if kind == "docx" else Compilation.xlsx
        with self.store.reading() as session:
            row = session.execute(select(Compilation.title, column).where(
                Compilation.id == compilation_id, Compilation.bureau_id == bureau_id)).first()
        return (row[0], row[1]) if row else None
