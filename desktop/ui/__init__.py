"""Widgets only: they see services and plain data, never pjsua2 or slixmpp types."""
