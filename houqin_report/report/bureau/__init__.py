"""compile, the pure half: many schools' rows → one bureau report context (BureauReport).

rows: one school's facts (and a bureau's own) folded; names: how schools and the bureau are
named; grouping: texts gathered without merging different words, quotes chosen fairly; totals:
bureau-wide sums; notable: what is named rather than summed; tables: the report's tables;
report: the context the template words; rollup: the machine-readable roll-up, written and read
back. Reading the files is the pipeline's (pipeline/collect.py).
"""
from houqin_report.report.bureau.grouping import Fairness, Said, Theme, merge, themes
from houqin_report.report.bureau.names import third_person
from houqin_report.report.bureau.report import BureauArea, BureauReport, build_bureau_report
from houqin_report.report.bureau.rows import BureauOwn, Collection, SchoolRow, Skipped, fold, fold_bureau
from houqin_report.report.bureau.totals import CHANNELS, HAZARD_CATEGORIES, TRAINING_TYPES
from houqin_report.report.figures import PROJECT_STATES

__all__ = [
    "Fairness", "Said", "Theme", "merge", "themes", "third_person",
    "BureauArea", "BureauReport", "build_bureau_report",
    "BureauOwn", "Collection", "SchoolRow", "Skipped", "fold", "fold_bureau",
    "CHANNELS", "HAZARD_CATEGORIES", "PROJECT_STATES", "TRAINING_TYPES",
]
