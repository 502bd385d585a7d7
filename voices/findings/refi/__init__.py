"""REFI-QDA interchange: carry a consultation on in NVivo, ATLAS.ti, MAXQDA or QualCoder.

- ids.py       GUIDs (codes: public and stable; sources, users: keyed by the server secret),
               pseudonymous respondent names, dates and XML-safe text
- xmlout.py    a small streaming XML writer (stdlib XMLGenerator): nothing is held in memory
- codebook.py  a framework as a `.qdc` codebook (REFI-QDA Codebook Exchange 1.0), and the
               code tree a `.qdpx` project shares with it (same GUIDs in both)
- project.py   a `.qdpx` project (REFI-QDA Project Exchange 1.0) from plain records
- source.py    the records from the database: free text of submitted, not-held answers and
               group notes, with their agreed (reviewed) codes only
- qdc_import.py  a `.qdc` codebook read safely (defusedxml, size limits) into framework YAML,
               checked by voices.coding.codebook's own loader

The schemas these files are tested against are in tests/data/refi/ (see its README).
"""
