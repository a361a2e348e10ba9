package io.jkeepalived.it.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeds' pools under real IPVS, keepalived 2.2.7 and jkeepalived side by side, in one boot of the kernel lab.
 *
 * <p>The configuration is the articles' own text: seed 000's virtual server (HTTP_GET, two real servers and a
 * sorry server) and seed 002's TCP_CHECK virtual servers (DR and NAT, the same two real servers), cut out of the
 * verbatim seed files. Their addresses are kept: inside the VM (which has no network device) they belong to two
 * namespaces this test creates, {@code jkv-lp-rs1} (192.168.12.121, 192.168.1.67) and {@code jkv-lp-rs2}
 * (192.168.12.122, 192.168.1.68), bridged to the director (the VM's own namespace); each serves busybox httpd
 * on :80 and :8099. Timings shortened to keep the run short: seed 000 {@code delay_before_retry 3 -> 1}; seed 002
 * {@code delay_loop 6 -> 3}, {@code delay_before_retry 3 -> 1}. Everything else is the seeds', including
 * {@code connect_timeout 3}, seed 000's {@code nb_get_retry 3} (HTTP_GET: read as retry 3) and seed 002's
 * {@code nb_get_retry 3} inside TCP_CHECK (keepalived 2.2.7 ignores it there: retry stays 1).
 *
 * <p>Each daemon in turn ({@code keepalived -C}, then {@code jkeepalived -C} from the shaded jar) plays the same
 * script: start (every real server in), stop real server 1, stop real server 2 (the sorry server comes in),
 * start both (the pool comes back, the sorry server leaves), hang real server 1's web server (SIGSTOP: the kernel
 * still accepts, nothing answers; its HTTP_GET times out, its :8099 keeps serving), resume it, stop the daemon
 * (the services go); stop both real servers and start the daemon again (the real servers are in until their
 * first check fails, then the sorry server), stop it. After each event the script polls {@code ipvsadm-save -n}
 * and logs every distinct table with the VM's clock. Measured timelines: docs/healthcheck.md, "Kernel lab: seeds
 * side by side".
 */
@KernelLabTest
class SeedPoolsSideBySideTest {

    static final String HTTP_VS = "192.168.11.100:80";
    static final String DR_VS = "192.168.1.200:8099";
    static final String NAT_VS = "172.20.10.200:8099";
    static final List<String> SERVICES = List.of(HTTP_VS, DR_VS, NAT_VS);

    /** Timings as configured after retiming (seconds). */
    static final double HTTP_DELAY_LOOP = 3, HTTP_DELAY_BEFORE_RETRY = 1, HTTP_RETRY = 3, HTTP_CONNECT_TIMEOUT = 3;
    static final double TCP_DELAY_LOOP = 3, TCP_DELAY_BEFORE_RETRY = 1, TCP_RETRY = 1;
    /** A checker's first check comes 1 s after the start plus a random time up to warmup (= delay_loop). */
    static final double FIRST_CHECK = 1;

    /**
     * Emulation tolerance on top of each bound, besides the step's longest gap between two polls (a change is
     * seen at most one poll late; ipvsadm-save takes 0.1-0.5 s under emulation, gaps of up to 1.9 s were seen
     * with the host at load 9): the check's connect and HTTP exchange, the netlink update and the daemons'
     * timers, each a few ms natively, take tens to hundreds of ms under TCG on a shared 2-core host.
     */
    static final double TOLERANCE = 1.5;

    /** A whole run took 187-220 s with the host at load 4-9; the margin is for a busier host. */
    static final Duration LAB_TIMEOUT = Duration.ofMinutes(9);

