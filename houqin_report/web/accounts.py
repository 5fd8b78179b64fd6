"""Accounts of a bureau's collection: the bureau's administrator and its schools, sign-in with
a rate limit, and sessions that expire.

- Passwords are kept as argon2id hashes (argon2-cffi, OWASP's parameters: 19 MiB, 2 passes),
  never as text; a school's first password is made here, shown once to the administrator.
- Sign-in: a wrong user name and a wrong password get the same answer in the same time (a
  hash is checked either way). After MAX_FAILURES failed attempts for one user name within
  WINDOW (or MAX_ADDRESS_FAILURES from one address), further attempts are refused, even with
  the right password, until the oldest failure is older than WINDOW. Kept in the store, so a
  restart does not reset it and several server processes share it.
- A session is a random token in a cookie; the store keeps only its SHA-256. It ends after
  IDLE without a request, and after LONGEST in all, whatever the activity.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from .store import LoginAttempt, LoginSession, Store, Unit, User, _now

IDLE = dt.timedelta(hours=2)
LONGEST = dt.timedelta(hours=12)
SEEN_EVERY = dt.timedelta(minutes=1)  # seen_at is written at most this often
WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 30
MIN_PASSWORD = 8
MAX_NAME = 100
BUREAU, SCHOOL = "bureau", "school"
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a sheet of paper


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def password_matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    """A first password: 12 letters and digits in three groups (about 59 bits)."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_hex(8)))
    return _DUMMY[0]


class AccountError(Exception):
    """An account that cannot be made or used as asked (its message is for the user)."""


