"""Bearer tokens, as the API uses them; the signing itself lives in helpline.app.tokens so the
web app's voice socket checks the same tokens without importing the API."""

from helpline.app.tokens import CUSTOMER_TOKEN_HOURS, Claims, TokenSigner, load_secret

__all__ = ["CUSTOMER_TOKEN_HOURS", "Claims", "TokenSigner", "load_secret"]