    static final List<String> FULL = List.of(
            "-A -t 192.168.11.100:80 -s rr",
            "-a -t 192.168.11.100:80 -r 192.168.12.121:80 -g -w 1",
            "-a -t 192.168.11.100:80 -r 192.168.12.122:80 -g -w 1",
            "-A -t 192.168.1.200:8099 -s rr",
            "-a -t 192.168.1.200:8099 -r 192.168.1.67:8099 -g -w 1",
            "-a -t 192.168.1.200:8099 -r 192.168.1.68:8099 -g -w 1",
            "-A -t 172.20.10.200:8099 -s rr",
            "-a -t 172.20.10.200:8099 -r 192.168.1.67:8099 -m -w 1",
            "-a -t 172.20.10.200:8099 -r 192.168.1.68:8099 -m -w 1");
    static final List<String> RS1_DOWN = FULL.stream()
            .filter(l -> !l.contains("192.168.12.121") && !l.contains("192.168.1.67")).toList();
    static final List<String> HTTP_RS1_HUNG = FULL.stream().filter(l -> !l.contains("192.168.12.121")).toList();
    static final List<String> BOTH_DOWN = List.of(
            "-A -t 192.168.11.100:80 -s rr",
            "-a -t 192.168.11.100:80 -r 127.0.0.1:80 -g -w 1",
            "-A -t 192.168.1.200:8099 -s rr",
            "-A -t 172.20.10.200:8099 -s rr");

    /** A step of the script: its name, the table expected at its end, how long the script polls for it. */
    record Step(String name, List<String> expected, int pollSeconds, int holdSeconds) {
    }

    static final List<Step> STEPS = List.of(
            // hold: the first check of each checker comes 1 s + up to warmup (= delay_loop, 3 s) after the start;
            // the full table must stay through them so that the next step starts from checked, live servers
            // (before its first check a server falls at its first failure, whatever retry says).
            // jkeepalived's JVM took 13-44 s to its first table under emulation (docs/healthcheck.md)
            new Step("start", FULL, 150, 6),
            new Step("stop-rs1", RS1_DOWN, 25, 0),
            new Step("stop-rs2", BOTH_DOWN, 25, 0),
            new Step("start-both", FULL, 25, 0),
            new Step("hang-rs1", HTTP_RS1_HUNG, 40, 0),
            new Step("resume-rs1", FULL, 25, 0),
            new Step("daemon-stop", List.of(), 25, 0),
            // started again with both real servers stopped: in before their first check, out at its failure
            // (before a first check one failure is enough), the sorry server in; held so that it stays
            new Step("cold-start", BOTH_DOWN, 150, 2),
            new Step("cold-stop", List.of(), 25, 0));

    static final List<String> DAEMONS = List.of("keepalived", "jkeepalived");

    private static LabResult run;
    private static String config;
    private static Map<String, TableTimeline> timelines;

    @BeforeAll
    static void playTheScriptWithBothDaemons(KernelLab lab) throws IOException {
        config = config(lab);
        Path jar = lab.labDir().getParent().getParent().resolve("daemon/target/jkeepalived.jar");
        if (!Files.isRegularFile(jar)) {
            fail("no shaded jar at " + jar + ": build with mvn -pl integration-tests -am verify");
        }
        run = lab.run(script(config, jkeepalivedCommand(jar)), LAB_TIMEOUT);
        System.out.printf("kernel-lab timing: seed pools side by side %d ms%n", run.elapsed().toMillis());
        // What was seen is printed first, so that a run that broke half-way still shows its timelines.
        timelines = Map.of(
                "keepalived", TableTimeline.parse(read(run.runDir().resolve("timeline-keepalived.log"))),
                "jkeepalived", TableTimeline.parse(read(run.runDir().resolve("timeline-jkeepalived.log"))));
        System.out.println(sideBySide());
        for (String daemon : DAEMONS) {
            System.out.printf("--- %s timeline ---%n%s", daemon, timelines.get(daemon).describe());
        }
        assertEquals(0, run.exitStatus(), run::describe);
    }

