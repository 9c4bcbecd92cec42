"""Remote assistance on the client's side and the specialist's: the shared screen, the
legs to the desk's relay, the viewer (DESIGN §9, PROTOCOL.md "Remote assistance")."""
