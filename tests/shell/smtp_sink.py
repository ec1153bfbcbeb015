"""A local SMTP server for the invitation tests: stores every message it accepts as
DIR/NNN.eml, with the envelope (MAIL FROM, RCPT TO) and the AUTH login it came with in
DIR/NNN.json. With --user/--password it requires AUTH LOGIN/PLAIN with exactly those (no TLS:
loopback only). Prints "listening on PORT" (flushed) once ready and runs until killed.

Usage: smtp_sink.py DIR [--user U --password P] [--reject-rcpt ADDR]"""
import argparse
import json
import logging
import os
import socket
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, reject):
        self.folder = folder
        self.reject = reject

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count = len([f for f in os.listdir(self.folder) if f.endswith(".eml")]) + 1
        stem = os.path.join(self.folder, "%03d" % self.count)
        with open(stem + ".eml", "wb") as f:
            f.write(envelope.original_content)
        login = getattr(session, "sink_login", None)
        with open(stem + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "login": login}, f)
        return "250 OK stored"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--reject-rcpt")
    args = ap.parse_args()
    warnings.simplefilter("ignore")  # AUTH without TLS is the point here: loopback only
    logging.disable(logging.WARNING)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        if ok:
            session.sink_login = args.user
        return AuthResult(success=ok)

    kwargs = {}
    if args.user:
        kwargs = dict(authenticator=authenticate, auth_required=True, auth_require_tls=False)
    port = free_port()
    controller = Controller(Sink(args.folder, args.reject_rcpt), hostname="127.0.0.1", port=port,
                            **kwargs)
    controller.start()
    print("listening on %d" % port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
