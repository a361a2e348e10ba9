package io.jkeepalived.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** The binding against the running kernel, without privileges: calls that any user can make. */
class LibcTest {

    private final Libc libc = Libc.get();

    @Test
    void failedSyscallCarriesErrnoNameAndCall() {
        LinuxException e = assertThrows(LinuxException.class, () -> libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW, 4242));
        assertEquals(Errno.EPROTONOSUPPORT, e.errno());
        assertEquals("EPROTONOSUPPORT", e.errno().name());
        assertTrue(e.getMessage().startsWith("socket(16, 3, 4242): EPROTONOSUPPORT (Protocol not supported)"),
                e.getMessage());
    }

    @Test
    void interfaceNamesResolveBothWays() throws Exception {
        int lo = libc.ifNameToIndex("lo");
        assertTrue(lo > 0);
        assertEquals("lo", libc.ifIndexToName(lo));
        LinuxException missing = assertThrows(LinuxException.class, () -> libc.ifNameToIndex("jkv-nl-absent"));
        assertEquals(Errno.ENODEV, missing.errno());
        LinuxException noIndex = assertThrows(LinuxException.class, () -> libc.ifIndexToName(0x7ffffff0));
        assertEquals(Errno.ENXIO, noIndex.errno());
    }

    @Test
    void openMissingFileIsEnoent() {
        LinuxException e = assertThrows(LinuxException.class, () -> libc.openReadOnly("/proc/jkv-nl-no-such-file"));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("open(/proc/jkv-nl-no-such-file)", e.call());
    }

    @Test
    void eventfdWakesPoll() throws Exception {
        int fd = libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        try {
            PollSet set = new PollSet(1);
            set.set(0, fd, Libc.POLLIN);
            assertEquals(0, libc.poll(set, 0));
            ByteBuffer one = Libc.allocate(8);
            one.putLong(0, 1);
            assertEquals(8, libc.write(fd, one));
            assertEquals(1, libc.poll(set, 1000));
            assertNotEquals(0, set.returned(0) & Libc.POLLIN);
            ByteBuffer in = Libc.allocate(8);
            assertEquals(8, libc.read(fd, in));
            assertEquals(1, in.getLong(0));
            LinuxException again = assertThrows(LinuxException.class, () -> libc.read(fd, Libc.allocate(8)));
            assertEquals(Errno.EAGAIN, again.errno());
        } finally {
            libc.close(fd);
        }
    }

    @Test
    void ppollWaitsForADescriptorOrItsNanosecondTimeout() throws Exception {
        int fd = libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        try {
            PollSet set = new PollSet(1);
            set.set(0, fd, Libc.POLLIN);
            ByteBuffer ts = Libc.allocate(16);
            long t0 = System.nanoTime();
            assertEquals(0, libc.ppoll(set, 3_000_000L, ts));
            assertTrue(System.nanoTime() - t0 >= 3_000_000L, "never returns before its timeout");
            ByteBuffer one = Libc.allocate(8);
            one.putLong(0, 1);
            libc.write(fd, one);
            assertEquals(1, libc.ppoll(set, -1, ts));
            assertNotEquals(0, set.returned(0) & Libc.POLLIN);
            assertEquals(1, libc.ppoll(set, 0, ts));
        } finally {
            libc.close(fd);
        }
    }

    @Test
    void callsUseTheBufferFromItsPosition() throws Exception {
        // Wrappers pass a direct buffer's position, not its start, to the kernel (jnr-ffi's convention);
        // MessageHeader's address arithmetic is exercised by the real netlink socket tests.
        int fd = libc.eventfd(7, Libc.EFD_CLOEXEC);
        try {
            ByteBuffer big = Libc.allocate(32);
            big.position(8).limit(16);
            assertEquals(8, libc.read(fd, big));
            assertEquals(0, big.getLong(0));
            assertEquals(7, big.getLong(8));
            assertTrue(libc.address(big) != 0);
        } finally {
            libc.close(fd);
        }
    }

    @Test
    void socketOptionsAndLocalAddress() throws Exception {
        int fd = libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        try {
            libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, 65536);
            // Linux doubles the requested size to leave room for its bookkeeping.
            assertEquals(131072, libc.getsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF));
            ByteBuffer local = Libc.allocate(SocketAddresses.NETLINK_SIZE);
            SocketAddresses.netlink(local, 0, 0);
            libc.bind(fd, local.flip());
            ByteBuffer bound = Libc.allocate(SocketAddresses.NETLINK_SIZE);
            assertEquals(SocketAddresses.NETLINK_SIZE, libc.getsockname(fd, bound));
            assertEquals(Libc.AF_NETLINK, bound.getShort(0));
            assertTrue(SocketAddresses.netlinkPortId(bound, 0) != 0, "the kernel assigned a port id");
            LinuxException twice = assertThrows(LinuxException.class, () -> libc.bind(fd, local.rewind()));
            assertEquals(Errno.EINVAL, twice.errno());
        } finally {
            libc.close(fd);
        }
        LinuxException closed = assertThrows(LinuxException.class, () -> libc.close(fd));
        assertEquals(Errno.EBADF, closed.errno());
    }

    @Test
    void errnoTable() {
        assertEquals("EEXIST", Errno.of(-17).name());
        assertEquals("File exists", Errno.EEXIST.description());
        assertEquals("EADDRNOTAVAIL", Errno.EADDRNOTAVAIL.name());
        assertEquals("ESRCH", Errno.of(3).name());
        assertEquals("ENOTSUPP", Errno.of(524).name());
        assertEquals("errno 9999", Errno.of(9999).name());
        assertEquals("EAGAIN", Errno.of(11).name());
        assertEquals("EOPNOTSUPP", Errno.of(95).name());
    }
}
