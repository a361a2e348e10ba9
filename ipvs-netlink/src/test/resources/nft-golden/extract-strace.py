import re,sys
# strace -e write=all hex dumps of sends on the NETLINK_NETFILTER socket -> one "send HEX" line per datagram
src=sys.argv[1]; fd=None
lines=open(src).read().splitlines()
out=[];cur=None
for l in lines:
    m=re.match(r'^\d+ (sendto|sendmsg)\((\d+), (.*)',l)
    if m:
        if cur is not None: out.append(cur)
        cur = bytearray() if ('NFNL_' in l or 'NFT_MSG' in l) else None
        continue
    m=re.match(r'^ \| [0-9a-f]{5}  ((?:[0-9a-f]{2} {1,2}){1,16})',l)
    if m and cur is not None:
        cur += bytes.fromhex(m.group(1).replace(' ',''))
if cur is not None: out.append(cur)
for d in out: print('send '+d.hex())
