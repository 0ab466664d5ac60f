"""Built-in senders for demos and development: the code goes to the terminal or the log."""

import logging
import sys
from typing import TextIO

from helpline.phone import mask_phone

log = logging.getLogger(__name__)


class ConsoleOtpSender:
    """Prints the code on a stream (stderr by default), as a phone would show the SMS."""

    def __init__(self, *, stream: TextIO | None = None) -> None:
        self._stream = stream

    def send(self, phone: str, code: str) -> None:
        stream = self._stream or sys.stderr
        print(f"[SMS to {mask_phone(phone)}] Aapka verification code {code} hai.", file=stream)
        stream.flush()


class LogOtpSender:
    """Writes the code to the application log: for test deployments without an SMS gateway."""

    def send(self, phone: str, code: str) -> None:
        # The code is logged on purpose: this sender exists for environments without SMS.
        log.warning("otp code issued", extra={"phone": mask_phone(phone), "otp_code": code})
