"""The HTTP API (FastAPI): a thin adapter over the application layer. Build it with
helpline.api.main.create_app; serve it with `helpline serve`."""
