"""Exports of one consultation: CSV, XLSX and JSON (pure row building and writers).

- cells.py     formula neutralisation (OWASP CSV injection) and pseudonymous respondent ids
- answers.py   one row per answer, for staff with answer access (the worker role)
- source.py    reads answers from the database in batches of responses (memory stays flat)
- tables.py    aggregated findings tables (suppressed for viewers), from voices.findings.view
- writers.py   CSV and JSON as streams of bytes, XLSX (openpyxl write-only) into a temp file

Nothing here knows about HTTP; voices.staff.exports serves these and audits every export.
"""
