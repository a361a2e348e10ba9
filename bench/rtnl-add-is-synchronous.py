#!/usr/bin/env python3
# Checks that rtnetlink applies RTM_NEWADDR inside the sender's sendmsg: right after sendmsg returns, and before
# the ack is read, a UDP socket can bind to the new address (bind gives EADDRNOTAVAIL for an address that is not
# local). Run it in a namespace of your own with an interface jkv-fo-p0 that is up, e.g.:
#   ip netns add jkv-fo-p1; ip -n jkv-fo-p1 link add jkv-fo-p0 type veth peer name jkv-fo-p9
#   ip -n jkv-fo-p1 link set jkv-fo-p0 up; ip netns exec jkv-fo-p1 python3 bench/rtnl-add-is-synchronous.py
#   ip netns del jkv-fo-p1
import socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); s.bind((0,0))
idx = socket.if_nametoindex('jkv-fo-p0')
ok = 0
for i in range(1000):
    a = bytes([192,0,2,100 + i % 100])
    for t, fl in ((20, 0x1|0x4|0x200|0x400),):
        ifa = struct.pack('BBBBI', 2, 32, 0, 0, idx); attr = struct.pack('HH4s', 8, 2, a) + struct.pack('HH4s', 8, 1, a)
        s.send(struct.pack('IHHII', 16+len(ifa+attr), t, fl, i, 0) + ifa + attr)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind((socket.inet_ntoa(a), 0)); ok += 1   # EADDRNOTAVAIL unless the address is already local
    except OSError as e:
        print("not yet present:", e)
    u.close(); s.recv(4096)
    ifa = struct.pack('BBBBI', 2, 32, 0, 0, idx)
    s.send(struct.pack('IHHII', 16+len(ifa+attr), 21, 0x5, i, 0) + ifa + attr); s.recv(4096)
print("bound right after sendmsg returned, before reading the ack:", ok, "of 1000")
