package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Configurations copied from the tutorial seeds (/work/shared/seeds) into src/test/resources/lexer.
 */
class SeedsTest {

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(SeedsTest.class.getResource("/lexer/" + name)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Integer> warningLines(Harness h, String about) {
        return h.diagnostics.stream()
                .filter(d -> d.severity() == Severity.WARNING && d.message().startsWith(about))
                .map(d -> d.location().line()).toList();
    }

    /**
     * Seed 000 writes {@code ; comment} lines. Verified: {@code keepalived -t -l -f seed000-semicolon.conf}
     * reports "Unknown keyword ';'" at lines 10 12 17 19 21 23 25 29 39 41 43 45 48 and "VRRP parsed invalid IP ;.
     * skipping IP..." at line 33: exactly the lines we warn about, and the tree is the one the article meant.
     */
    @Test
    void semicolonCommentsAreCommentsWithAWarningPerLine() {
        Harness h = Harness.file(resource("seed000-semicolon.conf"));
        assertEquals(List.of(10, 12, 17, 19, 21, 23, 25, 29, 33, 39, 41, 43, 45, 48), warningLines(h, "';'"));
        assertEquals(14, h.diagnostics.size(), h.problems());
        assertEquals(List.of("global_defs", "vrrp_instance", "virtual_server"),
                h.statements.stream().map(s -> s.keyword()).toList());
        assertEquals(List.of("router_id", "vs-node1"), h.statements.get(0).children().get(4).words());
        assertEquals(11, h.statements.get(0).children().get(4).location().line());
        var vip = h.statements.get(1).children().get(6);
        assertEquals("virtual_ipaddress", vip.keyword());
        assertEquals(List.of("192.168.11.100/24", "dev", "eth0", "label", "eth0:1", "broadcast", "192.168.11.255"),
                vip.children().get(0).words());
        assertEquals(34, vip.children().get(0).location().line());
        var realServer = h.statements.get(2).children().get(5);
        assertEquals("1 real_server 192.168.12.121 80 [weight, HTTP_GET]",
                "1 " + String.join(" ", realServer.words()) + " "
                        + realServer.children().stream().map(s -> s.keyword()).toList());
    }

    /**
     * Seed 001 writes {@code // comment} after statements and braces. Verified: keepalived 2.2.7 reports
     * "Unknown keyword '//全局配置'" (line 4), "'//vrrp实例'" (20), "VRRP parsed invalid IP //虚拟ip" (30),
     * "'//vip'" (35), "Invalid tunnel option //" (38) and silently ignores the others (extra words after a
     * value); we warn on every line holding one.
     */
    @Test
    void doubleSlashCommentsAreCommentsWithAWarningPerLine() {
        Harness h = Harness.file(resource("seed001-slashes.conf"));
        assertEquals("""
                4 global_defs {
                  5 notification_email {
                    6 acassen@firewall.loc
                    7 failover@firewall.loc
                    8 sysadmin@firewall.loc
                  }
                  10 notification_email_from Alexandre.Cassen@firewall.loc
                  11 smtp_server 192.168.200.1
                  12 smtp_connect_timeout 30
                  13 router_id LVS_DEVEL_master
                  14 vrrp_skip_check_adv_addr
                  15 vrrp_strict
                  16 vrrp_garp_interval 0
                  17 vrrp_gna_interval 0
                }
                20 vrrp_instance VI_1 {
                  21 state MASTER
                  22 interface enp10s0
                  23 virtual_router_id 51
                  24 priority 100
                  25 advert_int 1
                  26 authentication {
                    27 auth_type PASS
                    28 auth_pass 1111
                  }
                  30 virtual_ipaddress {
                    31 10.0.5.96/20
                  }
                }
                35 virtual_server 10.0.5.96 8888 {
                  36 delay_loop 3
                  37 lb_algo rr
                  38 lb_kind DR
                  40 protocol TCP
                  42 real_server 10.0.5.91 8888 {
                    43 weight 1
                    44 TCP_CHECK {
                      45 connect_port 8888
                      46 connect_timeout 3
                      47 nb_get_retry 3
                      48 delay_before_retry 3
                    }
                  }
                  52 real_server 10.0.5.92 8888 {
                    53 weight 1
                    54 TCP_CHECK {
                      55 connect_port 8888
                      56 connect_timeout 3
                      57 nb_get_retry 3
                      58 delay_before_retry 3
                    }
                  }
                }
                """, h.tree());
        assertEquals(List.of(4, 5, 13, 20, 21, 22, 23, 24, 30, 35, 37, 38, 45), warningLines(h, "'//'"));
        assertEquals(13, h.diagnostics.size(), h.problems());
    }

    /**
     * Seed 003 lost its line breaks: Chinese prose is glued to keywords and several statements share a line. The
     * reader must neither throw nor lose count of lines. Verified: keepalived 2.2.7 reports the same first words
     * at the same lines (e.g. line 6 "Unknown keyword '定义全局参数router_id'", line 16 'weight', 'connect_port',
     * '}') and "There are 2 missing '}'s or extra '{'s".
     */
    @Test
    void mangledTextKeepsItsLineNumbers() {
        Harness h = Harness.file(resource("seed003-mangled.conf"));
        assertEquals("""
                1 7. 部署keepalived(主-备)
                3 cd /etc/keepalived/
                4 ls
                5 vim keepalived.conf
                6 global_defs {
                  6 定义全局参数router_id lvs_01 热备组内的设备名称不能一致
                }
                8 vrrp_instance vi_1 {
                  8 定义VRRP热备实例参数state MASTER 指定热备状态,主为master,备为backupinterface ens33 指定承载vip地址的物理接口virtual_router_id 51 指定虚拟路由器的ID号,每个热备组保持一致priority 110 指定优先级,数值越大越优先advert_int 1 authentication {
                    8 auth type PASS auth pass 6666
                  }
                  10 virtual ipaddress {
                    10 指定集群VIP地址192.168.22.100
                  }
                }
                14 virtual server 192.168.22.100 80 {
                  14 lb_algo rr 指定调度算法,轮询(rr)lb_kind DR 指定集群工作模式,直接路由DRpersistence_timeout 6 健康检查的间隔时间protocol TCP 应用服务采用的是TCP协议
                  16 real_server 192.168.22.126 80 {
                    16 weight 1 节点权重TCP_ CHECK {
                      16 connect_port 80 添加检查的目标端口connect_timeout 3 添加连接超时nb_get_retry 3 添加重试次数delay before_retry 3 添加重试间隔
                    }
                  }
                  19 real_server 192.168.22.168 80 {
                    19 weight 1TCP_CHECK {
                      19 connect port 80connect_timeout 3nb_get_retry 3delay_before_retry 3
                    }
                  }
                  21 scp keepalived.conf root@192.168.22.228:/etc/keepalived/keepalived.conf
                  23 cd /etc/keepalived/
                  24 vim keepalived.conf
                  25 global_defs {
                    25 router_id lvs_02
                  }
                  27 vrrp_instance vi_1 {
                    27 state BACKUPinterface ens33virtual_router_id 51priority 105advert_int 1authentication {
                      27 auth type PASSauth pass 6666
                    }
                    29 virtual ipaddress {
                      29 192.168.22.100
                    }
                  }
                  32 virtual server 192.168.22.100 80 {
                    32 lb_algo rrlb_kind DRpersistence_timeout 6protocol TCP
                    33 real_server 192.168.22.126 80 {
                      33 weight 1TCP_ CHECK {
                        33 connect_port 80connect_timeout 3nb_get_retry 3delay before_retry 3
                      }
                    }
                    35 real_server 192.168.22.168 80 {
                      36 weight 1TCP_CHECK {
                        36 connect port 80connect_timeout 3nb_get_retry 3delay_before_retry 3
                      }
                    }
                  }
                }
                """, h.tree());
        List<Diagnostic> errors = h.diagnostics;
        assertEquals(2, errors.size(), h.problems());
        assertTrue(errors.stream().allMatch(d -> d.severity() == Severity.ERROR
                && d.message().startsWith("missing '}': the block of 'virtual'")), h.problems());
        assertEquals(List.of(32, 14), errors.stream().map(d -> d.location().line()).toList());
    }
}
