"""Safeguarding alerts: screen answers as they are saved, queue emails, send them.

- `screening`: run the screen on an answer's free text (never fails the child's page)
- `outbox`: write the alert and its emails in the answer's transaction; escalations
- `messages`: the emails' words (never the child's)
- `mailer`: drain the outbox over SMTP with retries; the app's background task
"""
