package io.jkeepalived.config.bind;

import static io.jkeepalived.config.testing.Expect.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Severity;
import io.jkeepalived.config.model.Authentication;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.SmtpServer;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.model.VrrpInstance.InitialState;
import io.jkeepalived.config.model.VrrpScript;
import io.jkeepalived.config.testing.Expect;
import io.jkeepalived.config.testing.TestConf;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The VRRP parts of the seed articles in /work/shared/seeds, bound as written, asserting the model each
 * article intends (and, where keepalived 2.2.7 disagrees with the article, what keepalived does).
 */
class SeedVrrpConfigsTest {

    /** Seed 000, MASTER: the global_defs and vrrp_instance of the article, ';' comment lines included. */
    private static final String SEED_000_MASTER = """
            ! Configuration File for keepalived

            global_defs {
               notification_email {
                 1993plus@gmail.com
               }
               notification_email_from Alexandre.Cassen@firewall.loc
               smtp_server 192.168.200.1
               smtp_connect_timeout 30
               ; 节点名
               router_id vs-node1
               ; 使用自定义组播地址(两台 VS 必须在同一组播地址中)
               vrrp_mcast_group4 224.39.39.39
            }

            vrrp_instance VI_1 {
            \t; 默认状态
                state MASTER
                ; VIP 网卡名
                interface eth0
                ; 虚拟路由 ID (两台 VS 必须填一样的 ID)
                virtual_router_id 220
                ; 优先级 ( MASTER 的优先级应比 BACKUP 高)
                priority 100
                ; VRRP 包发送间隔
                advert_int 2
                authentication {
                    auth_type PASS
                    ; 认证密码 ( 两台 VS 必须填一样的密码)
                    auth_pass weidong
                }
                virtual_ipaddress {
                \t; VIP 地址，为了方便区分可以将该地址绑定在一个网卡别名上
                    192.168.11.100/24 dev eth0 label eth0:1 broadcast 192.168.11.255
                }
            }
            """;

    private static final String SEED_000_BACKUP = """
            ! Configuration File for keepalived

            global_defs {
               notification_email {
                 1993plus@gmail.com
               }
               notification_email_from Alexandre.Cassen@firewall.loc
               smtp_server 192.168.200.1
               smtp_connect_timeout 30
               router_id vs-node2
               vrrp_mcast_group4 224.39.39.39
            }

            vrrp_instance VI_1 {
            \t; 默认状态为 BACKUP
                state BACKUP
                interface eth0
                virtual_router_id 220
                priority 90
                advert_int 2
                authentication {
                    auth_type PASS
                    auth_pass weidong
                }
                virtual_ipaddress {
                    192.168.11.100/24 dev eth0 label eth0:1 broadcast 192.168.11.255
                }
            }
            """;

    /**
     * Ran {@code keepalived -t -l -f} (2.2.7) on the MASTER text above; it printed "Unknown keyword ';'" for
     * lines 10, 12, 17, 19, 21, 23, 25, 29 and "(Line 33) VRRP parsed invalid IP ;. skipping IP...", exit 5,
     * and still ran. The reader takes a word starting with ';' as the comment the article meant, with a WARNING
     * on each of those lines saying keepalived does not (docs/config-language.md).
     */
    @Test
    void seed000MasterIsTheArticlesMasterWithMulticastGroup() {
        TestConf.Bound b = TestConf.bind(SEED_000_MASTER);
        for (int line : new int[] {10, 12, 17, 19, 21, 23, 25, 29, 33}) {
            Expect.reported(b, Severity.WARNING, line, "';' does not start a comment for keepalived");
        }
        Expect.count(b, 9);

        GlobalDefs g = b.config().globalDefs();
        assertEquals(Optional.of("vs-node1"), g.routerId());
        assertEquals(List.of("1993plus@gmail.com"), g.notificationEmail());
        assertEquals(Optional.of("Alexandre.Cassen@firewall.loc"), g.notificationEmailFrom());
        assertEquals(Optional.of(new SmtpServer("192.168.200.1", 25)), g.smtpServer());
        assertEquals(Duration.ofSeconds(30), g.smtpConnectTimeout());
        assertEquals(ip("224.39.39.39"), g.vrrpMcastGroup4());

        VrrpInstance vi = single(b);
        assertEquals("VI_1", vi.name());
        assertEquals(InitialState.MASTER, vi.state());
        assertEquals(Optional.of("eth0"), vi.interfaceName());
        assertEquals(220, vi.virtualRouterId());
        assertEquals(100, vi.priority());
        assertEquals(Duration.ofSeconds(2), vi.advertInterval());
        assertEquals(2, vi.version());
        assertEquals(Optional.of(new Authentication(Authentication.Type.PASS, "weidong")), vi.authentication());
        assertEquals(Optional.of(ip("224.39.39.39")), vi.multicastGroup(), "adverts go to the article's group");
        assertEquals(List.of(seedVip()), vi.virtualAddresses());
        assertTrue(vi.accept());
        assertTrue(!vi.nopreempt());
    }

