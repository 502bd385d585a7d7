"""The young person's journey: join, welcome, one question a page, check, submit, thank you."""
