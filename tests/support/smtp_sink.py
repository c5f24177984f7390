#!/usr/bin/env python3
"""A small SMTP server on 127.0.0.1 for the alert delivery tests: it accepts
every message and records what arrived, one JSON object a line in --out.

  smtp_sink.py --out FILE [--tls starttls|implicit|none] [--cert PEM --key PEM]
               [--reject-auth]

Prints "port N" on stdout once it listens, then serves until killed.
--tls starttls offers STARTTLS (and upgrades when asked), implicit speaks TLS
from the first byte (smtps), none offers no TLS at all. --reject-auth answers
every AUTH with a 535 that echoes the credentials back, as a careless server
might. Records: {"kind": "message", ...} when a message's DATA ends (written
before the reply, so a client that got its reply finds it), and
{"kind": "session", "starttls": ..., "commands": [...]} when a connection ends.
A message's headers and body are decoded by Python's own e-mail parser, an
independent reader of what gapwatch wrote.
"""
import argparse
import base64
import email.parser
import email.policy
import json
import socketserver
import ssl
import sys
import threading

write_lock = threading.Lock()


def record(path, entry):
    with write_lock, open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")


class Session(socketserver.StreamRequestHandler):
    def setup(self):
        if self.server.options.tls == "implicit":
            self.request = self.server.context.wrap_socket(self.request, server_side=True)
        super().setup()
        self.tls = self.server.options.tls == "implicit"
        self.starttls = False
        self.commands = []
        self.auth = None
        self.mail_from = None
        self.rcpt_to = []

    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def read_line(self):
        line = self.rfile.readline()
        if not line:
            raise EOFError
        return line.rstrip(b"\r\n")

    def handle(self):
        options = self.server.options
        try:
            self.reply("220 127.0.0.1 gapwatch test sink")
            while True:
                line = self.read_line().decode("utf-8", "replace")
                verb, _, argument = line.partition(" ")
                verb = verb.upper()
                self.commands.append(verb)
                if verb in ("EHLO", "HELO"):
                    extensions = ["127.0.0.1", "AUTH PLAIN", "8BITMIME"]
                    if options.tls == "starttls" and not self.tls:
                        extensions.append("STARTTLS")
                    for extension in extensions[:-1]:
                        self.reply("250-" + extension)
                    self.reply("250 " + extensions[-1])
                elif verb == "STARTTLS" and options.tls == "starttls" and not self.tls:
                    self.reply("220 ready to start TLS")
                    self.connection = self.server.context.wrap_socket(self.connection, server_side=True)
                    self.request = self.connection
                    self.rfile = self.connection.makefile("rb")
                    self.wfile = self.connection.makefile("wb")
                    self.tls = self.starttls = True
                elif verb == "AUTH":
                    mechanism, _, initial = argument.partition(" ")
                    if mechanism.upper() != "PLAIN":
                        self.reply("504 only PLAIN")
                        continue
                    if not initial:
                        self.reply("334 ")
                        initial = self.read_line().decode()
                    _, username, password = base64.b64decode(initial).decode("utf-8").split("\0")
                    self.auth = {"mechanism": "PLAIN", "username": username, "password": password,
                                 "tls": self.tls}
                    if options.reject_auth:
                        self.reply(f"535 5.7.8 no such user {username} with password {password}")
                    else:
                        self.reply("235 2.7.0 accepted")
                elif verb == "MAIL":
                    self.mail_from = argument.partition(":")[2].split(" ")[0]
                    self.rcpt_to = []
                    self.reply("250 OK")
                elif verb == "RCPT":
                    self.rcpt_to.append(argument.partition(":")[2].split(" ")[0])
                    self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 end with <CRLF>.<CRLF>")
                    self.receive_message()
                    self.reply("250 OK queued")
                elif verb in ("RSET", "NOOP"):
                    self.reply("250 OK")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("502 not implemented")
        except (EOFError, ConnectionError, ssl.SSLError):
            return
        finally:
            record(options.out, {"kind": "session", "starttls": self.starttls, "commands": self.commands})

    def receive_message(self):
        lines = []
        while True:
            line = self.read_line()
            if line == b".":
                break
            lines.append(line[1:] if line.startswith(b".") else line)
        data = b"\r\n".join(lines) + b"\r\n"
        message = email.parser.BytesParser(policy=email.policy.default).parsebytes(data)
        record(self.server.options.out, {
            "kind": "message",
            "tls": self.tls,
            "starttls": self.starttls,
            "auth": self.auth,
            "mail_from": self.mail_from,
            "rcpt_to": self.rcpt_to,
            "raw": data.decode("utf-8", "replace"),
            "header_names": list(message.keys()),
            "headers": {name: str(value) for name, value in message.items()},
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            "body": message.get_content().replace("\r\n", "\n"),
        })


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--tls", choices=["starttls", "implicit", "none"], default="starttls")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--reject-auth", action="store_true")
    options = parser.parse_args()
    server = Server(("127.0.0.1", 0), Session)
    server.options = options
    if options.tls != "none":
        server.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.context.load_cert_chain(options.cert, options.key)
    print("port", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
