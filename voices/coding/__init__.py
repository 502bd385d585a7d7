"""Thematic coding: codebooks (frameworks), theme suggestions, sentiment, safeguarding signals.

Pure functions over plain objects: no HTTP, no database.
"""
