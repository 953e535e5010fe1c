"""The read-only web app over a store: ``create_app(db)``, served by uvicorn on 127.0.0.1."""

from backchannel.web.app import DEFAULT_HOST, DEFAULT_PORT, create_app, serve

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]
