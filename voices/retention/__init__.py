"""Retention: what is kept, for how long, `voices purge`, and backups."""
