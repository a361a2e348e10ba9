package io.jkeepalived.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.netlink.GenericFamilyNotFoundException;
import io.jkeepalived.netlink.GenericNetlink;
import io.jkeepalived.netlink.KernelModuleLoader;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.testing.FakeKernel;

/** The IPVS client's plumbing against a fake kernel: family resolution, errors, dumps. */
class IpvsClientTest {

    private static final int FAMILY = 0x1d;

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void absentFamilyAfterModprobeSaysKernelHasNoIpvs() {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_GENERIC, 5);
        kernel.script((r, k) -> k.deliver(k.error(r, 2, null)));
        GenericNetlink genl = new GenericNetlink(new NetlinkConnection(kernel, Duration.ofMillis(10), 1, 1));
        List<String> loaded = new ArrayList<>();
        KernelModuleLoader loader = module -> {
            loaded.add(module);
            return new KernelModuleLoader.Result(false,
                    "/sbin/modprobe -- ip_vs exited 1: modprobe: FATAL: Module ip_vs not found");
        };
        IpvsUnavailableException e = assertThrows(IpvsUnavailableException.class,
                () -> IpvsClient.resolveFamily(genl, loader));
        assertEquals(List.of("ip_vs"), loaded);
        assertEquals(2, kernel.requests().size(), "asked, loaded, asked again");
        assertTrue(e.getMessage().startsWith("kernel has no IPVS: generic netlink family IPVS is not registered"
                + " and loading module ip_vs: /sbin/modprobe -- ip_vs exited 1: modprobe: FATAL: Module ip_vs not"
                + " found"), e.getMessage());
        assertInstanceOf(GenericFamilyNotFoundException.class, e.getCause());
    }

    @Test
    void familyAppearingAfterModprobeIsUsed() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_GENERIC, 5);
        boolean[] loaded = {false};
        kernel.script((r, k) -> {
            if (!loaded[0]) {
                k.deliver(k.error(r, 2, null));
            } else {
                k.deliver(k.message(r, Netlink.GENL_ID_CTRL, 0, b -> b.genlHeader(1, 2)
                        .attrU16(Netlink.CTRL_ATTR_FAMILY_ID, FAMILY).attrString(Netlink.CTRL_ATTR_FAMILY_NAME, "IPVS")
                        .attrU32(Netlink.CTRL_ATTR_VERSION, 1).attrU32(Netlink.CTRL_ATTR_MAXATTR, 6)), k.ack(r));
            }
        });
        GenericNetlink genl = new GenericNetlink(new NetlinkConnection(kernel, Duration.ofMillis(10), 1, 1));
        assertEquals(FAMILY, IpvsClient.resolveFamily(genl, m -> {
            loaded[0] = true;
            return new KernelModuleLoader.Result(true, "ok");
        }).id());
    }

    @Test
    void kernelErrorsNameTheServiceAndDestination() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_GENERIC, 5);
        kernel.script((r, k) -> {
            int cmd = r.bytes()[16];
            k.deliver(switch (cmd) {
                case Ipvs.CMD_NEW_SERVICE -> k.error(r, 17, null);
                case Ipvs.CMD_DEL_SERVICE -> k.error(r, 3, null);
                case Ipvs.CMD_DEL_DEST -> k.error(r, 2, null);
                default -> k.ack(r);
            });
        });
        IpvsClient client = new IpvsClient(new NetlinkConnection(kernel, Duration.ofMillis(10), 1, 1),
                new IpvsCodec(FAMILY));
        VirtualService s = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc");
        RealServerDest d = RealServerDest.of(ip("10.0.0.1"), 80, ForwardingMethod.MASQ, 1);

        NetlinkErrorException exists = assertThrows(NetlinkErrorException.class, () -> client.addService(s));
        assertEquals(Errno.EEXIST, exists.errno());
        assertEquals("add service TCP 192.0.2.1:80 scheduler wlc: EEXIST (File exists)", exists.getMessage());

        NetlinkErrorException noService = assertThrows(NetlinkErrorException.class, () -> client.deleteService(s));
        assertEquals(Errno.ESRCH, noService.errno());
        assertEquals("delete service TCP 192.0.2.1:80: ESRCH (No such process)", noService.getMessage());

        NetlinkErrorException noDest = assertThrows(NetlinkErrorException.class,
                () -> client.deleteDestination(s, d));
        assertEquals(Errno.ENOENT, noDest.errno());
        assertTrue(noDest.getMessage().startsWith("delete destination 10.0.0.1:80 from TCP 192.0.2.1:80"));

        client.updateDestination(s, d.withWeight(0));
        byte[] sent = kernel.requests().get(kernel.requests().size() - 1).bytes();
        assertEquals(Ipvs.CMD_SET_DEST, sent[16]);
        assertEquals(FAMILY, sent[4]);
    }

    @Test
    void dumpsAreDecoded() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_GENERIC, 5);
        IpvsCodec codec = new IpvsCodec(FAMILY, false);
        VirtualService a = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc");
        VirtualService b = VirtualService.fwmark(2, 9, "rr");
        kernel.script((r, k) -> {
            // the kernel answers a dump with one NEW_SERVICE message per service
            io.jkeepalived.netlink.NetlinkMessageBuilder x = new io.jkeepalived.netlink.NetlinkMessageBuilder();
            byte[] one = codec.writeNewService(x, a).toByteArray();
            byte[] two = codec.writeNewService(x, b).toByteArray();
            for (byte[] m : List.of(one, two)) {
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.nativeOrder());
                bb.putShort(6, (short) Netlink.NLM_F_MULTI);
                bb.putInt(8, r.sequence());
                bb.putInt(12, r.portId());
            }
            k.deliver(one, two, k.done(r, 0));
        });
        IpvsClient client = new IpvsClient(new NetlinkConnection(kernel, Duration.ofMillis(10), 1, 1),
                new IpvsCodec(FAMILY));
        List<ServiceEntry> services = client.services();
        assertEquals(List.of(a, b), services.stream().map(ServiceEntry::service).toList());
    }

    @Test
    void batchesManyChangesPerDatagramAndMapsEachAckToItsChange() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_GENERIC, 5);
        List<Integer> datagramSizes = new ArrayList<>();
        kernel.script((r, k) -> {
            List<FakeKernel.Request> parts = FakeKernel.messages(r);
            datagramSizes.add(parts.size());
            for (FakeKernel.Request part : parts) {
                // the third destination of every batch already exists
                boolean refuse = part.bytes()[16] == Ipvs.CMD_NEW_DEST && parts.indexOf(part) == 3;
                k.deliver(refuse ? k.error(part, 17, null) : k.ack(part));
            }
        });
        IpvsClient client = new IpvsClient(new NetlinkConnection(kernel, Duration.ofMillis(10), 1, 1),
                new IpvsCodec(FAMILY));
        VirtualService s = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc");
        List<IpvsChange> changes = new ArrayList<>();
        changes.add(new IpvsChange.AddService(s));
        for (int i = 1; i <= 200; i++) {
            changes.add(new IpvsChange.AddDestination(s, RealServerDest.of(ip("10.0." + (i / 250) + "." + (i % 250)),
                    80, ForwardingMethod.DROUTE, 1)));
        }
        List<NetlinkErrorException> results = client.apply(changes);
        assertEquals(List.of(NetlinkConnection.BATCH_MESSAGES, 201 - NetlinkConnection.BATCH_MESSAGES), datagramSizes,
                "two datagrams for 201 changes");
        assertEquals(201, results.size());
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) != null) {
                refused.add(i);
                assertEquals(Errno.EEXIST, results.get(i).errno());
                assertEquals(changes.get(i).describe() + ": EEXIST (File exists)", results.get(i).getMessage());
            }
        }
        assertEquals(List.of(3, NetlinkConnection.BATCH_MESSAGES + 3), refused);
        // every message of a batch has its own sequence number and asks for an ack
        List<FakeKernel.Request> first = FakeKernel.messages(kernel.requests().get(0));
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(0).sequence() + i, first.get(i).sequence());
            assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, first.get(i).flags());
        }
    }

    @Test
    void aBatchWithAMissingAckTimesOutNamingTheFirstUnacknowledgedChange() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_GENERIC, 5);
        kernel.script((r, k) -> {
            List<FakeKernel.Request> parts = FakeKernel.messages(r);
            k.deliver(k.ack(parts.get(0)));
        });
        IpvsClient client = new IpvsClient(new NetlinkConnection(kernel, Duration.ofMillis(10), 1, 1),
                new IpvsCodec(FAMILY));
        VirtualService a = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc");
        VirtualService b = VirtualService.of(ip("192.0.2.2"), Ipvs.IPPROTO_TCP, 80, "wlc");
        io.jkeepalived.netlink.NetlinkTimeoutException e = assertThrows(
                io.jkeepalived.netlink.NetlinkTimeoutException.class,
                () -> client.apply(List.of(new IpvsChange.AddService(a), new IpvsChange.AddService(b))));
        assertTrue(e.getMessage().contains("add service TCP 192.0.2.2:80 scheduler wlc (1 of a batch of 2"),
                e.getMessage());
    }

    @Test
    void aLostBatchAckQueueOverflowIsAnError() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_GENERIC, 5);
        kernel.script((r, k) -> k.failNextReceive(new io.jkeepalived.libc.LinuxException("recvmsg", Errno.ENOBUFS)));
        IpvsClient client = new IpvsClient(new NetlinkConnection(kernel, Duration.ofMillis(10), 1, 1),
                new IpvsCodec(FAMILY));
        VirtualService a = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc");
        io.jkeepalived.libc.LinuxException e = assertThrows(io.jkeepalived.libc.LinuxException.class,
                () -> client.apply(List.of(new IpvsChange.AddService(a))));
        assertEquals(Errno.ENOBUFS, e.errno());
    }
}
