#!/usr/bin/env python3
"""Sends hand-made VRRPv2 adverts from inside a lab namespace (raw IPv4, TTL 255, to 224.0.0.18).

usage: inject.py SRC SCHEDULE
  SCHEDULE: comma-separated items  DELAY:KIND:PRIO[:COUNT:EVERY]
  KIND: good | badsum | badpass ; times relative to the start of this script, in seconds.
Used by probe-master.sh to see how keepalived's master reacts; not part of the build.
"""
import socket
import struct
import sys
import time

VRID, VIP, GROUP = 60, '192.0.2.200', '224.0.0.18'

def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def advert(src, prio, kind):
    body = struct.pack('!BBBBBBH', 0x21, VRID, prio, 1, 0, 1, 0) + socket.inet_aton(VIP) + b'\0' * 8
    c = csum(body)
    if kind == 'badsum':
        c ^= 0x0101
    body = body[:6] + struct.pack('!H', c) + body[8:]
    if kind == 'badpass':   # auth type PASS on a no-auth instance
        body = body[:4] + b'\x01' + body[5:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0xc0, 20 + len(body), 0, 0, 255, 112, 0,
                     socket.inet_aton(src), socket.inet_aton(GROUP))
    return ip + body

def main(src, schedule):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    events = []
    for item in schedule.split(','):
        parts = item.split(':')
        delay, kind, prio = float(parts[0]), parts[1], int(parts[2])
        count, every = (int(parts[3]), float(parts[4])) if len(parts) > 3 else (1, 0)
        for i in range(count):
            events.append((delay + i * every, kind, prio))
    t0 = time.monotonic()
    for at, kind, prio in sorted(events):
        time.sleep(max(0, t0 + at - time.monotonic()))
        s.sendto(advert(src, prio, kind), (GROUP, 0))

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
