"""A small, real SMTP server for the tests of the mail tasks (docs/adr/0031).

It listens on 127.0.0.1 on a free port in a thread of its own and speaks just enough SMTP
for `smtplib` (and so Django's SMTP backend): it keeps the messages it accepts, refuses the
recipients it is told to refuse (550, as a server that does not know the address), or says
nothing at all (`silent`: accepts the connection, never greets), as a stuck mail server does.

    with SMTPServer(refuse={"a@example.test"}) as server:
        server.use(settings)          # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_TIMEOUT
        ...
        assert server.recipients() == ["b@example.test"]
"""

import socketserver
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class _State:
    refuse: set[str]
    silent: bool
    on_connect: Callable[[], None] | None
    messages: list[Received] = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _address(argument: str) -> str:
    """`TO:<a@b>` / `FROM:<a@b> SIZE=…` → `a@b`."""
    inside = argument.split(":", 1)[1].strip()
    return inside.split(">", 1)[0].lstrip("<").strip().lower()


class _Handler(socketserver.StreamRequestHandler):
    server: "_Server"

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        state = self.server.state
        with state.lock:
            state.connections += 1
        if state.on_connect is not None:
            state.on_connect()
        if state.silent:
            # Never greet: the client waits for its timeout, then closes (EOF here).
            while self.rfile.readline():
                pass
            return
        self.reply("220 localhost test SMTP")
        sender, recipients = "", []
        while line := self.rfile.readline():
            command, _, argument = line.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
            verb = command.upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb == "MAIL":
                sender, recipients = _address(argument), []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = _address(argument)
                if address in state.refuse:
                    self.reply(f"550 5.1.1 <{address}>: recipient unknown")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                with state.lock:
                    state.messages.append(Received(sender, list(recipients), data))
                self.reply("250 OK queued")
            elif verb == "RSET":
                sender, recipients = "", []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    state: _State


class SMTPServer:
    """A real SMTP server in a thread (see the module's docstring). `on_connect` runs in the
    server's thread for every connection, before anything is answered."""

    def __init__(
        self,
        *,
        refuse: Iterable[str] = (),
        silent: bool = False,
        on_connect: Callable[[], None] | None = None,
    ) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = _State({a.lower() for a in refuse}, silent, on_connect)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def connections(self) -> int:
        return self._server.state.connections

    @property
    def messages(self) -> list[Received]:
        return list(self._server.state.messages)

    def recipients(self) -> list[str]:
        """Every address a message was accepted for, in order."""
        return [r for m in self.messages for r in m.recipients]

    def refuse(self, *addresses: str) -> None:
        self._server.state.refuse = {a.lower() for a in addresses}

    def use(self, settings: Any, *, timeout: float = 2) -> None:
        """Point Django's real SMTP backend at this server."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_TIMEOUT = timeout
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""

    def __enter__(self) -> "SMTPServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
