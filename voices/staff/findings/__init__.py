"""Staff findings pages: the findings of a consultation, its rounds, the board report, and the
organisation's disclosure threshold."""
