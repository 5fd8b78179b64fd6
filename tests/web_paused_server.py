"""`houqin serve`, with a pause inside a save's transaction: after the new version's row and
the document's update have been written, before they are committed. Used by
test_web_process.py to kill the server there. The pause is installed from outside (a
SQLAlchemy session event), so the server is otherwise the real one, unchanged.

Environment: HOUQIN_TEST_MARKER, a file written when the pause begins; HOUQIN_TEST_SKIP, the
number of saves to let through first.
"""
import os
import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from houqin_report.cli import main  # noqa: E402
from houqin_report.web.store import Version  # noqa: E402

marker = Path(os.environ["HOUQIN_TEST_MARKER"])
skip = [int(os.environ.get("HOUQIN_TEST_SKIP", "0"))]


@event.listens_for(Session, "after_flush")
def _writing_a_version(session, context):
    if any(isinstance(obj, Version) for obj in session.new):
        session.info["version"] = True


@event.listens_for(Session, "before_commit")
def _pause(session):
    if session.info.pop("version", False):
        if skip[0] > 0:
            skip[0] -= 1
            return
        marker.write_text("in the middle of a save", encoding="utf-8")
        time.sleep(600)


main()
