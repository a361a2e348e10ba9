package io.jkeepalived.config.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.dump.CanonicalWriter;
import io.jkeepalived.config.model.KeepalivedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who mails, as keepalived 2.2.7 decides it (vrrp.c, check_data.c): an object's own smtp_alert wins; else, for VRRP
 * instances and sync groups, smtp_alert_vrrp, else smtp_alert, else no; for virtual and real servers,
 * smtp_alert_checker, else smtp_alert, else no for a virtual server and YES for a real server.
 */
class SmtpAlertPrecedenceTest {
    @TempDir
    Path dir;

    /** [instance, group, virtual server, real server with its own setting, real server without]. */
    private List<Boolean> effective(String globals) throws IOException {
        Path f = dir.resolve("k" + System.nanoTime() + ".conf");
        Files.writeString(f, """
                global_defs {
                %s
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                    }
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    virtual_ipaddress {
                        192.0.2.100
                    }
                }
                virtual_server 192.0.2.100 80 {
                    protocol TCP
                    real_server 192.0.2.2 80 {
                        smtp_alert no
                        TCP_CHECK {
                        }
                    }
                    real_server 192.0.2.3 80 {
                        TCP_CHECK {
                        }
                    }
                }
                """.formatted(globals));
        ParseResult r = new ConfigParser(new ParseOptions("test")).parse(f);
        assertTrue(r.runnable(), () -> r.diagnostics().toString());
        KeepalivedConfig c = r.config();
        // The canonical form carries every effective value: parsing it again gives the same answers.
        Path again = dir.resolve("d" + System.nanoTime() + ".conf");
        Files.writeString(again, new CanonicalWriter().write(c));
        ParseResult r2 = new ConfigParser(new ParseOptions("test")).parse(again);
        assertEquals(c, r2.config());
        return List.of(c.vrrp().instances().get(0).smtpAlert(), c.vrrp().syncGroups().get(0).smtpAlert(),
                c.lvs().virtualServers().get(0).smtpAlert(),
                c.lvs().virtualServers().get(0).realServers().get(0).smtpAlert(),
                c.lvs().virtualServers().get(0).realServers().get(1).smtpAlert());
    }

    @Test
    void nothingSetMailsOnlyRealServers() throws IOException {
        assertEquals(List.of(false, false, false, false, true), effective(""));
    }

    @Test
    void globalSmtpAlertIsEveryDefault() throws IOException {
        assertEquals(List.of(true, true, true, false, true), effective("smtp_alert"));
        assertEquals(List.of(false, false, false, false, false), effective("smtp_alert false"));
    }

    @Test
    void partSpecificDefaultsWinOverSmtpAlert() throws IOException {
        assertEquals(List.of(true, true, false, false, false),
                effective("smtp_alert false\n smtp_alert_vrrp true"));
        assertEquals(List.of(false, false, true, false, true),
                effective("smtp_alert false\n smtp_alert_checker true"));
        assertEquals(List.of(false, false, false, false, false), effective("smtp_alert_checker off"));
        assertEquals(List.of(true, true, false, false, true), effective("smtp_alert_vrrp on"));
    }
}
