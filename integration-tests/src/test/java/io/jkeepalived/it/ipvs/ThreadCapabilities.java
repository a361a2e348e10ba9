package io.jkeepalived.it.ipvs;

import jnr.ffi.LibraryLoader;

/**
 * Drops a capability from the calling thread's effective set (capset(2) acts on one thread only), so the lab
 * can see what the kernel says to a caller without CAP_NET_ADMIN from inside the same JVM: a second JVM costs
 * tens of seconds under emulation.
 */
final class ThreadCapabilities {

    static final int CAP_NET_ADMIN = 12;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    /** glibc's wrappers; int arrays travel as pointers, copied in and out. */
    public interface Native {
        int capget(int[] header, int[] data);

        int capset(int[] header, int[] data);
    }

    private ThreadCapabilities() {
    }

    /** Removes {@code capability} from this thread's effective set; throws when the kernel refuses. */
    static void dropEffective(int capability) {
        Native c = LibraryLoader.create(Native.class).load("c");
        int[] header = {LINUX_CAPABILITY_VERSION_3, 0};
        // struct __user_cap_data_struct[2]: {effective, permitted, inheritable} for bits 0-31, then 32-63
        int[] data = new int[6];
        if (c.capget(header, data) != 0) {
            throw new IllegalStateException("capget failed");
        }
        data[capability / 32 * 3] &= ~(1 << (capability % 32));
        if (c.capset(header, data) != 0) {
            throw new IllegalStateException("capset failed");
        }
    }
}