    @Test
    void seed000BackupDiffersOnlyInStatePriorityAndRouterId() {
        TestConf.Bound b = TestConf.bind(SEED_000_BACKUP);
        Expect.reported(b, Severity.WARNING, 15, "';' does not start a comment for keepalived");
        Expect.count(b, 1);
        TestConf.Bound master = TestConf.bind(SEED_000_MASTER);

        assertEquals(Optional.of("vs-node2"), b.config().globalDefs().routerId());
        VrrpInstance backup = single(b);
        assertEquals(InitialState.BACKUP, backup.state());
        assertEquals(90, backup.priority());
        VrrpInstance m = single(master);
        VrrpInstance.Builder same = m.toBuilder();
        same.state = InitialState.BACKUP;
        same.priority = 90;
        assertEquals(same.build(), backup);
    }

    private static VirtualAddress seedVip() {
        return new VirtualAddress(ip("192.168.11.100"), 24, Optional.of("eth0"), Optional.of(ip("192.168.11.255")),
                Optional.empty(), Optional.of("eth0:1"), VirtualAddress.SCOPE_GLOBAL, false, false, false, false,
                false, false, false, OptionalLong.empty());
    }

    /** Seed 001, "双主方式": DS1 is master of VI_1 and backup of VI_2; DS2 the reverse. */
    private static final String SEED_001_DS1 = """
            ! Configuration File for keepalived

            global_defs {
               router_id LVS_DEVEL_master
            }

            vrrp_instance VI_1 {
                state MASTER
                interface enp10s0
                virtual_router_id 51
                priority 100
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    10.0.5.96/20
                }
            }

            vrrp_instance VI_2 {
                state BACKUP
                interface enp10s0
                virtual_router_id 52
                priority 11
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    10.0.5.97/20
                }
            }
            """;

    private static final String SEED_001_DS2 = """
            ! Configuration File for keepalived

            global_defs {
               router_id LVS_DEVEL
            }

            vrrp_instance VI_1 {
                state BACKUP
                interface eno1
                virtual_router_id 51
                priority 10
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    10.0.5.96/20
                }
            }

            vrrp_instance VI_2 {
                state MASTER
                interface eno1
                virtual_router_id 52
                priority 101
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    10.0.5.97/20
                }
            }
            """;

    @Test
    void seed001DualMasterEachDirectorOwnsOneVipAndBacksUpTheOther() {
        TestConf.Bound ds1 = TestConf.bind(SEED_001_DS1);
        TestConf.Bound ds2 = TestConf.bind(SEED_001_DS2);
        Expect.clean(ds1);
        Expect.clean(ds2);

        List<VrrpInstance> one = ds1.config().vrrp().instances();
        List<VrrpInstance> two = ds2.config().vrrp().instances();
        assertEquals(List.of("VI_1", "VI_2"), one.stream().map(VrrpInstance::name).toList());
        assertEquals(List.of(InitialState.MASTER, InitialState.BACKUP), one.stream().map(VrrpInstance::state).toList());
        assertEquals(List.of(100, 11), one.stream().map(VrrpInstance::priority).toList());
        assertEquals(List.of(InitialState.BACKUP, InitialState.MASTER), two.stream().map(VrrpInstance::state).toList());
        assertEquals(List.of(10, 101), two.stream().map(VrrpInstance::priority).toList());
        for (int k = 0; k < 2; k++) {
            // the pair agrees on what makes them one virtual router: VRID, interval, password, VIP
            assertEquals(one.get(k).virtualRouterId(), two.get(k).virtualRouterId());
            assertEquals(one.get(k).advertInterval(), two.get(k).advertInterval());
            assertEquals(one.get(k).authentication(), two.get(k).authentication());
            assertEquals(one.get(k).virtualAddresses(), two.get(k).virtualAddresses());
            // and each side has the higher priority for the instance it is master of
            boolean ds1Master = one.get(k).state() == InitialState.MASTER;
            assertEquals(ds1Master, one.get(k).priority() > two.get(k).priority());
        }
        VirtualAddress vip = one.get(0).virtualAddresses().get(0);
        assertEquals(ip("10.0.5.96"), vip.address());
        assertEquals(20, vip.prefixLength());
        assertEquals(Optional.empty(), vip.device(), "no dev: the address goes on the instance's interface");
        assertEquals(Optional.of("enp10s0"), one.get(0).interfaceName());
        assertEquals(Optional.of("eno1"), two.get(0).interfaceName());
        assertEquals(Optional.of(GlobalDefs.Defaults.MCAST_GROUP4), one.get(0).multicastGroup());
    }

