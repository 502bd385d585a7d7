"""Live group sessions: a worker's room of phones, or one tablet passed round."""
