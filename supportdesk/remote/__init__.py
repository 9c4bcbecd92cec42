"""Remote assistance on the desk's side: the tokens it mints and the relay (PROTOCOL.md)."""
