"""A pjsua2 endpoint with no sound device on 127.0.0.1: the lab's far parties (the demo
clients' phones, the tests' peers) run on it; their audio is the conference bridge's."""

from __future__ import annotations

import pjsua2 as pj


def null_endpoint(rate: int, console_level: int = 1) -> pj.Endpoint:
    """Created, started, one UDP transport on loopback; events handled by the caller."""
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = 1
    cfg.logConfig.consoleLevel = console_level
    cfg.medConfig.clockRate = rate
    cfg.medConfig.sndClockRate = rate
    cfg.medConfig.ecTailLen = 0
    ep.libInit(cfg)
    ep.audDevManager().setNullDev()
    transport = pj.TransportConfig()
    transport.port = 0
    transport.boundAddress = "127.0.0.1"
    ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
    ep.libStart()
    return ep
