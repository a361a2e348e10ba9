package io.jkeepalived.check.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The real server and quorum events a pool reports for the notify FIFOs: where keepalived 2.2.7 writes its RS and
 * VS lines (ipwrapper.c: the RS line with the real server's notifies, then the quorum judged, the VS line with the
 * quorum's), whether scripts are configured or not.
 */
class ServicePoolFifoEventsTest {
    private static final VirtualService VS = VirtualService.of(ip("192.0.2.10"), 6, 80, "wlc");

    private final List<String> events = new ArrayList<>();
    private final PoolOutput out = new PoolOutput() {
        @Override
        public void publish(ServiceConfig desired) {
        }

        @Override
        public void runScript(ScriptRequest script) {
            events.add("script " + String.join(" ", script.command().args()));
        }

        @Override
        public void realServerChanged(int member, boolean alive) {
            events.add("RS " + member + (alive ? " UP" : " DOWN"));
        }

        @Override
        public void quorumChanged(boolean up) {
            events.add("VS" + (up ? " UP" : " DOWN"));
        }
    };

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static PoolMember member(String address) {
        return PoolMember.of(RealServerDest.of(ip(address), 8080, ForwardingMethod.MASQ, 1));
    }

    private static PoolSpec spec(boolean omega) {
        return new PoolSpec(VS, List.of(member("10.0.0.1"), member("10.0.0.2")), Optional.empty(), 1, 0,
                Optional.empty(), Optional.empty(), omega);
    }

    private List<String> take() {
        List<String> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    @Test
    void realServerThenQuorumAsTheyChangeWithoutAnyScript() {
        ServicePool pool = new ServicePool(spec(false), out);
        pool.start(List.of(new RealServerHealth(true, 1), new RealServerHealth(true, 1)));
        assertEquals(List.of(), take(), "nothing at start while the quorum holds");
        pool.healthChanged(0, new RealServerHealth(false, 1));
        assertEquals(List.of("RS 0 DOWN"), take());
        pool.healthChanged(1, new RealServerHealth(false, 1));
        assertEquals(List.of("RS 1 DOWN", "VS DOWN"), take());
        pool.healthChanged(1, new RealServerHealth(true, 1));
        assertEquals(List.of("RS 1 UP", "VS UP"), take());
        pool.healthChanged(1, new RealServerHealth(true, 2));
        assertEquals(List.of(), take(), "a weight change is no up/down");
        pool.stop();
        assertEquals(List.of(), take(), "no omega: nothing at stop");
    }

    @Test
    void aQuorumLostAtStartIsReported() {
        ServicePool pool = new ServicePool(spec(false), out);
        pool.start(List.of(new RealServerHealth(false, 1), new RealServerHealth(false, 1)));
        assertEquals(List.of("VS DOWN"), take());
    }

    @Test
    void omegaTakesEveryLiveServerAndTheQuorumDownAtStop() {
        ServicePool pool = new ServicePool(spec(true), out);
        pool.start(List.of(new RealServerHealth(true, 1), new RealServerHealth(false, 1)));
        take();
        pool.stop();
        assertEquals(List.of("RS 0 DOWN", "VS DOWN"), take());
    }
}
