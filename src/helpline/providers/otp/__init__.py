"""One-time-code senders: how a verification code reaches the customer's phone."""

from helpline.providers.otp.base import OTP_SENDERS, OtpSender

__all__ = ["OTP_SENDERS", "OtpSender"]
