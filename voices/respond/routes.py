"""The respondent journey's URL table. Question ids are survey ids, never free text."""

from starlette.routing import Route

from voices.live import kiosk_pages, waiting
from voices.respond import answering, pages, privacy, resuming

routes = [
    Route("/", pages.home, name="home"),
    Route("/join", pages.join, methods=["POST"], name="join"),
    Route("/c/{code}", pages.welcome, name="welcome"),
    Route("/c/{code}/privacy", privacy.privacy, name="privacy"),
    Route("/c/{code}/start", pages.start, methods=["POST"], name="start"),
    Route("/c/{code}/afresh", pages.afresh, methods=["POST"], name="afresh"),
    Route("/c/{code}/continue", pages.resume_here, name="resume_here"),
    Route("/c/{code}/q/{question_id}", answering.question, name="question"),
    Route("/c/{code}/q/{question_id}", answering.answer, methods=["POST"], name="answer"),
    Route("/c/{code}/check", answering.check, name="check"),
    Route("/c/{code}/submit", answering.submit, methods=["POST"], name="submit"),
    Route("/c/{code}/thanks", answering.thanks, name="thanks"),
    Route("/c/{code}/save", resuming.save, methods=["GET", "POST"], name="save"),
    Route("/c/{code}/resume", resuming.resume, methods=["GET", "POST"], name="resume"),
    # Live sessions: a presenter-paced phone's waiting page, and kiosk mode.
    Route("/c/{code}/wait", waiting.wait, name="wait"),
    Route("/c/{code}/wait/poll", waiting.poll, name="wait_poll"),
    Route("/c/{code}/still-there", kiosk_pages.still_there, name="kiosk_still_there"),
    Route("/c/{code}/clear", kiosk_pages.clear, name="kiosk_clear"),
]
