"""REFI-QDA downloads and the codebook import page (see voices/findings/refi)."""
