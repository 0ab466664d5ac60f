"""The OTP sender contract and the registry that picks one by HELPLINE_OTP_SENDER."""

from typing import Protocol

from helpline.providers.registry import Registry


class OtpSender(Protocol):
    """Delivers a one-time code to a phone number; raises ProviderUnavailable when it cannot."""

    def send(self, phone: str, code: str) -> None: ...


# An SMS gateway is one more module with a class implementing OtpSender and one line here.
OTP_SENDERS: Registry[OtpSender] = Registry(
    "otp sender",
    {
        "console": "helpline.providers.otp.console:ConsoleOtpSender",
        "log": "helpline.providers.otp.console:LogOtpSender",
    },
)
