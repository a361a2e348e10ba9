package io.jkeepalived.libc;

import java.nio.ByteBuffer;

/**
 * A reusable {@code struct msghdr} with one data buffer, an optional socket address and an optional control
 * (ancillary data) buffer, for {@link Libc#sendmsg} and {@link Libc#recvmsg}. All buffers are direct; their
 * native addresses are looked up once when set, so a receive loop does not allocate.
 *
 * <p>Layout (LP64 Linux): msg_name @0, msg_namelen @8, msg_iov @16, msg_iovlen @24, msg_control @32,
 * msg_controllen @40, msg_flags @48; the single iovec (base, len) follows at 56.
 */
public final class MessageHeader {

    private static final int NAME = 0;
    private static final int NAME_LEN = 8;
    private static final int IOV = 16;
    private static final int IOV_LEN = 24;
    private static final int CONTROL = 32;
    private static final int CONTROL_LEN = 40;
    private static final int FLAGS = 48;
    private static final int IOVEC = 56;
    private static final int SIZE = IOVEC + 16;

    private final Libc libc;
    private final ByteBuffer struct = Libc.allocate(SIZE);
    private final long structAddress;
    private ByteBuffer data;
    private long dataAddress;
    private ByteBuffer name;
    private long nameAddress;
    private ByteBuffer control;
    private long controlAddress;

    public MessageHeader(Libc libc) {
        this.libc = libc;
        this.structAddress = libc.address(struct);
        struct.putLong(IOV, structAddress + IOVEC);
        struct.putLong(IOV_LEN, 1);
    }

    /** The data buffer: sent or filled between its position and limit at the time of the call. */
    public MessageHeader data(ByteBuffer buffer) {
        this.data = buffer;
        this.dataAddress = libc.address(buffer);
        return this;
    }

    /** The socket address buffer (destination for send, source for receive), or null for none. */
    public MessageHeader name(ByteBuffer buffer) {
        this.name = buffer;
        this.nameAddress = buffer == null ? 0 : libc.address(buffer);
        return this;
    }

    /** The control buffer for ancillary data, or null for none. */
    public MessageHeader control(ByteBuffer buffer) {
        this.control = buffer;
        this.controlAddress = buffer == null ? 0 : libc.address(buffer);
        return this;
    }

    /** Length of the address the kernel wrote by the last receive. */
    public int nameLength() {
        return struct.getInt(NAME_LEN);
    }

    /** Length of the ancillary data the kernel wrote by the last receive. */
    public int controlLength() {
        return (int) struct.getLong(CONTROL_LEN);
    }

    /** msg_flags from the last receive (MSG_TRUNC, MSG_CTRUNC...). */
    public int flags() {
        return struct.getInt(FLAGS);
    }

    void prepareReceive() {
        fill();
        struct.putInt(FLAGS, 0);
    }

    ByteBuffer struct() {
        fill();
        return struct;
    }

    private void fill() {
        if (data == null) {
            throw new IllegalStateException("MessageHeader has no data buffer");
        }
        struct.putLong(IOVEC, dataAddress + data.position());
        struct.putLong(IOVEC + 8, data.remaining());
        struct.putLong(NAME, name == null ? 0 : nameAddress + name.position());
        struct.putInt(NAME_LEN, name == null ? 0 : name.remaining());
        struct.putLong(CONTROL, control == null ? 0 : controlAddress + control.position());
        struct.putLong(CONTROL_LEN, control == null ? 0 : control.remaining());
    }
}
