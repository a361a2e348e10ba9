package io.jkeepalived.check.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.exec.ScriptCommand;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;

/** Exact sequences of tables and scripts, as keepalived 2.2.7's ipwrapper.c would produce them. */
class ServicePoolTest {
    private static final int IPPROTO_TCP = 6;
    private static final VirtualService VS = VirtualService.of(ip("192.0.2.10"), IPPROTO_TCP, 80, "wlc");

    /** Records what the pool said, in order: "table [a:80 w1, b:80 w0]" and "script /x". */
    private static final class Recorder implements PoolOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public void publish(ServiceConfig desired) {
            assertEquals(VS, desired.service());
            events.add("table " + desired.destinations().stream()
                    .map(d -> d.address().getHostAddress() + ":" + d.port() + " w" + d.weight())
                    .collect(Collectors.joining(", ", "[", "]")));
        }

        @Override
        public void runScript(ScriptRequest script) {
            events.add("script " + String.join(" ", script.command().args()));
        }

        List<String> take() {
            List<String> copy = List.copyOf(events);
            events.clear();
            return copy;
        }
    }

    private final Recorder out = new Recorder();

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<ScriptRequest> script(String... words) {
        return Optional.of(new ScriptRequest(ScriptCommand.of(words), Duration.ofSeconds(30)));
    }

    private static RealServerDest dest(String address, int weight) {
        return RealServerDest.of(ip(address), 8080, ForwardingMethod.MASQ, weight);
    }

    private static PoolMember member(String address, int weight, boolean inhibit) {
        return new PoolMember(dest(address, weight), inhibit, script("/up", address), script("/down", address));
    }

    private static RealServerHealth up(int weight) {
        return new RealServerHealth(true, weight);
    }

    private static RealServerHealth down(int weight) {
        return new RealServerHealth(false, weight);
    }

    private static PoolSpec spec(List<PoolMember> members, Optional<SorryMember> sorry, long quorum, long hysteresis,
                                 boolean omega) {
        return new PoolSpec(VS, members, sorry, quorum, hysteresis, script("/qup"), script("/qdown"), omega);
    }

    private static Optional<SorryMember> sorry(boolean inhibit) {
        return Optional.of(new SorryMember(RealServerDest.of(ip("192.0.2.99"), 8080, ForwardingMethod.MASQ, 1),
                inhibit));
    }

    @Test
    void withoutAlphaEveryServerIsInBeforeItsFirstCheckAndNoScriptRuns() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 1, false), member("10.0.0.2", 3, false)),
                sorry(false), 1, 0, false), out);
        pool.start(List.of(up(1), up(3)));
        assertEquals(List.of("table [10.0.0.1:8080 w1, 10.0.0.2:8080 w3]"), out.take());
        assertTrue(pool.quorumUp());
        assertEquals(4, pool.liveWeight());
    }

    @Test
    void withAlphaNothingIsInAndTheQuorumIsLostAtStartUp() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 1, false), member("10.0.0.2", 1, true)),
                sorry(false), 1, 0, false), out);
        pool.start(List.of(down(1), down(1)));
        // keepalived adds an inhibited server at weight 0 even in alpha mode; the sorry server is in at once.
        assertEquals(List.of("table [10.0.0.2:8080 w0, 192.0.2.99:8080 w1]", "script /qdown"), out.take());
        assertFalse(pool.quorumUp());

        pool.healthChanged(0, up(1));
        assertEquals(List.of("table [10.0.0.1:8080 w1, 10.0.0.2:8080 w0]", "script /up 10.0.0.1", "script /qup"),
                out.take());
        assertTrue(pool.quorumUp());
    }

    @Test
    void withAlphaAndNoSorryServerTheTableStaysEmptyUntilAFirstSuccess() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 2, false)), Optional.empty(), 1, 0, false),
                out);
        pool.start(List.of(down(2)));
        assertEquals(List.of("table []", "script /qdown"), out.take());
        pool.healthChanged(0, up(2));
        assertEquals(List.of("table [10.0.0.1:8080 w2]", "script /up 10.0.0.1", "script /qup"), out.take());
    }

    @Test
    void aFailedServerIsRemovedOrKeptAtWeightZeroUnderInhibit() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 1, false), member("10.0.0.2", 2, true),
                member("10.0.0.3", 1, false)), sorry(false), 1, 0, false), out);
        pool.start(List.of(up(1), up(2), up(1)));
        out.take();

        pool.healthChanged(0, down(1));
        assertEquals(List.of("table [10.0.0.2:8080 w2, 10.0.0.3:8080 w1]", "script /down 10.0.0.1"), out.take());
        pool.healthChanged(1, down(2));
        assertEquals(List.of("table [10.0.0.2:8080 w0, 10.0.0.3:8080 w1]", "script /down 10.0.0.2"), out.take());
        pool.healthChanged(1, up(2));
        assertEquals(List.of("table [10.0.0.2:8080 w2, 10.0.0.3:8080 w1]", "script /up 10.0.0.2"), out.take());
        assertTrue(pool.quorumUp());
    }

    @Test
    void allFailedBringsTheSorryServerInAndRecoveryTakesItOut() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 1, false), member("10.0.0.2", 1, true)),
                sorry(false), 1, 0, false), out);
        pool.start(List.of(up(1), up(1)));
        out.take();

        pool.healthChanged(0, down(1));
        assertEquals(List.of("table [10.0.0.2:8080 w1]", "script /down 10.0.0.1"), out.take());
        pool.healthChanged(1, down(1));
        assertEquals(List.of("table [10.0.0.2:8080 w0, 192.0.2.99:8080 w1]", "script /down 10.0.0.2",
                "script /qdown"), out.take());
        assertFalse(pool.quorumUp());

        pool.healthChanged(1, up(1));
        assertEquals(List.of("table [10.0.0.2:8080 w1]", "script /up 10.0.0.2", "script /qup"), out.take());
        pool.healthChanged(0, up(1));
        assertEquals(List.of("table [10.0.0.1:8080 w1, 10.0.0.2:8080 w1]", "script /up 10.0.0.1"), out.take());
    }

    @Test
    void sorryServerInhibitKeepsItAtWeightZeroWhileNotNeeded() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 1, false)), sorry(true), 1, 0, false),
                out);
        pool.start(List.of(up(1)));
        assertEquals(List.of("table [10.0.0.1:8080 w1, 192.0.2.99:8080 w0]"), out.take());
        pool.healthChanged(0, down(1));
        assertEquals(List.of("table [192.0.2.99:8080 w1]", "script /down 10.0.0.1", "script /qdown"), out.take());
        pool.healthChanged(0, up(1));
        assertEquals(List.of("table [10.0.0.1:8080 w1, 192.0.2.99:8080 w0]", "script /up 10.0.0.1", "script /qup"),
                out.take());
    }

    @Test
    void quorumHysteresisBoundaries() {
        // quorum 4, hysteresis 1: lost below 3 (at 2), regained at 5, not at 4.
        List<PoolMember> members = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            members.add(new PoolMember(dest("10.0.0." + i, 1), false, Optional.empty(), Optional.empty()));
        }
        ServicePool pool = new ServicePool(spec(members, sorry(false), 4, 1, false), out);
        pool.start(List.of(up(1), up(1), up(1), up(1), up(1)));
        out.take();

        pool.healthChanged(0, down(1));
        pool.healthChanged(1, down(1));
        assertEquals(3, pool.liveWeight());
        assertTrue(pool.quorumUp(), "3 is not below quorum - hysteresis = 3");
        assertEquals(List.of("table [10.0.0.2:8080 w1, 10.0.0.3:8080 w1, 10.0.0.4:8080 w1, 10.0.0.5:8080 w1]",
                "table [10.0.0.3:8080 w1, 10.0.0.4:8080 w1, 10.0.0.5:8080 w1]"), out.take());

        pool.healthChanged(2, down(1));
        assertFalse(pool.quorumUp());
        assertEquals(List.of("table [192.0.2.99:8080 w1]", "script /qdown"), out.take());

        pool.healthChanged(0, up(1));
        pool.healthChanged(1, up(1));
        assertEquals(4, pool.liveWeight());
        assertFalse(pool.quorumUp(), "4 does not reach quorum + hysteresis = 5");
        assertEquals(List.of(), out.take(), "while the sorry server is in, recoveries do not touch the table");

        pool.healthChanged(2, up(1));
        assertTrue(pool.quorumUp());
        assertEquals(List.of("table [10.0.0.1:8080 w1, 10.0.0.2:8080 w1, 10.0.0.3:8080 w1, 10.0.0.4:8080 w1, "
                + "10.0.0.5:8080 w1]", "script /qup"), out.take());
    }

    @Test
    void dynamicWeightsAreAppliedAndCountTowardsTheQuorum() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 5, false), member("10.0.0.2", 5, false)),
                sorry(false), 6, 0, false), out);
        pool.start(List.of(up(5), up(5)));
        out.take();

        pool.healthChanged(0, up(7));
        assertEquals(List.of("table [10.0.0.1:8080 w7, 10.0.0.2:8080 w5]"), out.take());
        pool.healthChanged(1, up(0));
        assertTrue(pool.quorumUp(), "7 >= 6");
        assertEquals(List.of("table [10.0.0.1:8080 w7, 10.0.0.2:8080 w0]"), out.take());
        pool.healthChanged(0, up(3));
        assertEquals(List.of("table [192.0.2.99:8080 w1]", "script /qdown"), out.take());
        // a weight change while the sorry server is in shows only when the quorum comes back
        pool.healthChanged(1, up(4));
        assertEquals(List.of("table [10.0.0.1:8080 w3, 10.0.0.2:8080 w4]", "script /qup"), out.take());
    }

    @Test
    void aZeroLiveWeightLosesTheQuorumEvenWithQuorumZero() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 1, false)), Optional.empty(), 0, 0, false),
                out);
        pool.start(List.of(up(1)));
        out.take();
        pool.healthChanged(0, down(1));
        assertEquals(List.of("table []", "script /down 10.0.0.1", "script /qdown"), out.take());
        // regained at once: 0 >= quorum 0 on the next evaluation
        pool.healthChanged(0, up(1));
        assertEquals(List.of("table [10.0.0.1:8080 w1]", "script /up 10.0.0.1", "script /qup"), out.take());
    }

    @Test
    void stopRunsDownScriptsOnlyWithOmega() {
        ServicePool quiet = new ServicePool(spec(List.of(member("10.0.0.1", 1, false)), sorry(false), 1, 0, false),
                out);
        quiet.start(List.of(up(1)));
        out.take();
        quiet.stop();
        assertEquals(List.of(), out.take());

        ServicePool omega = new ServicePool(spec(List.of(member("10.0.0.1", 1, false), member("10.0.0.2", 1, false)),
                sorry(false), 1, 0, true), out);
        omega.start(List.of(up(1), up(1)));
        omega.healthChanged(1, down(1));
        out.take();
        omega.stop();
        assertEquals(List.of("script /down 10.0.0.1", "script /qdown"), out.take());
        omega.stop();
        assertEquals(List.of(), out.take());
    }

    @Test
    void anUnchangedHealthPublishesNothing() {
        ServicePool pool = new ServicePool(spec(List.of(member("10.0.0.1", 1, false)), sorry(false), 1, 0, false),
                out);
        pool.start(List.of(up(1)));
        out.take();
        pool.healthChanged(0, up(1));
        assertEquals(List.of(), out.take());
    }
}
