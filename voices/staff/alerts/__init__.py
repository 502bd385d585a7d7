"""The safeguarding lead's alert pages: the queue, one alert in context, and its actions."""