class SignInRefused(Exception):
    """Sign-in refused (its message is for the user, and says nothing of which part was wrong)."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str  # bureau | school
    unit_id: int
    unit_name: str
    bureau_id: int  # the bureau's unit: its own for an administrator, its parent for a school
    bureau_name: str

    @property
    def is_bureau(self) -> bool:
        return self.role == BUREAU


@dataclass(frozen=True)
class NewSchool:
    name: str
    username: str
    password: str | None  # None: the school already had an account (not changed)
    unit_id: int


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean_name(raw: str) -> str:
    name = " ".join(str(raw).split())
    if not name:
        raise AccountError("名称不能为空。")
    if len(name) > MAX_NAME:
        raise AccountError(f"名称过长（{len(name)} 个字），应在 {MAX_NAME} 个字以内：{name[:20]}…")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise AccountError("名称中有控制字符。")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符。")


class Accounts:
    def __init__(self, store: Store):
        self.store = store

    # ---- the bureau and its schools

    def bureau_exists(self) -> bool:
        """Whether this store is a bureau's: then every page needs a signed-in account."""
        with self.store.reading() as session:
            return session.scalar(select(func.count(User.id))) > 0

    def create_bureau(self, name: str, username: str, password: str) -> Account:
        """The bureau (a unit) and its administrator's account; a second administrator for an
        existing bureau of that name."""
        name, username = clean_name(name), clean_name(username)
        check_password(password)
        hashed = hash_password(password)
        with self.store.writing() as session:
            if session.scalar(select(User.id).where(User.username == username)) is not None:
                raise AccountError(f"用户名“{username}”已有人用。")
            unit = session.scalar(select(Unit).where(Unit.name == name, Unit.kind == BUREAU))
            if unit is None:
                unit = Unit(name=name, kind=BUREAU)
                session.add(unit)
                session.flush()
            user = User(username=username, password_hash=hashed, role=BUREAU, unit_id=unit.id)
            session.add(user)
            session.flush()
            return Account(user.id, username, BUREAU, unit.id, name, unit.id, name)

    def add_schools(self, bureau_id: int, names: list[str]) -> list[NewSchool]:
        """An account for each school named (its user name is its name, its first password
        new); a school the bureau already has keeps its account (password None)."""
        cleaned: list[str] = []
        for raw in names:
            name = clean_name(raw)
            if name not in cleaned:
                cleaned.append(name)
        if not cleaned:
            raise AccountError("没有学校名称：每行写一所学校。")
        with self.store.reading() as session:
            existing = dict(session.execute(select(Unit.name, Unit.id).where(Unit.parent_id == bureau_id, Unit.kind == SCHOOL)).all())
            taken = set(session.scalars(select(User.username).where(User.username.in_(cleaned))))
        clash = [n for n in cleaned if n not in existing and n in taken]
        if clash:
            raise AccountError("这些名称已被其他账号用作用户名：" + "、".join(clash[:10]) + "。")
        passwords = {n: new_password() for n in cleaned if n not in existing}
        # Outside the transaction (about 25 ms each, by design: 2,000 schools take a minute).
        hashes = {n: hash_password(p) for n, p in passwords.items()}
        out: list[NewSchool] = []
        with self.store.writing() as session:
            for name in cleaned:
                if name in existing:
                    out.append(NewSchool(name, name, None, existing[name]))
                    continue
                unit = Unit(name=name, kind=SCHOOL, parent_id=bureau_id)
                session.add(unit)
                session.flush()
                session.add(User(username=name, password_hash=hashes[name], role=SCHOOL, unit_id=unit.id))
                out.append(NewSchool(name, name, passwords[name], unit.id))
        return out

    def reset_password(self, bureau_id: int, unit_id: int) -> tuple[str, str]:
        """A new first password for one of the bureau's schools (its sessions end); (user name,
        password). LookupError when the school is not the bureau's."""
        password = new_password()
        hashed = hash_password(password)
        with self.store.writing() as session:
            user = session.scalar(select(User).join(Unit, Unit.id == User.unit_id)
                                  .where(User.unit_id == unit_id, Unit.parent_id == bureau_id, User.role == SCHOOL))
            if user is None:
                raise LookupError(unit_id)
            user.password_hash, user.password_set_at = hashed, _now()
            session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
            return user.username, password

    def change_password(self, account: Account, old: str, new: str, keep_token: str | None = None) -> None:
        """The account's own change; its other sessions end (keep_token's stays)."""
        check_password(new)
        with self.store.reading() as session:
            stored = session.get(User, account.id).password_hash
        if not password_matches(stored, old):
            raise AccountError("原密码不对。")
        hashed = hash_password(new)
        with self.store.writing() as session:
            user = session.get(User, account.id)
            user.password_hash, user.password_set_at = hashed, _now()
            query = delete(LoginSession).where(LoginSession.user_id == account.id)
            if keep_token:
                query = query.where(LoginSession.id != _token_id(keep_token))
            session.execute(query)

    def schools(self, bureau_id: int) -> list[tuple[int, str]]:
        with self.store.reading() as session:
            return [tuple(r) for r in session.execute(
                select(Unit.id, Unit.name).where(Unit.parent_id == bureau_id, Unit.kind == SCHOOL).order_by(Unit.id)).all()]

    # ---- signing in

    def sign_in(self, username: str, password: str, address: str, now: dt.datetime | None = None) -> str:
        """A new session's token, or SignInRefused."""
        now = now or _now()
        username = " ".join(username.split())[:200]
        since = now - WINDOW
        with self.store.reading() as session:
            last_ok = session.scalar(select(func.max(LoginAttempt.at)).where(LoginAttempt.username == username, LoginAttempt.ok))
            floor = max(since, last_ok) if last_ok else since
            by_name = session.scalar(select(func.count(LoginAttempt.id)).where(
                LoginAttempt.username == username, ~LoginAttempt.ok, LoginAttempt.at > floor))
            by_address = session.scalar(select(func.count(LoginAttempt.id)).where(
                LoginAttempt.address == address, ~LoginAttempt.ok, LoginAttempt.at > since))
            user = session.scalar(select(User).where(User.username == username))
        if by_name >= MAX_FAILURES or by_address >= MAX_ADDRESS_FAILURES:
            raise SignInRefused(f"登录失败次数过多，请 {WINDOW.seconds // 60} 分钟后再试。")
        ok = password_matches(user.password_hash if user else _dummy_hash(), password) and user is not None
        token = secrets.token_urlsafe(32)
        with self.store.writing() as session:
            session.add(LoginAttempt(username=username, address=address[:64], at=now, ok=ok))
            session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - dt.timedelta(days=1)))
            if ok:
                session.add(LoginSession(id=_token_id(token), user_id=user.id, created_at=now, seen_at=now))
                session.execute(delete(LoginSession).where(LoginSession.seen_at < now - LONGEST))
        if not ok:
            raise SignInRefused("用户名或密码不对。")
        return token

    def account(self, token: str | None, now: dt.datetime | None = None) -> Account | None:
        """The account a session token is signed in as, or None (no such session, or expired)."""
        if not token or len(token) > 100:
            return None
        now = now or _now()
        token_id = _token_id(token)
        with self.store.reading() as session:
            row = session.execute(select(LoginSession, User, Unit).join(User, User.id == LoginSession.user_id)
                                  .join(Unit, Unit.id == User.unit_id).where(LoginSession.id == token_id)).first()
            if row is None:
                return None
            login, user, unit = row
            bureau = unit if user.role == BUREAU else session.get(Unit, unit.parent_id)
        if now - login.seen_at > IDLE or now - login.created_at > LONGEST:
            self.sign_out(token)
            return None
        if now - login.seen_at > SEEN_EVERY:
            with self.store.writing() as session:
                found = session.get(LoginSession, token_id)
                if found is not None:
                    found.seen_at = now
        return Account(user.id, user.username, user.role, unit.id, unit.name, bureau.id, bureau.name)

    def sign_out(self, token: str | None) -> None:
        if token:
            with self.store.writing() as session:
                session.execute(delete(LoginSession).where(LoginSession.id == _token_id(token)))
