package io.jkeepalived.vrrp;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Drives one {@link VrrpInstance} seesaw-style: a fake clock, a queue of incoming adverts and
 * events, and a log of everything the instance did, each line stamped with the fake time.
 */
final class Harness {
    static final InetAddress GROUP = Golden.ip("224.0.0.18");

    final FakeScheduler clock;
    final List<String> events = new ArrayList<>();
    final List<Advertisement> sent = new ArrayList<>();
    final List<Double> sentAt = new ArrayList<>();
    final VrrpParameters params;
    final VrrpInstance instance;
    final List<Verdict> verdicts = new ArrayList<>();

    Harness(VrrpParameters params) {
        this(params, MasterGate.ALWAYS, new FakeScheduler());
    }

    /** An instance with a sync group's gate, on a clock that may be shared with other harnesses. */
    Harness(VrrpParameters params, MasterGate gate, FakeScheduler clock) {
        this.params = params;
        this.clock = clock;
        InstanceSeams seams = new InstanceSeams(
                advert -> {
                    sent.add(advert);
                    sentAt.add(clock.nanoTime() / 1e9);
                    log("send prio " + advert.priority());
                },
                new VirtualAddresses() {
                    @Override
                    public void add(List<InetAddress> addresses) {
                        log("add " + names(addresses));
                    }

                    @Override
                    public void remove(List<InetAddress> addresses) {
                        log("remove " + names(addresses));
                    }
                },
                (addresses, repeat) -> log("announce " + names(addresses) + " x" + repeat),
                new StateListener() {
                    @Override
                    public void stateChanged(StateChange c) {
                        log(c.from() + "->" + c.to() + " " + c.cause() + " prio " + c.priority());
                    }

                    @Override
                    public void priorityChanged(String instance, int from, int to) {
                        log("priority " + from + "->" + to);
                    }
                }, gate);
        this.instance = new VrrpInstance(params, clock, seams);
    }

    static String names(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(",", "[", "]"));
    }

    private void log(String what) {
        events.add(seconds(clock.nanoTime()) + " " + what);
    }

    static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    Harness start(double at) {
        clock.at(at, instance::start);
        return this;
    }

    /** A peer's advert for our VRID arriving at {@code at} seconds (same VIPs, interval and auth as ours). */
    Harness advert(double at, String from, int priority) {
        return advert(at, from, priority, a -> a);
    }

    Harness advert(double at, String from, int priority, UnaryOperator<Advertisement> change) {
        Advertisement a = change.apply(params.advertisement(priority));
        return packet(at, datagram(a, from));
    }

    Harness packet(double at, byte[] datagram) {
        clock.at(at, () -> verdicts.add(instance.receive(InboundPacket.ipv4(datagram))));
        return this;
    }

    static byte[] datagram(Advertisement a, String from) {
        InetAddress src = Golden.ip(from);
        byte[] vrrp = AdvertisementCodec.encode(a, src, GROUP);
        return Ipv4Header.forAdvert((Inet4Address) src, (Inet4Address) GROUP, vrrp.length, 0).datagram(vrrp);
    }

    /** Adverts from {@code from} every {@code every} seconds in [first, last]. */
    Harness adverts(double first, double every, double last, String from, int priority) {
        for (double t = first; t <= last + 1e-9; t += every) {
            advert(Math.round(t * 1e6) / 1e6, from, priority);
        }
        return this;
    }

    Harness at(double at, Runnable event) {
        clock.at(at, event);
        return this;
    }

    Harness run(double until) {
        clock.runUntil(until);
        return this;
    }

    /** The events whose text contains {@code filter}. */
    List<String> events(String filter) {
        return events.stream().filter(e -> e.contains(filter)).toList();
    }

    List<String> transitions() {
        return events.stream().filter(e -> e.contains("->") && !e.contains("priority ")).toList();
    }
}
