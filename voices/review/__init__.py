"""Reviewing what children said: the engine's stored suggestions, people's codes, quotes."""
