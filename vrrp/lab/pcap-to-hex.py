#!/usr/bin/env python3
"""Turns the pcaps written by capture-golden.sh into hex test resources.

For every capture NAME it writes OUT/NAME.vrrp.hex (one VRRP datagram a line: seconds since the
keepalived start, then the IP datagram - IPv4 or IPv6 header plus VRRP payload - in hex) and
OUT/NAME.announce.hex (the gratuitous ARP / unsolicited NA Ethernet frames, same layout).
"""
import struct
import sys
from pathlib import Path

def packets(pcap):
    data = Path(pcap).read_bytes()
    magic, = struct.unpack('<I', data[:4])
    assert magic == 0xa1b2c3d4, 'expects a little-endian microsecond pcap'
    linktype, = struct.unpack('<I', data[20:24])
    assert linktype == 1, 'expects Ethernet captures'
    off = 24
    while off < len(data):
        sec, usec, incl, _orig = struct.unpack('<IIII', data[off:off + 16])
        off += 16
        yield sec + usec / 1e6, data[off:off + incl]
        off += incl

def classify(frame):
    ethertype, = struct.unpack('>H', frame[12:14])
    payload = frame[14:]
    if ethertype == 0x0800 and payload[9] == 112:
        return 'vrrp', payload[:struct.unpack('>H', payload[2:4])[0]]
    if ethertype == 0x86dd and payload[6] == 112:
        return 'vrrp', payload[:40 + struct.unpack('>H', payload[4:6])[0]]
    if ethertype == 0x0806:
        return 'announce', frame[:42]
    if ethertype == 0x86dd and payload[6] == 58 and payload[40] == 136:   # neighbour advertisement
        return 'announce', frame[:14 + 40 + struct.unpack('>H', payload[4:6])[0]]
    return None, None

def main(capdir, outdir, names):
    capdir, outdir = Path(capdir), Path(outdir)
    when = (capdir / 'captured-at').read_text().strip()
    for name in names:
        start_file = capdir / f'{name}.start'
        if not start_file.exists():
            start_file = capdir / f'{name}-b.start'
        start = float(start_file.read_text())
        out = {'vrrp': [], 'announce': []}
        for ts, frame in packets(capdir / f'{name}.pcap'):
            kind, body = classify(frame)
            if kind:
                out[kind].append(f'{ts - start:.3f} {body.hex()}')
        for kind, lines in out.items():
            if not lines:
                continue
            what = ('IP datagram (IP header + VRRP payload)' if kind == 'vrrp'
                    else 'Ethernet frame (gratuitous ARP or unsolicited NA)')
            header = [
                f'# Sent by Debian keepalived 2.2.7 (Keepalived v2.2.7 (01/16,2022)), captured {when}',
                f'# config: vrrp/lab/configs/{name}*.conf; made by vrrp/lab/capture-golden.sh, then pcap-to-hex.py',
                f'# each line: seconds since keepalived was started, then the {what} in hex',
            ]
            (outdir / f'{name}.{kind}.hex').write_text('\n'.join(header + lines) + '\n')

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