    /**
     * Seed 001, "自定义健康状态检测": vrrp_script chk_sshd as the article writes it. The article shows the
     * script alone; keepalived drops a script nothing tracks, so an instance tracking it is added here.
     */
    @Test
    void seed001ChkSshdTrackedWithItsNegativeWeight() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_script chk_sshd {

                    script "killall -0 sshd"    # 示例为检查sshd服务是否运行中

                    interval 2         # 检查间隔时间
                    weight -4          # 检查失败降低的权重
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    track_script {
                        chk_sshd
                    }
                    virtual_ipaddress {
                        10.0.5.96/20
                    }
                }
                """);
        // keepalived 2.2.7 -t: "SECURITY VIOLATION - scripts are being executed but script_security not enabled."
        Expect.reported(b, Severity.WARNING, 3, "SECURITY VIOLATION");
        Expect.count(b, 1);
        VrrpScript s = b.config().vrrp().scripts().get(0);
        assertEquals(new VrrpScript("chk_sshd", ScriptCommand.of("killall -0 sshd"), Duration.ofSeconds(2),
                Duration.ofSeconds(2), -4, false, 1, 1, false), s);
        assertEquals(List.of("killall", "-0", "sshd"), s.command().argv());
        // the instance inherits the script's weight: -4 while sshd is not running
        assertEquals(List.of(new TrackedScript("chk_sshd", -4, false)), single(b).trackScripts());
    }

    /**
     * Seed 001, "keepalived自动配置" (upyun). The article's "¦ " are an editor's indent guides, removed here.
     * Ran {@code keepalived -t} (2.2.7) on it: "(Line 22) Truncating auth_pass to 8 characters" (and, on this
     * host, that eth3 does not exist, which the parser does not check).
     */
    @Test
    void seed001UpyunMasterWithNotifyScriptsAndTrackedCheck() {
        TestConf.Bound b = TestConf.bind("""
                ! Configuration File for keepalived

                global_defs {
                router_id SLB-SAD
                }

                vrrp_script chk_upyun {
                        script "/etc/keepalived/bin/check_vip.sh"
                        interval 3
                }

                vrrp_instance upyun_lb {
                    state MASTER
                    interface eth3
                    virtual_router_id 20
                    priority 100
                    advert_int 1
                    notify_master /etc/keepalived/bin/change_master.sh
                    notify_backup /etc/keepalived/bin/change_backup.sh
                    authentication {
                        auth_type PASS
                        auth_pass upyun.com
                    }
                    track_script {
                        chk_upyun
                    }
                    virtual_ipaddress {
                        192.168.147.20 label eth3:9
                    }
                }
                """);
        Expect.reported(b, Severity.WARNING, 22, "auth_pass", "first 8 characters", "'upyun.co'");
        Expect.reported(b, Severity.WARNING, 8, "SECURITY VIOLATION");
        Expect.count(b, 2);
        VrrpInstance vi = single(b);
        assertEquals(Optional.of(new Authentication(Authentication.Type.PASS, "upyun.co")), vi.authentication());
        assertEquals(Optional.of(ScriptCommand.of("/etc/keepalived/bin/change_master.sh")),
                vi.notifyScripts().master());
        assertEquals(Optional.of(ScriptCommand.of("/etc/keepalived/bin/change_backup.sh")),
                vi.notifyScripts().backup());
        assertEquals(Optional.empty(), vi.notifyScripts().fault());
        assertEquals(List.of(new TrackedScript("chk_upyun", 0, false)), vi.trackScripts(),
                "weight 0: a failing check puts the instance in FAULT");
        VrrpScript chk = b.config().vrrp().scripts().get(0);
        assertEquals(Duration.ofSeconds(3), chk.interval());
        assertEquals(Duration.ofSeconds(3), chk.timeout(), "keepalived's default timeout is the interval");
        VirtualAddress vip = vi.virtualAddresses().get(0);
        assertEquals(ip("192.168.147.20"), vip.address());
        assertEquals(32, vip.prefixLength());
        assertEquals(Optional.of("eth3:9"), vip.label());
    }

    /**
     * Seed 001's "仅使用keepalive" master: the article means a MASTER with a password, but it also sets
     * vrrp_strict. Ran {@code keepalived -t} (2.2.7): "(Line 13) vrrp_garp_interval '0' is invalid", the same
     * for vrrp_gna_interval (line 14), "(VI_1) State MASTER must match being address owner", "(VI_1) Strict
     * mode does not support authentication. Ignoring." We do what keepalived does and say so.
     */
    @Test
    void seed001StrictMasterLosesItsPasswordAndStartsAsBackupLikeKeepalived() {
        TestConf.Bound b = TestConf.bind("""
                ! Configuration File for keepalived

