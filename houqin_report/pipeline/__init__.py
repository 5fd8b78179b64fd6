"""pipeline: the one conductor. Every front end (the CLI, the web app) makes one call here per
thing a user asks, and the call runs the stages in their one order:

    read and check (facts/, lint/)  →  compute (report/)  →  outline (outline/)  →  write (writers/)

- school.summary / school.plan: one school's documents; school.summaries: many at once;
- bureau.compile_bureau: a bureau's compiled report and workbook;
- check.check_files: `check` of many files on all cores.
Options say how a document is made, Target where it goes, and Events hears what happens
(findings, files written), so that each front end shows it its own way.
"""
