"""Live group sessions: pure rules (results, charts, pace, note forms) and the session queries."""
