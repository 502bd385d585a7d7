"""The respondent journey's URL table. Question ids are survey ids, never free text."""

from starlette.routing import Route

from voices.respond import answering, pages

routes = [
    Route("/", pages.home, name="home"),
    Route("/join", pages.join, methods=["POST"], name="join"),
    Route("/c/{code}", pages.welcome, name="welcome"),
    Route("/c/{code}/start", pages.start, methods=["POST"], name="start"),
    Route("/c/{code}/afresh", pages.afresh, methods=["POST"], name="afresh"),
    Route("/c/{code}/continue", pages.resume_here, name="resume_here"),
    Route("/c/{code}/q/{question_id}", answering.question, name="question"),
    Route("/c/{code}/q/{question_id}", answering.answer, methods=["POST"], name="answer"),
    Route("/c/{code}/check", answering.check, name="check"),
    Route("/c/{code}/submit", answering.submit, methods=["POST"], name="submit"),
    Route("/c/{code}/thanks", answering.thanks, name="thanks"),
    Route("/c/{code}/save", answering.save, methods=["GET", "POST"], name="save"),
    Route("/c/{code}/resume", answering.resume, methods=["GET", "POST"], name="resume"),
]
