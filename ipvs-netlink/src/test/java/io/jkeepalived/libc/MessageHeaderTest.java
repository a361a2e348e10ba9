package io.jkeepalived.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.rtnl.RtnlCodec;

/**
 * sendmsg/recvmsg through MessageHeader on a raw netlink socket, unprivileged: a GET of the loopback link
 * is something any user may ask the kernel. Buffers are deliberately used from non-zero positions to check
 * the address arithmetic.
 */
class MessageHeaderTest {

    @Test
    void sendmsgAndRecvmsgCarryDataAndTheSendersAddress() throws Exception {
        Libc libc = Libc.get();
        int fd = libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Netlink.NETLINK_ROUTE);
        try {
            ByteBuffer local = Libc.allocate(SocketAddresses.NETLINK_SIZE);
            SocketAddresses.netlink(local, 0, 0);
            libc.bind(fd, local.flip());

            NetlinkMessageBuilder b = new NetlinkMessageBuilder();
            RtnlCodec.writeGetLink(b, "lo").stamp(42, 0);
            ByteBuffer request = b.message();
            ByteBuffer out = Libc.allocate(request.remaining() + 8);
            out.position(8);
            out.put(request);
            out.position(8);
            ByteBuffer kernel = Libc.allocate(SocketAddresses.NETLINK_SIZE + 4);
            kernel.position(4);
            SocketAddresses.netlink(kernel, 0, 0);
            kernel.position(4);

            MessageHeader send = new MessageHeader(libc).data(out).name(kernel);
            assertEquals(request.limit(), libc.sendmsg(fd, send, 0));

            ByteBuffer in = Libc.allocate(65536);
            in.position(16);
            ByteBuffer from = Libc.allocate(SocketAddresses.NETLINK_SIZE + 8);
            from.position(8);
            MessageHeader receive = new MessageHeader(libc).data(in).name(from);
            int n = libc.recvmsg(fd, receive, 0);
            assertTrue(n > Netlink.HEADER_SIZE, "reply of " + n + " bytes");
            assertEquals(SocketAddresses.NETLINK_SIZE, receive.nameLength());
            assertEquals(Libc.AF_NETLINK, from.getShort(8));
            assertEquals(0, SocketAddresses.netlinkPortId(from, 8), "sent by the kernel");
            assertEquals(n, in.getInt(16), "nlmsg_len at the buffer's position, not its start");
            assertEquals(16, in.getShort(20), "RTM_NEWLINK");
            assertEquals(42, in.getInt(24), "our sequence number");
            assertEquals(0, receive.flags() & Libc.MSG_TRUNC);
        } finally {
            libc.close(fd);
        }
    }
}