    static String config(KernelLab lab) {
        Path seeds = SeedVirtualServers.seedsFolder(lab);
        List<String> seed000 = SeedVirtualServers.blocks(seeds.resolve("seed000-vs1-master.conf"));
        List<String> dr = SeedVirtualServers.blocks(seeds.resolve("seed002-dr-master.conf"));
        List<String> nat = SeedVirtualServers.blocks(seeds.resolve("seed002-nat-master.conf"));
        assertEquals(1, seed000.size());
        assertEquals(1, dr.size());
        assertEquals(1, nat.size());
        String http = SeedVirtualServers.retime(seed000.get(0), "delay_before_retry", "3", "1", 2);
        String tcpDr = SeedVirtualServers.retime(
                SeedVirtualServers.retime(dr.get(0), "delay_loop", "6", "3", 1), "delay_before_retry", "3", "1", 2);
        String tcpNat = SeedVirtualServers.retime(
                SeedVirtualServers.retime(nat.get(0), "delay_loop", "6", "3", 1), "delay_before_retry", "3", "1", 2);
        return """
                ! SeedPoolsSideBySideTest: the virtual servers of seed 000 (vs1-master) and seed 002 (dr-master,
                ! nat-master), verbatim but for delay_loop 6 -> 3 (seed 002) and delay_before_retry 3 -> 1.
                global_defs {
                    router_id jkv-lp-lab
                }

                """ + http + "\n" + tcpDr + "\n" + tcpNat;
    }

    static String jkeepalivedCommand(Path jar) {
        List<String> words = new ArrayList<>();
        words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        words.addAll(KernelLab.DEFAULT_JVM_OPTIONS);
        words.add("-jar");
        words.add(jar.toString());
        return String.join(" ", words.stream().map(KernelLab::shellQuote).toList());
    }

