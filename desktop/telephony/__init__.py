"""Telephony over SIP (pjsua2 in an engine process) and the CallService."""
