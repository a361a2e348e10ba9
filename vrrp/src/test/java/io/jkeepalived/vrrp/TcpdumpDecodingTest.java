package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tcpdump is an oracle no one here wrote: our adverts, built from the configured fields, must read
 * exactly like keepalived's (including tcpdump's own checksum verdict).
 */
class TcpdumpDecodingTest {

    @TempDir
    Path dir;

    static java.util.stream.Stream<AdvertisementCodecGoldenTest.Expect> captures() {
        return AdvertisementCodecGoldenTest.captures();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void ourAdvertsDecodeLikeKeepalivedsInTcpdump(AdvertisementCodecGoldenTest.Expect e) throws Exception {
        Path tcpdump = Prerequisites.requireExecutable("tcpdump");
        List<Golden.Packet> golden = Golden.vrrp(e.capture());
        List<byte[]> theirs = new ArrayList<>();
        List<byte[]> ours = new ArrayList<>();
        for (int i = 0; i < golden.size(); i++) {
            Golden.Packet p = golden.get(i);
            int priority = i == golden.size() - 1 ? 0 : e.priority();
            Advertisement a = new Advertisement(e.version(), e.family(), e.vrid(), priority, e.authType(), e.authData(),
                    e.intervalCentis(), e.addresses());
            byte[] vrrp = AdvertisementCodec.encode(a, p.source(), p.destination());
            theirs.add(p.datagram());
            if (e.family() == IpFamily.IPV4) {
                int id = ((p.datagram()[4] & 0xff) << 8) | (p.datagram()[5] & 0xff);
                ours.add(Ipv4Header.forAdvert((Inet4Address) p.source(), (Inet4Address) p.destination(), vrrp.length, id)
                        .datagram(vrrp));
            } else {
                // Our IPv6 header is the kernel's business; reuse keepalived's so only VRRP differs.
                byte[] d = Arrays.copyOf(p.datagram(), 40 + vrrp.length);
                System.arraycopy(vrrp, 0, d, 40, vrrp.length);
                ours.add(d);
            }
        }
        List<String> theirLines = decode(tcpdump, "theirs.pcap", theirs);
        List<String> ourLines = decode(tcpdump, "ours.pcap", ours);
        assertEquals(golden.size(), theirLines.size(), String.join("\n", theirLines));
        for (String line : theirLines) {
            assertTrue(line.contains("VRRPv" + e.version().number() + ", Advertisement, vrid " + e.vrid()), line);
            assertFalse(line.contains("bad"), line);
        }
        assertEquals(vrrpParts(theirLines), vrrpParts(ourLines));
        if (e.family() == IpFamily.IPV4) {
            assertEquals(theirLines, ourLines, "IP header and VRRP alike");
        }
    }

    private List<String> decode(Path tcpdump, String name, List<byte[]> datagrams) throws IOException,
            InterruptedException {
        Path file = dir.resolve(name);
        PcapWriter.write(file, datagrams);
        Process proc = new ProcessBuilder(tcpdump.toString(), "-r", file.toString(), "-nn", "-t", "-v")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS), "tcpdump finished");
        assertEquals(0, proc.exitValue(), "tcpdump -r " + file);
        // With -v a packet is a header line plus indented continuation lines: join them.
        List<String> packets = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && !packets.isEmpty()) {
                packets.set(packets.size() - 1, packets.get(packets.size() - 1) + " " + line.trim());
            } else {
                packets.add(line.trim());
            }
        }
        return packets;
    }

    private static List<String> vrrpParts(List<String> packets) {
        return packets.stream().map(l -> l.substring(l.indexOf("VRRPv"))).toList();
    }
}
