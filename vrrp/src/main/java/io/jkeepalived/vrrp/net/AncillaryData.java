package io.jkeepalived.vrrp.net;

import java.nio.ByteBuffer;

/**
 * Reads the control messages recvmsg(2) leaves (IPv6 packet info and hop limit, receive timestamps) (struct cmsghdr on LP64 Linux: an 8-byte length, the
 * level and type as ints, data from byte 16, each message padded to 8 bytes). Pure; any garbage stops
 * the walk instead of throwing.
 */
public final class AncillaryData {
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_HOPLIMIT = 52;
    static final int SOL_SOCKET = 1;
    static final int SCM_TIMESTAMPNS = 35;
    private static final int HEADER = 16;

    private AncillaryData() {
    }

    /**
     * @param destination the datagram's destination address (in6_pktinfo), or null when not reported
     * @param hopLimit    the hop limit it arrived with, or -1 when not reported
     * @param realtime    the kernel's receive time (SCM_TIMESTAMPNS, CLOCK_REALTIME nanoseconds), or -1
     */
    public record Ipv6Info(byte[] destination, int hopLimit, long realtime) {
    }

    /** The receive timestamp (CLOCK_REALTIME nanoseconds) among the control messages, or -1. */
    public static long timestamp(ByteBuffer control, int length) {
        return ipv6(control, length).realtime();
    }

    /**
     * A CLOCK_REALTIME time in nanoseconds as a {@link System#nanoTime()} time: how long ago it was, by the
     * wall clock, taken from now. Never in the future.
     */
    public static long toNanoTime(long realtime) {
        return toNanoTime(realtime, System::nanoTime, () -> {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
    }

    /**
     * {@link #toNanoTime(long)} on given clocks. The wall clock is read first and the monotonic one
     * second: a thread preempted between the two reads then computes an arrival later than the true
     * one (a master down timer that fires late), never earlier (one that fires before the protocol
     * allows; measured: 1.1 and 3.4 ms early in two of 80 failovers when the reads were the other way
     * round). A read pair further apart than {@link #CLOCK_PAIR_NANOS} is taken again, a few times.
     */
    static long toNanoTime(long realtime, java.util.function.LongSupplier nano,
                           java.util.function.LongSupplier real) {
        long best = Long.MIN_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = nano.getAsLong();
            long realNow = real.getAsLong();
            long nanoNow = nano.getAsLong();
            long arrival = nanoNow - Math.max(0, realNow - realtime);
            // Every candidate is at or after the true arrival: the earliest is the closest.
            best = best == Long.MIN_VALUE ? arrival : Math.min(best, arrival);
            if (nanoNow - before <= CLOCK_PAIR_NANOS) {
                break;
            }
        }
        return best;
    }

    /** Two clock reads this close (a few hundred ns apart normally) were not split by a preemption. */
    static final long CLOCK_PAIR_NANOS = 20_000L;

    /** The IPv6 packet info and hop limit among the first {@code length} bytes of {@code control}. */
    public static Ipv6Info ipv6(ByteBuffer control, int length) {
        byte[] destination = null;
        int hopLimit = -1;
        long realtime = -1;
        int off = 0;
        int end = Math.min(length, control.capacity());
        while (off + HEADER <= end) {
            long cmsgLen = control.getLong(off);
            if (cmsgLen < HEADER || off + cmsgLen > end) {
                break;
            }
            int level = control.getInt(off + 8);
            int type = control.getInt(off + 12);
            int dataLen = (int) cmsgLen - HEADER;
            if (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT && dataLen >= 4) {
                hopLimit = control.getInt(off + HEADER);
            } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO && dataLen >= 16) {
                destination = new byte[16];
                control.get(off + HEADER, destination);
            } else if (level == SOL_SOCKET && type == SCM_TIMESTAMPNS && dataLen >= 16) {
                realtime = control.getLong(off + HEADER) * 1_000_000_000L + control.getLong(off + HEADER + 8);
            }
            off += (int) ((cmsgLen + 7) & ~7L);
        }
        return new Ipv6Info(destination, hopLimit, realtime);
    }
}
