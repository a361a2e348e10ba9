package io.jkeepalived.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A prober whose results are a function of the virtual time: the test says what the server answers when.
 * Records every attempt (time, checker, url) for timeline assertions.
 */
final class ScriptedProber implements Prober {
    interface Answer {
        ProbeResult at(double seconds, CheckerSpec spec, int url);
    }

    record Attempt(double at, CheckerSpec spec, int url) {
    }

    private final FakeScheduler clock;
    private final Answer answer;
    private final double latencySeconds;
    final List<Attempt> attempts = new ArrayList<>();

    ScriptedProber(FakeScheduler clock, double latencySeconds, Answer answer) {
        this.clock = clock;
        this.latencySeconds = latencySeconds;
        this.answer = answer;
    }

    @Override
    public CheckScheduler.Cancellable probe(CheckerSpec spec, int url, Consumer<ProbeResult> done) {
        double start = clock.seconds();
        attempts.add(new Attempt(start, spec, url));
        return clock.schedule(FakeScheduler.nanos(latencySeconds), () -> done.accept(answer.at(start, spec, url)));
    }

    List<Double> times(CheckerSpec spec) {
        return attempts.stream().filter(a -> a.spec() == spec).map(Attempt::at).toList();
    }
}
