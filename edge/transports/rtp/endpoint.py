"""The RTP endpoint: one UDP socket, a session per caller, and a gate that drops every bad datagram.

Each datagram goes through the same checks in order, and each failure has its own counter in `stats`: peer not
in `allow_cidrs`, too large, not RTP, wrong payload type, a new caller past `max_calls`. Only then does it reach
its call, found by source address; a new SSRC from the same address ends that call and starts a new one
(ARI externalMedia reuses the port for the next channel). Nothing a peer sends can raise out of here.
"""

from __future__ import annotations

import asyncio
import collections
import errno
import ipaddress
import logging
import socket
import time
from typing import AsyncIterator

from edge.transports.base import TransportError
from edge.transports.rtp.call import Address, PacketKind, RtpCall
from edge.transports.rtp.g711 import codec_for
from edge.transports.rtp.options import RtpOptions
from edge.transports.rtp.packet import RtpPacket, RtpPacketError
from edge.transports.rtp.stats import RtpStats

log = logging.getLogger(__name__)

COMFORT_NOISE_PT = 13
REFUSAL_LOG_INTERVAL_S = 10.0
"""A refused caller keeps sending 50 packets a second: log it once per this interval, not per packet."""


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, endpoint: "RtpEndpoint") -> None:
        self._endpoint = endpoint

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        try:
            self._endpoint.handle_datagram(data, addr)
        except Exception:  # the last line of defence: a bug must cost one packet, not the service
            self._endpoint.stats.internal_errors += 1
            log.exception("rtp: bug while handling a datagram from %s (dropped)", addr)

    def error_received(self, exc: Exception) -> None:
        # ICMP port unreachable after a caller hung up lands here on Linux; the idle timeout ends that call.
        log.debug("rtp: socket error %s", exc)