    static String script(String config, String jkeepalived) {
        StringBuilder expected = new StringBuilder();
        for (Step step : STEPS) {
            expected.append("cat > $R/expect-").append(step.name()).append(" <<'TABLE'\n");
            step.expected().forEach(l -> expected.append(l).append('\n'));
            expected.append("TABLE\n");
            expected.append("sort -o $R/expect-").append(step.name()).append(" $R/expect-").append(step.name())
                    .append('\n');
        }
        return """
                set -u
                export LC_ALL=C
                R=$JKV_LAB_RESULTS
                mark() { echo "uptime $(cut -d' ' -f1 /proc/uptime): $1" >&2; }
                modprobe -a ip_vs ip_vs_rr veth bridge || exit 1
                # The poller (this shell and its ipvsadm-save) before the daemon under test, which is started at
                # nice 0 again (nice -n 10): a starved poller would see changes late (gaps of 2.7 s were seen).
                renice -n -10 -p $$ > /dev/null
                cat > $R/seed-pools.conf <<'CONF'
                @CONFIG@
                CONF
                @EXPECTED@
                # Two real-server hosts on a bridge with the director (the VM's own namespace).
                ip netns add jkv-lp-rs1 && ip netns add jkv-lp-rs2 || exit 1
                ip -batch - <<'IP' || exit 1
                link add jkv-lp-br type bridge
                link set jkv-lp-br up
                addr add 192.168.12.1/24 dev jkv-lp-br
                addr add 192.168.1.1/24 dev jkv-lp-br
                link add jkv-lp-h1 type veth peer name eth0 netns jkv-lp-rs1
                link add jkv-lp-h2 type veth peer name eth0 netns jkv-lp-rs2
                link set jkv-lp-h1 master jkv-lp-br
                link set jkv-lp-h2 master jkv-lp-br
                link set jkv-lp-h1 up
                link set jkv-lp-h2 up
                IP
                for n in 1 2; do
                  ip -n jkv-lp-rs$n -batch - <<IP || exit 1
                link set lo up
                link set eth0 up
                addr add 192.168.12.12$n/24 dev eth0
                addr add 192.168.1.6$((6 + n))/24 dev eth0
                IP
                done
                www=/tmp/jkv-lp-www
                mkdir -p $www && echo "a real server" > $www/index.html
                answers() { (exec 3<>/dev/tcp/$1/$2) 2>/dev/null; }
                # launch_rs N: HTTP on 192.168.12.12N:80, TCP on 192.168.1.6(6+N):8099 (pids in /tmp/jkv-lp-rsN.*)
                launch_rs() {
                  ip netns exec jkv-lp-rs$1 busybox httpd -f -p 192.168.12.12$1:80 -h $www &
                  echo $! > /tmp/jkv-lp-rs$1.http
                  ip netns exec jkv-lp-rs$1 busybox httpd -f -p 192.168.1.6$((6 + $1)):8099 -h $www &
                  echo $! > /tmp/jkv-lp-rs$1.tcp
                }
                await_rs() {
                  local i
                  for i in $(seq 1 200); do
                    answers 192.168.12.12$1 80 && answers 192.168.1.6$((6 + $1)) 8099 && return 0
                    sleep 0.05
                  done
                  echo "real server $1 does not answer" >&2; return 1
                }
                stop_rs() {
                  local p
                  for p in $(cat /tmp/jkv-lp-rs$1.http /tmp/jkv-lp-rs$1.tcp); do kill $p; wait $p 2>/dev/null; done
                }
                event() { echo "@event $1 $EPOCHREALTIME" >> $LOG; }
                # poll STEP SECONDS HOLD: log every distinct table until it equals the step's expected one and
                # has stayed so for HOLD seconds, or SECONDS have passed
                poll() {
                  local want cur last= first=1 t now since=0 status=timeout start=${EPOCHREALTIME/./} prev gap=0 polls=0
                  want=$(cat $R/expect-$1)
                  prev=$start
                  while :; do
                    cur=$(ipvsadm-save -n | sort)
                    t=$EPOCHREALTIME
                    now=${t/./}
                    polls=$((polls + 1)); [ $((now - prev)) -gt $gap ] && gap=$((now - prev)); prev=$now
                    if [ $first = 1 ] || [ "$cur" != "$last" ]; then
                      printf '@table %s\\n%s\\n@end\\n' "$t" "$cur" >> $LOG
                      last=$cur; first=0; since=$now
                    fi
                    if [ "$cur" = "$want" ] && [ $now -ge $((since + $3 * 1000000)) ]; then status=matched; break; fi
                    [ $now -ge $((start + $2 * 1000000)) ] && break
                    sleep 0.2
                  done
                  echo "@settled $1 $EPOCHREALTIME $status polls=$polls maxgap=$((gap / 1000))ms" >> $LOG
                }
                # play NAME COMMAND...: the script of events with one daemon
                play() {
                  local name=$1 pid; shift
                  LOG=$R/timeline-$name.log
                  : > $LOG
                  ipvsadm -C
                  mark "$name start"
                  event start
                  nice -n 10 "$@" > $R/$name.log 2>&1 &
                  pid=$!
                  poll start @P_start@ @H_start@
                  stop_rs 1; event stop-rs1
                  poll stop-rs1 @P_stop-rs1@ 0
                  stop_rs 2; event stop-rs2
                  poll stop-rs2 @P_stop-rs2@ 0
                  # the event is the launch: the listeners come up within it (await_rs), as a real server's do
                  launch_rs 1; launch_rs 2; event start-both
                  await_rs 1 && await_rs 2 || return 1
                  poll start-both @P_start-both@ 0
                  # a hung web server: the kernel still completes the handshake (listen backlog) but nothing
                  # answers the request, so each HTTP_GET attempt ends at connect_timeout; 8099 keeps serving
                  kill -STOP $(cat /tmp/jkv-lp-rs1.http); event hang-rs1
                  poll hang-rs1 @P_hang-rs1@ 0
                  kill -CONT $(cat /tmp/jkv-lp-rs1.http); event resume-rs1
                  poll resume-rs1 @P_resume-rs1@ 0
                  kill -TERM $pid; event daemon-stop
                  poll daemon-stop @P_daemon-stop@ 0
                  wait $pid
                  echo "$name exited $?" >> $R/exits
                  stop_rs 1; stop_rs 2
                  event cold-start
                  nice -n 10 "$@" >> $R/$name.log 2>&1 &
                  pid=$!
                  poll cold-start @P_cold-start@ @H_cold-start@
                  kill -TERM $pid; event cold-stop
                  poll cold-stop @P_cold-stop@ 0
                  wait $pid
                  echo "$name exited $? (cold start)" >> $R/exits
                  launch_rs 1; launch_rs 2
                  await_rs 1 && await_rs 2 || return 1
                  mark "$name end"
                }
                launch_rs 1; launch_rs 2
                await_rs 1 && await_rs 2 || exit 1
                play keepalived keepalived -n -l -D --check -f $R/seed-pools.conf \\
                  -p /run/jkv-lp-ka.pid -c /run/jkv-lp-ka-checkers.pid
                play jkeepalived @JKEEPALIVED@ -n -l -D -C -f $R/seed-pools.conf \\
                  -p /run/jkv-lp-jk.pid -c /run/jkv-lp-jk-checkers.pid
                status=$?
                stop_rs 1; stop_rs 2
                ipvsadm -C
                ip netns del jkv-lp-rs1; ip netns del jkv-lp-rs2; ip link del jkv-lp-br
                exit $status
                """
                .replace("@CONFIG@", config.strip())
                .replace("@EXPECTED@", expected.toString().strip())
                .replace("@JKEEPALIVED@", jkeepalived)
                .replace("@H_start@", Integer.toString(step("start").holdSeconds()))
                .replace("@P_start@", Integer.toString(step("start").pollSeconds()))
                .replace("@P_stop-rs1@", Integer.toString(step("stop-rs1").pollSeconds()))
                .replace("@P_stop-rs2@", Integer.toString(step("stop-rs2").pollSeconds()))
                .replace("@P_start-both@", Integer.toString(step("start-both").pollSeconds()))
                .replace("@P_hang-rs1@", Integer.toString(step("hang-rs1").pollSeconds()))
                .replace("@P_resume-rs1@", Integer.toString(step("resume-rs1").pollSeconds()))
                .replace("@P_daemon-stop@", Integer.toString(step("daemon-stop").pollSeconds()))
                .replace("@P_cold-start@", Integer.toString(step("cold-start").pollSeconds()))
                .replace("@H_cold-start@", Integer.toString(step("cold-start").holdSeconds()))
                .replace("@P_cold-stop@", Integer.toString(step("cold-stop").pollSeconds()));
    }

