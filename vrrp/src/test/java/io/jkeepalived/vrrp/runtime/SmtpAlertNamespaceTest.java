package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.alert.TestSmtpServer;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.vrrp.VrrpState;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jkeepalived's VRRP mails in a namespace of its own: a dead or hung SMTP server holds nothing of VRRP (the
 * instance takes over and keeps advertising while the mail waits), and a reload that changes smtp_server sends
 * later mails to the new server.
 */
class SmtpAlertNamespaceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static String conf(int port, String more) {
        return """
                global_defs {
                    router_id LVS_SM
                    notification_email {
                        ops@example.com
                    }
                    notification_email_from lb@example.com
                    smtp_server 127.0.0.1 %d
                    smtp_connect_timeout 30
                    smtp_alert_vrrp on
                }
                vrrp_instance VI_1 {
                    interface jkv-sm-a0
                    virtual_router_id 51
                    priority 100
                    advert_int 1
                    virtual_ipaddress {
                        192.0.2.100/24
                    }
                }
                %s
                """.formatted(port, more);
    }

    /**
     * A server that accepts and never answers: the takeover happens and adverts go out every second while the
     * first mail still waits for its 220. A reload to a port nobody listens on then starts another instance, which
     * takes over too (its mails queue behind the hung one; a refused connection's own failure is SmtpAlerterTest's).
     */
    @Test
    void deadOrHungSmtpServersDoNotHoldVrrp() throws Exception {
        try (Lab lab = Lab.create("jkv-sm-", "h", "a");
             NetNamespace ns = NetNamespace.named(Libc.get(), lab.ns('a'));
             TestSmtpServer hung = TestSmtpServer.start(() -> ns.call(ServerSocketChannel::open), 2525,
                     TestSmtpServer.Mode.SILENT);
             Node node = Node.start(lab, 'a', dir, conf(2525, ""))) {
            hung.await(1, s -> true, PATIENCE);
            Node.await("VI_1 MASTER", PATIENCE, () -> node.state("VI_1") == VrrpState.MASTER);
            long adverts = node.status("VI_1").advertsSent();
            Node.await("3 more adverts", PATIENCE, () -> node.status("VI_1").advertsSent() >= adverts + 3);
            // Still the first (BACKUP) mail's connection, unanswered: nothing was sent on it.
            assertEquals(1, hung.sessions().size());
            assertTrue(hung.sessions().get(0).clientLines().isEmpty());
            node.reload(dir, conf(2526, """
                    vrrp_instance VI_3 {
                        interface jkv-sm-a0
                        virtual_router_id 53
                        priority 100
                        advert_int 1
                        virtual_ipaddress {
                            192.0.2.103/24
                        }
                    }
                    """));
            Node.await("VI_3 MASTER", PATIENCE, () -> node.state("VI_3") == VrrpState.MASTER);
            long more = node.status("VI_1").advertsSent();
            Node.await("VI_1 still advertising", PATIENCE, () -> node.status("VI_1").advertsSent() >= more + 2);
        }
    }

    /** SIGHUP's reload with another smtp_server: the mails of what happens after it go to the new server. */
    @Test
    void aReloadSendsLaterMailsToTheNewServer() throws Exception {
        try (Lab lab = Lab.create("jkv-sm-", "r", "a");
             NetNamespace ns = NetNamespace.named(Libc.get(), lab.ns('a'));
             TestSmtpServer first = TestSmtpServer.start(() -> ns.call(ServerSocketChannel::open), 2525,
                     TestSmtpServer.Mode.ANSWER);
             TestSmtpServer second = TestSmtpServer.start(() -> ns.call(ServerSocketChannel::open), 2526,
                     TestSmtpServer.Mode.ANSWER);
             Node node = Node.start(lab, 'a', dir, conf(2525, ""))) {
            List<TestSmtpServer.Session> before = first.awaitMails(2, PATIENCE);
            assertEquals("[LVS_SM] VRRP Instance VI_1 - Entering BACKUP state", before.get(0).subject());
            assertEquals("[LVS_SM] VRRP Instance VI_1 - Entering MASTER state", before.get(1).subject());
            node.reload(dir, conf(2526, """
                    vrrp_instance VI_3 {
                        interface jkv-sm-a0
                        virtual_router_id 53
                        priority 100
                        advert_int 1
                        virtual_ipaddress {
                            192.0.2.103/24
                        }
                    }
                    """).replace("router_id LVS_SM", "router_id LVS_SM2"));
            List<TestSmtpServer.Session> after = second.awaitMails(2, PATIENCE);
            assertEquals("[LVS_SM2] VRRP Instance VI_3 - Entering BACKUP state", after.get(0).subject());
            assertEquals("[LVS_SM2] VRRP Instance VI_3 - Entering MASTER state", after.get(1).subject());
            // VI_1 stayed master through the reload: no mail for it, on either server.
            Thread.sleep(500);
            assertEquals(2, first.sessions().size());
            assertEquals(2, second.sessions().size());
        }
    }
}
