package io.jkeepalived.nft;

import static io.jkeepalived.testing.TestNetns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.testing.RootRequired;

/**
 * The real kernel, in a namespace of our own ({@code jkv-st-nl-...}): what our messages make, as nft(8) lists
 * it, is what keepalived 2.2.7's made (nft-golden/keepalived-ruleset-default.nft, listed while keepalived held
 * the same addresses as MASTER); and deleting ours leaves other tables alone.
 */
class NfTablesNamespaceTest {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private String ns;
    private NetNamespace namespace;

    @BeforeEach
    void createNamespace() throws IOException {
        RootRequired.check();
        if (!Files.isExecutable(Path.of("/usr/sbin/nft"))) {
            String missing = "nft(8) (Debian package nftables)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and this test needs " + missing);
            }
            Assumptions.abort("needs " + missing + " (set CI=true to make this a failure)");
        }
        ns = "jkv-st-nl-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        run("ip", "netns", "add", ns);
        namespace = NetNamespace.named(Libc.get(), ns);
        // A kernel without nf_tables fails here, clearly, rather than in the middle of the test.
        nft("list", "ruleset");
    }

    @AfterEach
    void deleteNamespace() throws IOException {
        if (namespace != null) {
            namespace.close();
        }
        if (ns != null) {
            for (int i = 0; i < 10 && Files.exists(Path.of("/run/netns", ns)); i++) {
                try {
                    run("ip", "netns", "del", ns);
                } catch (IOException e) {
                    sleep(100);
                }
            }
        }
    }

    @Test
    void ourTableListsAsKeepalivedsAndGoesWithoutTouchingOthers() throws Exception {
        nft("add", "table", "ip", "other");
        nft("add", "chain", "ip", "other", "c", "{ type filter hook input priority 0; }");
        VipDropTable table = VipDropTable.defaults();
        try (NfTables nft = NfTables.open(namespace)) {
            assertFalse(nft.tableExists(NftFamily.IPV4, "keepalived"));
            assertTrue(nft.tableExists(NftFamily.IPV4, "other"));
            AtomicInteger ids = new AtomicInteger();
            List<NftMessage> v4 = new ArrayList<>(table.create(NftFamily.IPV4, false, ids::incrementAndGet));
            v4.add(table.addVips(NftFamily.IPV4, addresses("192.0.2.100", "192.0.2.101", "192.0.2.150")));
            nft.commit(v4);
            List<NftMessage> v6 = new ArrayList<>(table.create(NftFamily.IPV6, false, ids::incrementAndGet));
            v6.add(table.addVips(NftFamily.IPV6, addresses("2001:db8::100")));
            nft.commit(v6);

            String listed = nft("list", "ruleset");
            assertEquals(golden("keepalived-ruleset-default.nft"), withoutTable(listed, "ip other"));

            nft.commit(List.of(table.removeVips(NftFamily.IPV4, addresses("192.0.2.101"))));
            assertTrue(nft("list", "set", "ip", "keepalived", "vips").contains("elements = { 192.0.2.100, 192.0.2.150 }"));

            nft.commit(List.of(table.delete(NftFamily.IPV4), table.delete(NftFamily.IPV6)));
            assertFalse(nft.tableExists(NftFamily.IPV4, "keepalived"));
            assertFalse(nft.tableExists(NftFamily.IPV6, "keepalived"));
            assertTrue(nft("list", "ruleset").contains("table ip other"), "another table survives ours");
        }
    }

    @Test
    void aStaleTableIsReplacedInOneTransaction() throws Exception {
        nft("add", "table", "ip", "keepalived");
        nft("add", "chain", "ip", "keepalived", "junk");
        VipDropTable table = VipDropTable.defaults();
        try (NfTables nft = NfTables.open(namespace)) {
            boolean stale = nft.tableExists(NftFamily.IPV4, table.name());
            assertTrue(stale);
            nft.commit(table.create(NftFamily.IPV4, stale, new AtomicInteger()::incrementAndGet));
        }
        String listed = nft("list", "table", "ip", "keepalived");
        assertFalse(listed.contains("junk"), listed);
        assertTrue(listed.contains("ip daddr @vips drop"), listed);
    }

    private static String withoutTable(String ruleset, String table) {
        int start = ruleset.indexOf("table " + table + " {");
        if (start < 0) {
            return ruleset;
        }
        int end = ruleset.indexOf("\n}\n", start) + 3;
        return ruleset.substring(0, start) + ruleset.substring(end);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = NfTablesNamespaceTest.class.getResourceAsStream("/nft-golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String nft(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "nft"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    private static List<InetAddress> addresses(String... text) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (String t : text) {
            out.add(InetAddress.getByName(t));
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