    static Step step(String name) {
        return STEPS.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Steps in which a service's table does not change: its part must equal the expected one at every poll. */
    static boolean steady(String step, String service) {
        return !service.equals(HTTP_VS) && (step.equals("hang-rs1") || step.equals("resume-rs1"));
    }

    /**
     * The longest a step may take for a service by the configured timings (seconds), before tolerance; empty
     * when the timings do not bound it (start: a JVM start; daemon-stop; a service the step leaves alone).
     *
     * <p>Down (stop-rs1, and stop-rs2 where the sorry server comes in with the last server's fall): the server
     * stops just after a successful check; the next check is delay_loop later and fails at once (refused),
     * then retry more failures delay_before_retry apart: delay_loop + retry x delay_before_retry. Hung
     * (hang-rs1): the same, but each of the 1 + retry attempts waits connect_timeout for the answer. Up
     * (start-both, resume-rs1): a down TCP_CHECK is probed at most delay_loop apart and one success brings it
     * back; a down HTTP_GET is probed every max(delay_before_retry, delay_loop) and needs a second success
     * delay_loop after the first.
     */
    static Optional<Double> bound(String step, String service) {
        boolean http = service.equals(HTTP_VS);
        if (steady(step, service)) {
            return Optional.empty();
        }
        double loop = http ? HTTP_DELAY_LOOP : TCP_DELAY_LOOP;
        double dbr = http ? HTTP_DELAY_BEFORE_RETRY : TCP_DELAY_BEFORE_RETRY;
        double retry = http ? HTTP_RETRY : TCP_RETRY;
        return switch (step) {
            case "stop-rs1", "stop-rs2" -> Optional.of(loop + retry * dbr);
            case "hang-rs1" -> Optional.of(loop + (1 + HTTP_RETRY) * HTTP_CONNECT_TIMEOUT + retry * dbr);
            case "start-both", "resume-rs1" -> Optional.of(http ? Math.max(dbr, loop) + loop : Math.max(dbr, loop));
            // counted from the table's first appearance, which is when the checkers start (see took)
            case "cold-start" -> Optional.of(FIRST_CHECK + loop);
            default -> Optional.empty();
        };
    }

    /**
     * The shortest a step may take for a service (seconds): a live server is only taken out after 1 + retry
     * failures delay_before_retry apart, all after the event, so retry x delay_before_retry (a daemon that
     * dropped a checked server at its first failure would be faster), plus (1 + retry) x connect_timeout when
     * every attempt waits for its timeout; a down HTTP_GET needs two successes delay_loop apart. The timers
     * never fire early; 0.2 s allows for the event's stamp being taken after the kill returned.
     */
    static double floor(String step, String service) {
        boolean http = service.equals(HTTP_VS);
        if (steady(step, service)) {
            return 0;
        }
        double floor = switch (step) {
            case "stop-rs1", "stop-rs2" -> http ? HTTP_RETRY * HTTP_DELAY_BEFORE_RETRY : TCP_RETRY * TCP_DELAY_BEFORE_RETRY;
            case "hang-rs1" -> (1 + HTTP_RETRY) * HTTP_CONNECT_TIMEOUT + HTTP_RETRY * HTTP_DELAY_BEFORE_RETRY;
            case "start-both", "resume-rs1" -> http ? HTTP_DELAY_LOOP : 0;
            default -> 0;
        };
        return Math.max(0, floor - 0.2);
    }

    /**
     * Seconds the step took for the service: from the event, except for the cold start, which counts from the
     * first poll that saw the service with all its real servers (the daemon puts them in before their first
     * check and starts the checkers with that table; a JVM's start is no part of the checkers' timing).
     */
    static Optional<Double> took(TableTimeline.Step seen, Step step, String service) {
        Optional<Double> reached = seen.reached(service, step.expected());
        if (!step.name().equals("cold-start")) {
            return reached;
        }
        Optional<Double> appeared = seen.firstSeen(service, FULL);
        return reached.flatMap(r -> appeared.map(a -> r - a));
    }

    static String sideBySide() {
        StringBuilder out = new StringBuilder(String.format("Seed pools side by side (seconds from the event until"
                + " the service's table reached the step's table; bounds without the %.1f s tolerance and the"
                + " step's longest poll gap)%n", TOLERANCE));
        out.append(String.format("| %-11s | %-20s | %-7s | %-10s | %-11s |%n", "event", "virtual server", "bounds",
                "keepalived", "jkeepalived"));
        out.append("|-------------|----------------------|---------|------------|-------------|\n");
        for (Step step : STEPS) {
            for (String service : SERVICES) {
                double floor = floor(step.name(), service);
                String bound = steady(step.name(), service) ? "steady" : bound(step.name(), service)
                        .map(b -> (floor > 0 ? String.format("%.1f", floor) : "0") + String.format("-%.0f", b))
                        .orElse("-");
                String[] times = new String[2];
                for (int d = 0; d < 2; d++) {
                    TableTimeline t = timelines.get(DAEMONS.get(d));
                    times[d] = t.names().contains(step.name())
                            ? took(t.step(step.name()), step, service).map(s -> String.format("%.2f", s))
                                    .orElse("never")
                            : "not run";
                }
                out.append(String.format("| %-11s | %-20s | %-7s | %-10s | %-11s |%n", step.name(), service, bound,
                        times[0], times[1]));
            }
        }
        return out.toString();
    }

    private void assertPlayed(String daemon) {
        TableTimeline timeline = timelines.get(daemon);
        assertEquals(STEPS.stream().map(Step::name).toList(), timeline.names(),
                () -> daemon + " did not play every step:\n" + timeline.describe() + "\n" + run.describe());
        for (Step step : STEPS) {
            TableTimeline.Step seen = timeline.step(step.name());
            assertTrue(seen.matched(), () -> daemon + ": step " + step.name() + " never reached "
                    + step.expected() + "\n" + timeline.describe() + "\n" + daemonLog(daemon));
            for (String service : SERVICES) {
                Optional<Double> bound = bound(step.name(), service);
                if (step.name().equals("cold-start")) {
                    assertTrue(seen.firstSeen(service, FULL).isPresent(), () -> daemon + ": at the cold start "
                            + service + " never had all its real servers in before their first check\n"
                            + timeline.describe());
                }
                double took = took(seen, step, service).orElseThrow();
                if (steady(step.name(), service)) {
                    List<String> part = TableTimeline.part(step.expected(), service);
                    assertTrue(seen.seen().stream().allMatch(s -> TableTimeline.part(s.lines(), service).equals(part)),
                            () -> daemon + ": " + service + " changed during " + step.name() + "\n"
                                    + timeline.describe());
                    continue;
                }
                double floor = floor(step.name(), service);
                assertTrue(took >= floor, () -> String.format("%s: %s of %s took %.2f s, faster than %.1f s%n%s",
                        daemon, step.name(), service, took, floor, timeline.describe()));
                if (bound.isPresent()) {
                    double slack = TOLERANCE + seen.maxPollGap();
                    assertTrue(took <= bound.get() + slack, () -> String.format(
                            "%s: %s of %s took %.2f s, bound %.0f s + %.1f s tolerance + %.2f s longest poll gap%n%s",
                            daemon, step.name(), service, took, bound.get(), TOLERANCE, seen.maxPollGap(),
                            timeline.describe()));
                }
            }
        }
        assertTrue(read(run.runDir().resolve("exits")).contains(daemon + " exited 0\n")
                        && read(run.runDir().resolve("exits")).contains(daemon + " exited 0 (cold start)"),
                () -> daemon + " did not exit 0: " + read(run.runDir().resolve("exits")) + "\n" + daemonLog(daemon));
    }

    @Test
    void keepalivedReachesEachStepsTableWithinItsBound() {
        assertPlayed("keepalived");
    }

    @Test
    void jkeepalivedReachesEachStepsTableWithinItsBound() {
        assertPlayed("jkeepalived");
    }

    @Test
    void bothDaemonsLeaveTheSameTableAtTheEndOfEachStep() {
        for (Step step : STEPS) {
            List<String> keepalived = timelines.get("keepalived").step(step.name()).finalTable();
            List<String> jkeepalived = timelines.get("jkeepalived").step(step.name()).finalTable();
            assertEquals(String.join("\n", keepalived), String.join("\n", jkeepalived),
                    () -> "ipvsadm-save -n after " + step.name() + "\n" + sideBySide());
        }
    }

    @Test
    void theConfigIsTheSeedsTextWithOnlyTheTimingsShortened() {
        // The lab ran exactly this text; both daemons read the same file.
        assertEquals(config.strip(), read(run.runDir().resolve("seed-pools.conf")).strip());
        assertTrue(config.contains("sorry_server 127.0.0.1 80"));
        assertTrue(config.contains("nb_get_retry 3"));
        assertEquals(3, config.split("(?m)^\\s*virtual_server ", -1).length - 1);
    }

    private static String daemonLog(String daemon) {
        String log = read(run.runDir().resolve(daemon + ".log"));
        return "--- " + daemon + " log (tail) ---\n" + (log.length() > 6000 ? log.substring(log.length() - 6000) : log);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
