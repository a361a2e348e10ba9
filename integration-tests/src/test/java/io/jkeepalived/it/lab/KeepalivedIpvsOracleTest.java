package io.jkeepalived.it.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * keepalived 2.2.7 as the oracle for the IPVS table: inside the lab VM it programs IPVS from a tiny config
 * whose TCP_CHECK real servers live in a namespace the test creates there; ipvsadm-save -n reads the table
 * back. Later tests compare jkeepalived's table with keepalived's the same way.
 */
@KernelLabTest
class KeepalivedIpvsOracleTest {

    @Test
    void keepalivedProgramsIpvsAndItsTcpCheckRemovesTheDeadRealServer(KernelLab lab) {
        LabResult result = lab.run("""
                set -eu
                conf=$JKV_LAB_RESULTS/keepalived.conf
                cat > "$conf" <<'CONF'
                global_defs {
                  router_id jkv-lab
                }
                virtual_server 192.0.2.1 80 {
                  delay_loop 1
                  lb_algo wrr
                  lb_kind DR
                  protocol TCP
                  real_server 198.51.100.10 80 {
                    weight 2
                    TCP_CHECK {
                      connect_timeout 1
                    }
                  }
                  real_server 198.51.100.11 80 {
                    weight 3
                    TCP_CHECK {
                      connect_timeout 1
                      retry 0
                    }
                  }
                }
                CONF
                # Both real servers are addresses of a namespace made here; only .10 has a listener on port 80.
                ip netns add jkv-lab-rs
                ip link add jkv-lab-v0 type veth peer name jkv-lab-v1 netns jkv-lab-rs
                ip addr add 198.51.100.1/24 dev jkv-lab-v0
                ip link set jkv-lab-v0 up
                ip -n jkv-lab-rs addr add 198.51.100.10/24 dev jkv-lab-v1
                ip -n jkv-lab-rs addr add 198.51.100.11/24 dev jkv-lab-v1
                ip -n jkv-lab-rs link set jkv-lab-v1 up
                mkdir -p /tmp/www && echo ok > /tmp/www/index.html
                ip netns exec jkv-lab-rs busybox httpd -p 198.51.100.10:80 -h /tmp/www
                keepalived -n -l -D -f "$conf" --check -p /run/jkv-lab-ka.pid -c /run/jkv-lab-ka-check.pid \\
                  > "$JKV_LAB_RESULTS/keepalived.log" 2>&1 &
                ka=$!
                # keepalived adds both real servers first (no alpha) and removes .11 when its check fails.
                for i in $(seq 1 150); do
                  ipvsadm-save -n > /tmp/table
                  if grep -q 198.51.100.10 /tmp/table && ! grep -q 198.51.100.11 /tmp/table; then break; fi
                  sleep 0.2
                done
                echo "==settled=="
                ipvsadm-save -n
                kill -TERM $ka
                wait $ka || true
                echo "==after-stop=="
                ipvsadm-save -n
                ip netns del jkv-lab-rs
                """, Duration.ofMinutes(3));

        assertEquals(0, result.exitStatus(), result::describe);
        assertEquals("""
                ==settled==
                -A -t 192.0.2.1:80 -s wrr
                -a -t 192.0.2.1:80 -r 198.51.100.10:80 -g -w 2
                ==after-stop==
                """, result.stdout(), result::describe);
        System.out.printf("kernel-lab timing: keepalived oracle run %d ms%n", result.elapsed().toMillis());
    }
}
