package io.jkeepalived.it.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jkeepalived.ipvs.reconcile.DesiredTable;

/**
 * The lab's ipvsadm translator and ipvsadm-save printer, on the host: each command line must come back out
 * of the printer as ipvsadm-save printed the same table in the lab (the lines below are ipvsadm-save's).
 */
class IpvsadmSyntaxTest {

    private static String roundTrip(String... commands) {
        DesiredTable t = IpvsadmSyntax.fold(List.of(commands).stream().map(IpvsadmSyntax::parse).toList());
        return IpvsadmFormat.save(t.services()).strip();
    }

    @Test
    void ipvsadmDefaultsAndNormalisations() {
        assertEquals(String.join("\n",
                "-A -t 192.0.2.5:80 -s wlc",
                "-a -t 192.0.2.5:80 -r 10.0.0.1:80 -g -w 1",
                "-a -t 192.0.2.5:80 -r 10.0.0.9:80 -g -w 1",
                "-a -t 192.0.2.5:80 -r 10.0.0.10:80 -m -w 1"),
                roundTrip("ipvsadm -A -t 192.0.2.5:80", "ipvsadm -a -t 192.0.2.5:80 -r 10.0.0.1",
                        "ipvsadm -a -t 192.0.2.5:80 -r 10.0.0.9:999 -g", "ipvsadm -a -t 192.0.2.5:80 -r 10.0.0.10 -m"));
        assertEquals("-A -t 192.0.2.2:0 -s rr -p 360", roundTrip("ipvsadm -A -t 192.0.2.2:0 -s rr -p"));
    }

    @Test
    void everyOptionPrintsAsIpvsadmSaveDoes() {
        assertEquals("-A -u 192.0.2.2:54 -s sh -p 30 -M 255.255.0.0 -o -b sh-fallback",
                roundTrip("-A -u 192.0.2.2:54 -s sh -p 30 -M 255.255.0.0 -o -b sh-fallback"));
        assertEquals("-A -u 192.0.2.2:5060 -s rr -p 120 --pe sip", roundTrip("-A -u 192.0.2.2:5060 -s rr -p 120 --pe sip"));
        assertEquals("-A -t 192.0.2.2:444 -s lc -p 90 -M 255.0.255.0", roundTrip("-A -t 192.0.2.2:444 -s lc -p 90 -M 255.0.255.0"));
        assertEquals("-A -t [2001:db8::1]:80 -s rr -p 10", roundTrip("-A -t [2001:db8::1]:80 -s rr -p 10 -M 128"));
        assertEquals(String.join("\n",
                "-A -f 8 -6 -s wrr -p 30 -M 64",
                "-a -f 8 -6 -r [2001:db8::20]:0 -g -w 1",
                "-a -f 8 -6 -r [2001:db8::21]:8080 -m -w 2"),
                roundTrip("-A -f 8 -6 -s wrr -p 30 -M 64", "-a -f 8 -6 -r 2001:db8::20 -g",
                        "-a -f 8 -6 -r [2001:db8::21]:8080 -m -w 2"));
        assertEquals(String.join("\n",
                "-A --sctp-service 192.0.2.3:3868 -s mh -b mh-fallback,mh-port",
                "-a --sctp-service 192.0.2.3:3868 -r 10.0.0.5:3868 -i -w 1 --tun-type gue --tun-port 6081 --tun-csum",
                "-a --sctp-service 192.0.2.3:3868 -r 10.0.0.6:3868 -i -w 1 --tun-type gre --tun-nocsum",
                "-a --sctp-service 192.0.2.3:3868 -r [2001:db8::10]:3868 -i -w 1 --tun-type ipip"),
                roundTrip("-A --sctp-service 192.0.2.3:3868 -s mh -b mh-port,mh-fallback",
                        "-a --sctp-service 192.0.2.3:3868 -r 10.0.0.5 -i --tun-type gue --tun-port 6081 --tun-csum",
                        "-a --sctp-service 192.0.2.3:3868 -r 10.0.0.6 -i --tun-type gre",
                        "-a --sctp-service 192.0.2.3:3868 -r [2001:db8::10]:82 -i"));
        assertEquals("-A -f 4294967295 -s rr", roundTrip("-A -f 4294967295 -s rr"),
                "unsigned, unlike ipvsadm-save's -1");
    }

    @Test
    void editsAndDeletesFoldIntoTheTableTheyLeave() {
        assertEquals(String.join("\n",
                "-A -t 192.0.2.1:83 -s wrr -p 100",
                "-a -t 192.0.2.1:83 -r 10.0.0.1:8080 -m -w 7"),
                roundTrip("-A -t 192.0.2.1:83 -s wlc", "-A -t 192.0.2.1:84 -s wlc",
                        "-a -t 192.0.2.1:83 -r 10.0.0.1:8080 -m -w 2", "-a -t 192.0.2.1:83 -r 10.0.0.2 -g",
                        "-E -t 192.0.2.1:83 -s wrr -p 100", "-e -t 192.0.2.1:83 -r 10.0.0.1:8080 -m -w 7",
                        "-d -t 192.0.2.1:83 -r 10.0.0.2", "-D -t 192.0.2.1:84"));
        assertEquals("", roundTrip("-A -t 192.0.2.1:83 -s wlc", "-C"));
        assertInstanceOf(IpvsadmSyntax.Other.class, IpvsadmSyntax.parse("ipvsadm -Ln"));
    }

    @Test
    void thresholdsAreReadFromIpvsadmsListing() {
        String listing = String.join("\n",
                "IP Virtual Server version 1.2.1 (size=4096)",
                "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn",
                "  -> RemoteAddress:Port",
                "TCP  192.0.2.5:80 wlc",
                "  -> 10.0.0.1:80                  100        50         0          0",
                "FWM  8 IPv6 wrr persistent 30 mask 64",
                "  -> [2001:db8::21]:0             0          0          0          0");
        assertEquals("10.0.0.1:80 100 50\n[2001:db8::21]:0 0 0\n", IpvsadmFormat.thresholdsFromIpvsadm(listing));
        DesiredTable t = IpvsadmSyntax.fold(List.of(IpvsadmSyntax.parse("-A -t 192.0.2.5:80"),
                IpvsadmSyntax.parse("-a -t 192.0.2.5:80 -r 10.0.0.1:80 -x 100 -y 50")));
        assertEquals("10.0.0.1:80 100 50\n", IpvsadmFormat.thresholds(t.services()));
    }
}
