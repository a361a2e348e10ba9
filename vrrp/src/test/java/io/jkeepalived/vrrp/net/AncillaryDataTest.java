package io.jkeepalived.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jkeepalived.libc.Libc;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AncillaryDataTest {
    private static int put(ByteBuffer b, int off, int level, int type, byte[] data) {
        b.putLong(off, 16 + data.length);
        b.putInt(off + 8, level);
        b.putInt(off + 12, type);
        b.put(off + 16, data);
        return off + ((16 + data.length + 7) & ~7);
    }

    @Test
    void readsHopLimitAndDestinationInAnyOrderSkippingOthers() {
        ByteBuffer b = Libc.allocate(256);
        byte[] dst = new byte[16];
        dst[0] = (byte) 0xff;
        dst[1] = 2;
        dst[15] = 0x12;
        byte[] pktinfo = new byte[20];
        System.arraycopy(dst, 0, pktinfo, 0, 16);
        byte[] hop = new byte[4];
        ByteBuffer.wrap(hop).order(java.nio.ByteOrder.nativeOrder()).putInt(255);
        int off = put(b, 0, 0, 29, new byte[] {1, 2, 3});            // something else first
        off = put(b, off, 41, 52, hop);
        off = put(b, off, 41, 50, pktinfo);
        AncillaryData.Ipv6Info info = AncillaryData.ipv6(b, off);
        assertEquals(255, info.hopLimit());
        assertArrayEquals(dst, info.destination());
    }

    @Test
    void garbageStopsTheWalkWithoutThrowing() {
        ByteBuffer b = Libc.allocate(64);
        b.putLong(0, 4);                 // shorter than a header
        assertEquals(-1, AncillaryData.ipv6(b, 64).hopLimit());
        b.putLong(0, 1000);              // longer than the buffer
        assertNull(AncillaryData.ipv6(b, 64).destination());
        assertEquals(-1, AncillaryData.ipv6(b, 0).hopLimit());
    }

    @Test
    void readsTheKernelsReceiveTimestampAndPutsItOnTheMonotonicClock() {
        ByteBuffer b = Libc.allocate(64);
        byte[] ts = new byte[16];
        ByteBuffer.wrap(ts).order(java.nio.ByteOrder.nativeOrder()).putLong(1_700_000_000L).putLong(123_456_789L);
        int end = put(b, 0, 1, 35, ts);
        assertEquals(1_700_000_000_123_456_789L, AncillaryData.timestamp(b, end));
        assertEquals(-1, AncillaryData.timestamp(b, 0));
        java.time.Instant now = java.time.Instant.now();
        long realNow = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long before = System.nanoTime();
        long mono = AncillaryData.toNanoTime(realNow - 5_000_000L);
        assertEquals(before - 5_000_000L, mono, 2_000_000.0, "5 ms ago on the monotonic clock");
        org.junit.jupiter.api.Assertions.assertTrue(AncillaryData.toNanoTime(realNow + 1_000_000_000L) <= System.nanoTime(),
                "never in the future");
    }

    @Test
    void aPreemptionBetweenTheClockReadsNeverMakesTheArrivalEarlier() {
        // The packet arrived at t = 1_000_000 on the monotonic clock; the wall clock runs 5e15 ns ahead. Each clock
        // read takes 100 ns; the thread loses the CPU for 1 ms before the read numbered `stall`.
        long offset = 5_000_000_000_000_000L;
        long arrival = 1_000_000L;
        for (int stall = -1; stall < 9; stall++) {
            long[] time = {arrival + 3_000_000L};
            int[] reads = {0};
            int stallAt = stall;
            java.util.function.LongSupplier tick = () -> {
                if (reads[0]++ == stallAt) {
                    time[0] += 1_000_000L;
                }
                time[0] += 100;
                return time[0];
            };
            long mono = AncillaryData.toNanoTime(arrival + offset, tick, () -> tick.getAsLong() + offset);
            org.junit.jupiter.api.Assertions.assertTrue(mono >= arrival, "stall before read " + stall + ": "
                    + (mono - arrival) + " ns early");
            assertEquals(arrival, mono, 1_000.0, "stall before read " + stall + ": a clean pair is found");
        }
    }
}
