"""The local lab: Kamailio and Prosody on loopback with demo accounts."""
