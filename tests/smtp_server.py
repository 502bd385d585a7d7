"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives."""

from __future__ import annotations

import email
import time
from email.message import Message

from aiosmtpd.controller import Controller

from tests.helpers import free_port


class Inbox:
    """Collects what the server receives: the envelope and the parsed message."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], Message, str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.content.decode("utf-8", "replace")
        self.received.append((list(envelope.rcpt_tos), email.message_from_string(raw), raw))
        return "250 OK"

    def wait_for(self, count: int, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(self.received) >= count


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.inbox = Inbox()
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()
