"""compile, the pure half: many schools' rows → one bureau report context (BureauReport).

rows: one school's facts folded into a SchoolRow; grouping: similar texts across schools;
totals: bureau-wide sums; report: the context the template words. Reading the files is the
pipeline's (pipeline/collect.py).
"""
from houqin_report.report.bureau.grouping import SIMILARITY, Group, content_words, group_texts, third_person
from houqin_report.report.bureau.report import BureauArea, BureauReport, build_bureau_report
from houqin_report.report.bureau.rows import Collection, SchoolRow, Skipped, fold
from houqin_report.report.bureau.totals import CHANNELS, HAZARD_CATEGORIES, PROJECT_STATES, TRAINING_TYPES

__all__ = [
    "SIMILARITY", "Group", "content_words", "group_texts", "third_person",
    "BureauArea", "BureauReport", "build_bureau_report",
    "Collection", "SchoolRow", "Skipped", "fold",
    "CHANNELS", "HAZARD_CATEGORIES", "PROJECT_STATES", "TRAINING_TYPES",
]
