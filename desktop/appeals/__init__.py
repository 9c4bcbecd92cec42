"""Appeals in the app (the desk of supportdesk/, on the app's own XMPP connection)."""
