package io.jkeepalived.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;

/** Names in logs and errors, as ipvsadm prints them, and the IPVS meaning of each errno. */
class IpvsTextTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void ipv6AddressesAreCompressedAsRfc5952Says() throws Exception {
        assertEquals("2001:db8::1", IpvsText.host(ip("2001:db8:0:0:0:0:0:1")));
        assertEquals("::", IpvsText.host(ip("::")));
        assertEquals("::1", IpvsText.host(ip("::1")));
        assertEquals("2001:db8::", IpvsText.host(ip("2001:db8::")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpvsText.host(ip("2001:db8:0:1:1:1:1:1")), "one zero group stays");
        assertEquals("2001:0:0:1::1", IpvsText.host(ip("2001:0:0:1:0:0:0:1")), "the longest run is compressed");
        assertEquals("2001:db8::1:0:0:1", IpvsText.host(ip("2001:db8:0:0:1:0:0:1")), "the first of equal runs");
        assertEquals("fe80::abcd", IpvsText.host(ip("FE80::ABCD")));
        assertEquals("[2001:db8::1]:443", IpvsText.endpoint(ip("2001:db8::1"), 443));
        assertEquals("192.0.2.1:0", IpvsText.endpoint(ip("192.0.2.1"), 0));
        assertEquals("255.0.255.0", IpvsText.ipv4Mask(0xff00ff00));
    }

    @Test
    void servicesAndDestinationsInWords() throws Exception {
        assertEquals("SCTP 192.0.2.1:3868 scheduler mh flags ops,mh-fallback,mh-port,flag-3",
                VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_SCTP, 3868, "mh").withFlags(Ipvs.SVC_F_ONEPACKET
                        | Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2 | Ipvs.SVC_F_SCHED3).toString());
        assertEquals("FWM 9 IPv6 scheduler rr flags flag-1 persistent 30 mask 64",
                VirtualService.fwmark(Libc.AF_INET6, 9, "rr").withFlags(Ipvs.SVC_F_SCHED1).withPersistence(30, 64)
                        .toString());
        assertEquals("[2001:db8::7]:80 TUN weight 0 uthreshold 5 lthreshold 2 tunnel gue port 6080 flags 2",
                RealServerDest.of(ip("2001:db8::7"), 80, ForwardingMethod.TUNNEL, 0).withThresholds(5, 2)
                        .withTunnel(TunnelType.GUE, 6080, Ipvs.TUNNEL_ENCAP_FLAG_REMCSUM).toString());
    }

    @Test
    void errnoMeaningsPerKindOfChange() throws Exception {
        VirtualService s = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wrr").withPersistenceEngine("sip");
        RealServerDest d = RealServerDest.of(ip("10.0.0.1"), 80, ForwardingMethod.DROUTE, 1);
        IpvsChange add = new IpvsChange.AddService(s);
        IpvsChange edit = new IpvsChange.EditDestination(s, d);
        assertEquals("add service TCP 192.0.2.1:80 scheduler wrr pe sip: ENOENT - no scheduler or persistence engine"
                + " of that name (is there a kernel module ip_vs_wrr or ip_vs_pe_sip?)", IpvsErrors.describe(add, Errno.ENOENT));
        assertEquals("edit destination 10.0.0.1:80 DR weight 1 of TCP 192.0.2.1:80: ENOENT - no such destination in"
                + " this service", IpvsErrors.describe(edit, Errno.ENOENT));
        assertEquals("no such service", IpvsErrors.explain(edit, Errno.ESRCH));
        assertEquals("the service already exists", IpvsErrors.explain(add, Errno.EEXIST));
        assertEquals("not permitted: changing IPVS needs CAP_NET_ADMIN in this network namespace",
                IpvsErrors.explain(add, Errno.EPERM));
        assertEquals("the kernel refused the settings as invalid", IpvsErrors.explain(add, Errno.EINVAL));
        assertEquals("Device or resource busy", IpvsErrors.explain(add, Errno.EBUSY));
    }
}
