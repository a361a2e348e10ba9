package io.jkeepalived.libc;

import java.nio.ByteBuffer;

/** A reusable array of {@code struct pollfd} (int fd, short events, short revents) for {@link Libc#poll}. */
public final class PollSet {

    private static final int ENTRY = 8;

    private final ByteBuffer struct;
    private final int size;

    public PollSet(int size) {
        this.size = size;
        this.struct = Libc.allocate(size * ENTRY);
        for (int i = 0; i < size; i++) {
            set(i, -1, (short) 0);
        }
    }

    /** Watches {@code fd} for {@code events} in slot {@code index}; fd -1 disables the slot. */
    public void set(int index, int fd, short events) {
        struct.putInt(index * ENTRY, fd);
        struct.putShort(index * ENTRY + 4, events);
        struct.putShort(index * ENTRY + 6, (short) 0);
    }

    /** Events the kernel reported for slot {@code index} by the last poll. */
    public int returned(int index) {
        return struct.getShort(index * ENTRY + 6) & 0xffff;
    }

    public int size() {
        return size;
    }

    void clearReturned() {
        for (int i = 0; i < size; i++) {
            struct.putShort(i * ENTRY + 6, (short) 0);
        }
    }

    ByteBuffer struct() {
        return struct;
    }
}
