"""Voices: children and young people in care tell the adults responsible for them what their lives are like."""

__version__ = "0.1.0"
