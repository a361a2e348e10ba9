package io.jkeepalived.check;

import static io.jkeepalived.check.FakeScheduler.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.exec.ScriptCommand;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * keepalived's scheduling and retry semantics on a virtual clock, to the nanosecond. Results are instantaneous
 * unless said otherwise, and every checker starts 1 s (keepalived's bootstrap delay) after it is added, with
 * warmup 0.
 */
class CheckDriverTimelineTest {
    private final FakeScheduler clock = new FakeScheduler();
    private final List<String> events = new ArrayList<>();
    private final ScheduleStats stats = new ScheduleStats();

    private CheckDriver<String> driver(Prober prober) {
        return new CheckDriver<>(clock, prober, (server, before, after) ->
                events.add(fmt(clock.seconds()) + " " + server + " " + after), new Random(1), Duration.ofSeconds(1),
                stats);
    }

    private static String fmt(double seconds) {
        return String.format("%.1f", seconds);
    }

    private static List<String> fmt(List<Double> times) {
        return times.stream().map(CheckDriverTimelineTest::fmt).toList();
    }

    private static TcpCheck tcp(int port) {
        return new TcpCheck(ConnectTarget.of(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(5)));
    }

    private static HttpCheck http(int urls) {
        List<UrlCheck> list = new ArrayList<>();
        for (int i = 0; i < urls; i++) {
            list.add(UrlCheck.of("/u" + i));
        }
        return HttpCheck.of(ConnectTarget.of(new InetSocketAddress("127.0.0.1", 80), Duration.ofSeconds(5)), false,
                list);
    }

    private static CheckTiming timing(double delayLoop, double delayBeforeRetry, int retry) {
        return new CheckTiming(secs(delayLoop), secs(delayBeforeRetry), retry, Duration.ZERO, false);
    }

    private static ProbeResult ok() {
        return ProbeResult.success("ok");
    }

    private static ProbeResult refused() {
        return ProbeResult.failure("connection refused");
    }

    @Test
    void tcpGoesDownAfterOnePlusRetryFailuresSpacedDelayBeforeRetryAndUpOnOneSuccess() {
        TcpCheck check = tcp(80);
        // Healthy until 20 s, refusing from 20 s to 30 s, healthy again after.
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> t >= 20 && t < 30 ? refused() : ok());
        CheckDriver<String> d = driver(prober);
        assertEquals(new RealServerHealth(true, 3), d.add("rs1", 3, List.of(new CheckerConfig(check, timing(5, 1, 1)))));
        clock.runUntil(40);
        // 21: first failure, retry after delay_before_retry; 22: second failure = 1 + retry -> DOWN, then delay_loop.
        // While down, 2.2.7 keeps counting retries: 27 fail -> retry at 28, 28 fail -> delay_loop -> 33 ok -> UP.
        assertEquals(List.of("1.0", "6.0", "11.0", "16.0", "21.0", "22.0", "27.0", "28.0", "33.0", "38.0"),
                fmt(prober.times(check)));
        assertEquals(List.of("22.0 rs1 DOWN weight 3", "33.0 rs1 UP weight 3"), events);
    }

    @Test
    void statusCountsAttemptsFailuresAndTellsTheLastResultWithItsAge() {
        TcpCheck check = tcp(80);
        // Healthy until 20 s, refusing from 20 s to 30 s, healthy again after.
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> t >= 20 && t < 30 ? refused() : ok());
        CheckDriver<String> d = driver(prober);
        d.add("rs1", 3, List.of(new CheckerConfig(check, timing(5, 1, 1))));
        CheckerStatus fresh = d.status("rs1").get(0);
        assertEquals(CheckerKind.TCP_CHECK, fresh.kind());
        assertEquals(Optional.empty(), fresh.last());
        assertEquals(0, fresh.attempts());
        assertTrue(fresh.up());
        clock.runUntil(23.5);
        // attempts at 1, 6, 11, 16 (ok), 21, 22 (refused: DOWN)
        CheckerStatus down = d.status("rs1").get(0);
        assertEquals(6, down.attempts());
        assertEquals(2, down.failures());
        assertEquals(2, down.consecutiveFailures());
        assertEquals(false, down.up());
        assertEquals("failure", down.last().orElseThrow().result());
        assertEquals("connection refused", down.last().orElseThrow().detail());
        assertEquals(secs(1.5).toNanos(), down.last().orElseThrow().ageNanos());
        assertEquals(check.target().toString(), down.target());
        clock.runUntil(34);
        CheckerStatus up = d.status("rs1").get(0);
        // 27, 28 refused, 33 ok
        assertEquals(9, up.attempts());
        assertEquals(4, up.failures());
        assertEquals(0, up.consecutiveFailures());
        assertTrue(up.up());
        assertEquals("success", up.last().orElseThrow().result());
        assertEquals(List.of(), d.status("nobody"));
    }

    @Test
    void retryZeroGoesDownOnTheFirstFailure() {
        TcpCheck check = tcp(80);
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> t >= 10 ? refused() : ok());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 1, 0))));
        clock.runUntil(12);
        assertEquals(List.of("11.0 rs1 DOWN weight 1"), events);
    }

    @Test
    void atStartupOneFailureIsEnoughAsKeepalivedPrimesTheRetryCounter() {
        TcpCheck check = tcp(80);
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> refused());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 1, 3))));
        clock.runUntil(1);
        assertEquals(List.of("1.0 rs1 DOWN weight 1"), events);
    }

    @Test
    void theDelayCountsFromTheEndOfASlowAttempt() {
        TcpCheck check = tcp(80);
        // Each attempt takes 2 s (a connect that times out, say): keepalived re-arms delay_loop after it ends.
        ScriptedProber prober = new ScriptedProber(clock, 2, (t, spec, url) -> ok());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 1, 1))));
        clock.runUntil(30);
        assertEquals(List.of("1.0", "8.0", "15.0", "22.0", "29.0"), fmt(prober.times(check)));
    }

    @Test
    void alphaStartsDownAndComesUpOnTheFirstSuccess() {
        TcpCheck check = tcp(80);
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> t < 7 ? refused() : ok());
        CheckDriver<String> d = driver(prober);
        RealServerHealth initial = d.add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 1, 1).withAlpha(true))));
        assertEquals(new RealServerHealth(false, 1), initial);
        clock.runUntil(20);
        // 1 fails (already down, nothing to report; the primed counter sends it to delay_loop), 6 fails and
        // retries after delay_before_retry, 7 succeeds -> UP.
        assertEquals(List.of("1.0", "6.0", "7.0", "12.0", "17.0"), fmt(prober.times(check)));
        assertEquals(List.of("7.0 rs1 UP weight 1"), events);
    }

    @Test
    void withoutAlphaAHealthyServerProducesNoEventAtAll() {
        TcpCheck check = tcp(80);
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> ok());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(1, 1, 1))));
        clock.runUntil(100);
        assertEquals(List.of(), events);
        assertEquals(100, prober.times(check).size());
    }

    @Test
    void httpRecoveryNeedsTheFailedUrlThenAFullRoundDelayLoopLater() {
        HttpCheck check = http(1);
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> t >= 5 && t < 12 ? refused() : ok());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 3, 1))));
        clock.runUntil(30);
        // 6 fails, retry after 3 s: 9 fails -> DOWN; while down every max(dbr, delay_loop) = 5 s: 14 passes
        // (the failed url), delay_loop later 19 passes the round -> UP.
        assertEquals(List.of("1.0", "6.0", "9.0", "14.0", "19.0", "24.0", "29.0"), fmt(prober.times(check)));
        assertEquals(List.of("9.0 rs1 DOWN weight 1", "19.0 rs1 UP weight 1"), events);
    }

    @Test
    void httpFastRecoveryComesBackWithoutWaiting() {
        HttpCheck check = http(1).withFastRecovery(true);
        ScriptedProber prober = new ScriptedProber(clock, 0.5, (t, spec, url) -> t >= 5 && t < 12 ? refused() : ok());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 3, 1))));
        clock.runUntil(22);
        // Attempts take 0.5 s and delays count from their end. 6.5 fails, 10 fails -> DOWN at 10.5; 15.5 passes
        // the failed url; fast_recovery: the round starts at once, 16 passes -> UP at 16.5.
        assertEquals(List.of("1.0", "6.5", "10.0", "15.5", "16.0", "21.5"), fmt(prober.times(check)));
        assertEquals(List.of("10.5 rs1 DOWN weight 1", "16.5 rs1 UP weight 1"), events);
    }

    @Test
    void httpChecksOneUrlPerDelayLoopAndAllMustPass() {
        HttpCheck check = http(3);
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) ->
                url == 2 && t >= 30 && t < 50 ? ProbeResult.failure("HTTP status 500") : ok());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 2, 1))));
        clock.runUntil(75);
        List<String> urls = prober.attempts.stream().map(a -> fmt(a.at()) + ":" + a.url()).toList();
        // Round robin 0,1,2 at delay_loop; url 2 fails at 41 and, after delay_before_retry, 43 (-> DOWN); then every
        // max(dbr, delay_loop) while down: 48 fails, 53 passes -> the walk restarts at url 0: 58, 63, 68 -> UP.
        assertEquals(List.of("1.0:0", "6.0:1", "11.0:2", "16.0:0", "21.0:1", "26.0:2", "31.0:0", "36.0:1",
                "41.0:2", "43.0:2", "48.0:2", "53.0:2", "58.0:0", "63.0:1", "68.0:2", "73.0:0"), urls);
        assertEquals(List.of("43.0 rs1 DOWN weight 1", "68.0 rs1 UP weight 1"), events);
    }

    @Test
    void miscSchedulesFromTheStartOfTheRunAndAppliesDynamicWeights() {
        MiscCheck check = new MiscCheck(ScriptCommand.of("/bin/check"), Duration.ofSeconds(4), true, Optional.empty());
        // The script takes 2 s; it exits 12 (weight 10) until 10 s, then 0 (configured weight), then 1 (down)
        // from 20 s, then 7 (weight 5) from 30 s.
        ScriptedProber prober = new ScriptedProber(clock, 2, (t, spec, url) -> {
            int status = t < 10 ? 12 : t < 20 ? 0 : t < 30 ? 1 : 7;
            return ProbeResult.exited(status, "exit " + status);
        });
        driver(prober).add("rs1", 3, List.of(new CheckerConfig(check, timing(5, 1, 0))));
        clock.runUntil(45);
        assertEquals(List.of("1.0", "6.0", "11.0", "16.0", "21.0", "26.0", "31.0", "36.0", "41.0"),
                fmt(prober.times(check)));
        assertEquals(List.of("3.0 rs1 UP weight 10", "13.0 rs1 UP weight 3", "23.0 rs1 DOWN weight 3",
                "33.0 rs1 UP weight 5"), events);
    }

    @Test
    void miscRetriesAreSpacedFromTheStartAndRunAtOnceWhenOverdue() {
        MiscCheck check = new MiscCheck(ScriptCommand.of("/bin/check"), Duration.ofSeconds(10), false,
                Optional.empty());
        // A 3 s script, failing from 10 s, retry 2, delay_before_retry 1 s: each retry is due 1 s after the
        // previous start, already past when it ends, so it starts at once.
        ScriptedProber prober = new ScriptedProber(clock, 3, (t, spec, url) ->
                ProbeResult.exited(t >= 10 ? 1 : 0, "exit"));
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 1, 2))));
        clock.runUntil(25);
        assertEquals(List.of("1.0", "6.0", "11.0", "14.0", "17.0", "22.0"), fmt(prober.times(check)));
        assertEquals(List.of("20.0 rs1 DOWN weight 1"), events);
    }

    @Test
    void aTimeoutOrSignalIsAFailureEvenForMiscDynamic() {
        MiscCheck check = new MiscCheck(ScriptCommand.of("/bin/check"), Duration.ofSeconds(2), true, Optional.empty());
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) ->
                t < 5 ? ProbeResult.exited(20, "exit 20") : ProbeResult.failure("killed by signal 9"));
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 1, 0))));
        clock.runUntil(8);
        assertEquals(List.of("1.0 rs1 UP weight 18", "6.0 rs1 DOWN weight 1"), events);
    }

    @Test
    void aRealServerIsDownWhileAnyOfItsCheckersIsDown() {
        TcpCheck tcp = tcp(80);
        HttpCheck web = http(1);
        // TCP fails from 10 to 30; HTTP fails from 20 to 50.
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> {
            if (spec == tcp) {
                return t >= 10 && t < 30 ? refused() : ok();
            }
            return t >= 20 && t < 50 ? refused() : ok();
        });
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(tcp, timing(5, 1, 0)),
                new CheckerConfig(web, timing(5, 1, 0))));
        clock.runUntil(70);
        // Down when TCP fails (11); stays down when TCP recovers (31) because HTTP is down (since 21);
        // up when HTTP has recovered (51 failed url passes, 56 full round).
        assertEquals(List.of("11.0 rs1 DOWN weight 1", "56.0 rs1 UP weight 1"), events);
    }

    @Test
    void withAlphaOnEveryCheckerTheServerComesUpWhenAllHaveSucceeded() {
        TcpCheck a = tcp(80);
        TcpCheck b = tcp(81);
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> spec == b && t < 10 ? refused() : ok());
        CheckDriver<String> d = driver(prober);
        assertEquals(new RealServerHealth(false, 1), d.add("rs1", 1, List.of(
                new CheckerConfig(a, timing(5, 1, 1).withAlpha(true)),
                new CheckerConfig(b, timing(5, 1, 1).withAlpha(true)))));
        clock.runUntil(20);
        assertEquals(List.of("12.0 rs1 UP weight 1"), events);
    }

    @Test
    void noVerdictChangesNothingAndWaitsDelayLoop() {
        TcpCheck check = tcp(80);
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) ->
                t < 10 ? ProbeResult.indeterminate("bind failed: address in use") : refused());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 1, 1))));
        clock.runUntil(12);
        assertEquals(List.of("1.0", "6.0", "11.0"), fmt(prober.times(check)));
        assertEquals(List.of("11.0 rs1 DOWN weight 1"), events, "the first real verdict still finds retries primed");
    }

    @Test
    void warmupSpreadsFirstChecksRandomlyOverTheWarmupPeriod() {
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> ok());
        CheckDriver<String> d = driver(prober);
        List<TcpCheck> checks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            TcpCheck c = tcp(1000 + i);
            checks.add(c);
            d.add("rs" + i, 1, List.of(new CheckerConfig(c, timing(60, 1, 1).withWarmup(Duration.ofSeconds(10)))));
        }
        clock.runUntil(11);
        int[] perSecond = new int[10];
        for (TcpCheck c : checks) {
            List<Double> t = prober.times(c);
            assertEquals(1, t.size());
            assertTrue(t.get(0) >= 1 && t.get(0) < 11, "first check at " + t.get(0));
            perSecond[(int) (t.get(0) - 1)]++;
        }
        for (int n : perSecond) {
            assertTrue(n > 60 && n < 140, "first checks per second: " + java.util.Arrays.toString(perSecond));
        }
    }

    @Test
    void removingAServerStopsItsCheckersAndAnAttemptUnderWayReportsNothing() {
        TcpCheck check = tcp(80);
        ScriptedProber prober = new ScriptedProber(clock, 3, (t, spec, url) -> refused());
        CheckDriver<String> d = driver(prober);
        d.add("rs1", 1, List.of(new CheckerConfig(check, timing(5, 1, 0))));
        clock.runUntil(2); // the first attempt (1 s, 3 s long) is under way
        d.remove("rs1");
        clock.runUntil(60);
        assertEquals(List.of("1.0"), fmt(prober.times(check)));
        assertEquals(List.of(), events);
        assertEquals(Optional.empty(), d.health("rs1"));
    }

    @Test
    void recordsZeroDriftOnAnExactClock() {
        TcpCheck check = tcp(80);
        ScriptedProber prober = new ScriptedProber(clock, 0.25, (t, spec, url) -> ok());
        driver(prober).add("rs1", 1, List.of(new CheckerConfig(check, timing(1, 1, 1))));
        clock.runUntil(50);
        ScheduleStats.Snapshot s = stats.snapshot();
        assertTrue(s.samples() >= 39, s.toString());
        assertEquals(Duration.ZERO, s.max());
        assertEquals(s.attempts(), s.successes());
    }

    @Test
    void aSuspendedServerIsNotProbedAndKeepsItsHealthUntilResumed() {
        TcpCheck check = tcp(80);
        // refusing from the start; suspended before the first attempt (ha_suspend: the VIP is not local)
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> t < 20 ? refused() : ok());
        CheckDriver<String> d = driver(prober);
        d.add("rs1", 2, List.of(new CheckerConfig(check, timing(5, 1, 0))));
        d.setSuspended("rs1", true);
        clock.runUntil(12);
        assertEquals(List.of(), prober.times(check), "no attempt while suspended");
        assertEquals(List.of(), events, "the server stays up, as it was");
        d.setSuspended("rs1", false);
        clock.runUntil(30);
        // due at 1, 6, 11 (skipped), 16: the first attempt after the resume fails, the next one after 20 passes
        assertEquals(List.of("16.0", "21.0", "26.0"), fmt(prober.times(check)));
        assertEquals(List.of("16.0 rs1 DOWN weight 2", "21.0 rs1 UP weight 2"), events);
    }
}
