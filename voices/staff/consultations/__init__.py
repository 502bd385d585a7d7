"""Consultations for workers: create, share, edit, close, progress and reading answers."""
