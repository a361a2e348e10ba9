package io.jkeepalived.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A request captured from a real tool by src/test/resources/golden/capture-golden.sh (ip(8) or ipvsadm
 * run inside a throw-away namespace under strace; the file's comment lines say exactly which command).
 */
public record Golden(String name, String command, int ifIndex, byte[] bytes) {

    public static Golden load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name + ".golden")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            String command = null;
            int ifIndex = -1;
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("# command")) {
                    command = line.substring(line.indexOf(':') + 1).strip();
                } else if (line.startsWith("# ifindex:")) {
                    ifIndex = Integer.parseInt(line.substring(10).strip());
                } else if (!line.startsWith("#")) {
                    hex.append(line.replace(" ", ""));
                }
            }
            return new Golden(name, command, ifIndex, HexFormat.of().parseHex(hex));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes with nlmsg_seq and nlmsg_pid zeroed: those differ between any two runs. */
    public static byte[] withoutSequenceAndPort(byte[] message) {
        byte[] copy = message.clone();
        for (int i = 8; i < 16 && i < copy.length; i++) {
            copy[i] = 0;
        }
        return copy;
    }

    public byte[] comparable() {
        return withoutSequenceAndPort(bytes);
    }
}