class RtpEndpoint:
    """A `Transport` for plain RTP over UDP (RFC 3550), as Asterisk's ARI externalMedia sends it."""

    name = "rtp"

    def __init__(self, options: RtpOptions) -> None:
        self.options = options
        self.codec = codec_for(options.payload, options.l16_payload_type)
        self.stats = RtpStats()
        self._networks = options.allowed_networks()
        self._allowed_cache: dict[str, bool] = {}
        self._sessions: dict[Address, RtpCall] = {}
        self._retired_ssrcs: collections.OrderedDict[Address, set[int]] = collections.OrderedDict()
        self._refusal_logged: collections.OrderedDict[Address, float] = collections.OrderedDict()
        self._new_calls: asyncio.Queue[RtpCall | None] = asyncio.Queue()
        self._transport: asyncio.DatagramTransport | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all_calls: list[RtpCall] = []
        self._closing = False

    async def start(self) -> None:
        """Bind the UDP socket; raises TransportError naming the problem and the fix."""
        self._loop = asyncio.get_running_loop()
        host, port = self.options.bind_host, self.options.port
        try:
            transport, _ = await self._loop.create_datagram_endpoint(lambda: _Protocol(self),
                                                                     local_addr=(host, port))
        except socket.gaierror as exc:
            raise TransportError(f"rtp: bind_host {host!r} is not an address this machine can resolve "
                                 f"({exc.strerror}); set rtp.bind_host to an IP address such as 127.0.0.1") from None
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                fix = "another program (or another edge-voice) holds it: stop it or set rtp.port to a free port"
            elif exc.errno == errno.EADDRNOTAVAIL:
                fix = "that address is not on any interface here: set rtp.bind_host to one of this machine's"
            elif exc.errno == errno.EACCES:
                fix = "ports below 1024 need privileges: use a port such as 40000"
            else:
                fix = "check rtp.bind_host and rtp.port"
            raise TransportError(f"rtp: cannot bind UDP {host}:{port} ({exc.strerror}); {fix}") from None
        self._transport = transport  # type: ignore[assignment]
        log.info("rtp: listening on %s:%d (%s, PT %d)", *self.local_address, self.codec.name,
                 self.codec.payload_type)

    @property
    def local_address(self) -> Address:
        """(host, port) actually bound (the port is chosen by the system when configured as 0)."""
        if self._transport is None:
            raise TransportError("rtp: the endpoint is not started; await start() first")
        sockname = self._transport.get_extra_info("sockname")
        return sockname[0], sockname[1]

    @property
    def active_calls(self) -> list[RtpCall]:
        return list(self._sessions.values())

    async def calls(self) -> AsyncIterator[RtpCall]:
        """Each new call as its first packet arrives, until the endpoint closes."""
        while True:
            call = await self._new_calls.get()
            if call is None:
                self._new_calls.put_nowait(None)
                return
            yield call

    async def close(self) -> None:
        """End every call (their buffered audio is still delivered), then release the socket."""
        # From here on no datagram may start a call: one arriving while the calls wind down would never be stopped.
        self._closing = True
        for call in list(self._sessions.values()):
            call.end("closed")
        await asyncio.gather(*(c.stop_tasks() for c in self._all_calls), return_exceptions=True)
        self._all_calls.clear()
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        self._new_calls.put_nowait(None)

    # -- the datagram gate -------------------------------------------------------------------------------------

    def handle_datagram(self, data: bytes, addr: tuple, arrival_ns: int | None = None) -> None:
        """Check one datagram and give it to its call, or count why it was dropped. Never raises on bad input."""
        arrival_ns = time.monotonic_ns() if arrival_ns is None else arrival_ns
        stats = self.stats
        stats.received += 1
        if self._closing:
            return
        source: Address = (str(addr[0]), int(addr[1]))
        if not self._allowed(source[0]):
            stats.dropped_unknown_peer += 1
            self._log_refusal(source, "packets from %s:%d dropped: not in rtp.allow_cidrs (add the PBX's address "
                                      "there if it should be heard)")
            return
        if len(data) > self.options.max_packet_bytes:
            stats.dropped_oversized += 1
            return
        try:
            packet = RtpPacket.parse(data)
        except RtpPacketError:
            stats.dropped_malformed += 1
            return
        kind = self._classify(packet)
        if kind is None:
            return
        call = self._sessions.get(source)
        if call is not None and call.ssrc != packet.ssrc:
            if packet.ssrc in self._retired_ssrcs.get(source, ()):
                stats.dropped_stale_ssrc += 1
                return
            self._retire(call, "ssrc_change")
            call = None
        if call is None:
            call = self._start_call(source, packet.ssrc, arrival_ns)
            if call is None:
                return
        call.receive(packet, kind, arrival_ns)

    def _classify(self, packet: RtpPacket) -> PacketKind | None:
        pt = packet.payload_type
        if pt == self.codec.payload_type:
            if not packet.payload or len(packet.payload) % self.codec.bytes_per_sample:
                self.stats.dropped_malformed += 1
                return None
            return "audio"
        if pt == self.options.dtmf_payload_type:
            if len(packet.payload) < 4:
                self.stats.dropped_malformed += 1
                return None
            return "dtmf"
        if pt == COMFORT_NOISE_PT:
            return "comfort_noise"
        self.stats.dropped_payload_type += 1
        return None

    def _allowed(self, host: str) -> bool:
        verdict = self._allowed_cache.get(host)
        if verdict is None:
            try:
                ip = ipaddress.ip_address(host.split("%", 1)[0])
            except ValueError:
                verdict = False
            else:
                if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
                    ip = ip.ipv4_mapped  # a dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d
                verdict = any(ip in net for net in self._networks if net.version == ip.version)
            if len(self._allowed_cache) > 4096:
                self._allowed_cache.clear()
            self._allowed_cache[host] = verdict
        return verdict

    def _start_call(self, source: Address, ssrc: int, now_ns: int) -> RtpCall | None:
        if len(self._sessions) >= self.options.max_calls:
            self.stats.dropped_calls_full += 1
            self._log_refusal(source, f"refused a new call from %s:%d: {self.options.max_calls} calls already "
                                      "running (rtp.max_calls)")
            return None
        if self._loop is None or self._transport is None:
            raise TransportError("rtp: the endpoint is not started; await start() first")
        call = RtpCall(self.options, self.codec, source, ssrc, self.stats, self._send, self._on_call_end,
                       self._loop, now_ns)
        self._sessions[source] = call
        self._all_calls.append(call)
        self.stats.calls_started += 1
        log.info("rtp: call %s started (%d of %d)", call.call_id, len(self._sessions), self.options.max_calls)
        self._new_calls.put_nowait(call)
        return call

    def _retire(self, call: RtpCall, reason: str) -> None:
        """End a call and free its session now, remembering its SSRC so its stragglers do not restart it."""
        retired = self._retired_ssrcs.setdefault(call.remote, set())
        retired.add(call.ssrc)
        if len(retired) > 8:
            retired.pop()
        self._retired_ssrcs.move_to_end(call.remote)
        while len(self._retired_ssrcs) > 1024:
            self._retired_ssrcs.popitem(last=False)
        if self._sessions.get(call.remote) is call:
            del self._sessions[call.remote]
        call.end(reason)

    def _on_call_end(self, call: RtpCall) -> None:
        if self._sessions.get(call.remote) is call:
            del self._sessions[call.remote]
        if call in self._all_calls and self._transport is not None:
            self._all_calls.remove(call)

    def _log_refusal(self, source: Address, message: str) -> None:
        """Warn about a refused source, at most once per interval (it keeps sending 50 packets a second)."""
        now = time.monotonic()
        last = self._refusal_logged.get(source)
        if last is None or now - last >= REFUSAL_LOG_INTERVAL_S:
            log.warning("rtp: " + message, source[0], source[1])
            self._refusal_logged[source] = now
            self._refusal_logged.move_to_end(source)
            while len(self._refusal_logged) > 1024:
                self._refusal_logged.popitem(last=False)

    def _send(self, data: bytes, remote: Address) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.sendto(data, remote)
            self.stats.sent_packets += 1
