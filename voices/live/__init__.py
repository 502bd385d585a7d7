"""Live group sessions: a worker's room of phones, or one tablet passed round (pure rules for
results, charts, pace, phones and kiosks, and the session queries)."""
