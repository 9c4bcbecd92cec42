"""Chat, presence and profile over XMPP (slixmpp in its own thread)."""
