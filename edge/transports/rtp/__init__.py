"""Plain RTP over UDP (RFC 3550): how a PBX (Asterisk ARI externalMedia) or a softphone talks to edge-voice.

    endpoint = RtpEndpoint(RtpOptions(enabled=True, port=40000, payload="pcmu"))
    await endpoint.start()                 # TransportError with the fix if the port cannot be bound
    async for call in endpoint.calls():    # one RtpCall per (source address, SSRC)
        ...  # call.frames(): 20 ms 16 kHz AudioFrames; call.output.push(pcm at call.output.sample_rate_hz)
"""

from edge.transports.rtp.call import RtpCall
from edge.transports.rtp.endpoint import RtpEndpoint
from edge.transports.rtp.options import RtpOptions
from edge.transports.rtp.packet import RtpExtension, RtpPacket, RtpPacketError
from edge.transports.rtp.stats import RtpStats

__all__ = ["RtpCall", "RtpEndpoint", "RtpOptions", "RtpPacket", "RtpPacketError", "RtpExtension", "RtpStats"]
