package io.jkeepalived.vrrp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes raw IP datagrams as a classic pcap file (LINKTYPE_RAW), for tcpdump to decode. */
final class PcapWriter {
    private static final int LINKTYPE_RAW = 101;

    private PcapWriter() {
    }

    static void write(Path file, List<byte[]> datagrams) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_RAW);
        out.write(header.array());
        int second = 0;
        for (byte[] d : datagrams) {
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rec.putInt(second++).putInt(0).putInt(d.length).putInt(d.length);
            out.write(rec.array());
            out.write(d);
        }
        Files.write(file, out.toByteArray());
    }
}