                global_defs {
                   notification_email {
                     acassen@firewall.loc
                     failover@firewall.loc
                     sysadmin@firewall.loc
                   }
                   notification_email_from Alexandre.Cassen@firewall.loc
                   smtp_server 192.168.200.1
                   smtp_connect_timeout 30
                   router_id LVS_DEVEL_master
                   vrrp_skip_check_adv_addr
                   vrrp_strict
                   vrrp_garp_interval 0
                   vrrp_gna_interval 0
                }

                vrrp_instance VI_1 {
                    state MASTER
                    interface enp10s0
                    virtual_router_id 51
                    priority 100
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass 1111
                    }
                    virtual_ipaddress {
                        10.0.5.96/20
                    }
                }
                """);
        Expect.reported(b, Severity.ERROR, 15, "vrrp_garp_interval", "0.000001", "'0'");
        Expect.reported(b, Severity.ERROR, 16, "vrrp_gna_interval", "'0'");
        Expect.reported(b, Severity.ERROR, 19, "VI_1", "strict mode", "MASTER", "priority 255", "using BACKUP");
        Expect.reported(b, Severity.ERROR, 19, "VI_1", "strict mode does not support authentication");
        Expect.count(b, 4);
        assertEquals(List.of("acassen@firewall.loc", "failover@firewall.loc", "sysadmin@firewall.loc"),
                b.config().globalDefs().notificationEmail());
        VrrpInstance vi = single(b);
        assertEquals(InitialState.BACKUP, vi.state());
        assertEquals(Optional.empty(), vi.authentication());
        assertTrue(vi.strictMode());
        assertTrue(vi.skipCheckAdvAddr());
        assertTrue(!vi.accept(), "strict mode below priority 255 means no_accept");
        assertTrue(vi.lowerPrioNoAdvert());
        assertEquals(0, vi.garpLowerPrioRepeat());
    }

    /**
     * Seed 002 (VS/DR): VIP "192.168.1.200 dev eth0 label eth0:vip" with '#' comments after the values.
     * Ran {@code keepalived -t} (2.2.7): exit 0, nothing printed; its -d dump shows
     * "192.168.1.200 dev eth0 scope global label eth0:vip".
     */
    @Test
    void seed002VipWithLabelAndDefaultHostPrefix() {
        TestConf.Bound b = TestConf.bind("""
                ! Configuration File for keepalived
                global_defs {
                    notification_email {
                        test@localhost.com
                    }
                    notification_email_from localhost@localhost.com
                    smtp_server 127.0.0.1
                    smtp_connect_timeout 30
                    router_id LVS_DEVEL   #LVS_DEVEL可以修改成需要的编号
                 }

                 vrrp_instance VI_1 {
                    state MASTER #MASTER-主机,BACKUP-备机
                    interface eth0 #绑定到eth0网卡
                    virtual_router_id 51 #VRID标记(0~255),主备保持相同
                    priority 100    #优先级，MASTER要高于BACKUP的优先级(至少50)
                    advert_int 1    #检查间隔时间，默认1秒
                    authentication {
                        auth_type PASS  #指定要使用哪一种认证，目前有PASS和AH两种
                        auth_pass 1111  #指定要使用的密码字符串
                    }

                    virtual_ipaddress {
                        192.168.1.200 dev eth0 label eth0:vip  #配置vip地址
                     }
                 }
                """);
        Expect.clean(b);
        VrrpInstance vi = single(b);
        assertEquals(InitialState.MASTER, vi.state());
        assertEquals(51, vi.virtualRouterId());
        assertEquals(Duration.ofSeconds(1), vi.advertInterval());
        assertEquals(Optional.of(new Authentication(Authentication.Type.PASS, "1111")), vi.authentication());
        assertEquals(List.of(new VirtualAddress(ip("192.168.1.200"), 32, Optional.of("eth0"), Optional.empty(),
                Optional.empty(), Optional.of("eth0:vip"), VirtualAddress.SCOPE_GLOBAL, false, false, false, false,
                false, false, false, OptionalLong.empty())), vi.virtualAddresses());
        assertEquals(Optional.of(new SmtpServer("127.0.0.1", 25)), b.config().globalDefs().smtpServer());
        assertEquals(Optional.of("LVS_DEVEL"), b.config().globalDefs().routerId());
    }

    private static VrrpInstance single(TestConf.Bound b) {
        assertEquals(1, b.config().vrrp().instances().size(), b.report());
        return b.config().vrrp().instances().get(0);
    }
}
