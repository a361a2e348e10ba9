package io.jkeepalived.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A capture of a real tool's netlink traffic in the kernel lab (src/test/resources/ipvs-golden and
 * rtnl-golden; their README describes the format): the command, and every message sent and received, with
 * the byte ranges that vary between runs.
 */
public record GoldenCapture(String name, String command, List<Message> messages) {

    /** One netlink message: "send" or "recv", its bytes, and the inclusive byte ranges that vary. */
    public record Message(String direction, byte[] bytes, List<int[]> mask) {

        public int type() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getShort(4) & 0xffff;
        }

        public int flags() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getShort(6) & 0xffff;
        }

        /** The genetlink command (the first byte after the header). */
        public int command() {
            return bytes[16] & 0xff;
        }

        public boolean sent() {
            return direction.equals("send");
        }

        /** The bytes with every varying range blanked. */
        public byte[] masked() {
            return maskBytes(bytes, mask);
        }

        public ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes.clone()).order(ByteOrder.nativeOrder());
        }
    }

    static byte[] maskBytes(byte[] bytes, List<int[]> mask) {
        byte[] copy = bytes.clone();
        for (int[] r : mask) {
            for (int i = r[0]; i <= r[1] && i < copy.length; i++) {
                copy[i] = 0;
            }
        }
        return copy;
    }

    /** {@code bytes} with the same ranges as {@code like} blanked. */
    public static byte[] maskLike(byte[] bytes, Message like) {
        return maskBytes(bytes, like.mask());
    }

    public static GoldenCapture load(String folder, String name) {
        String path = "/" + folder + "/" + name + ".txt";
        try (InputStream in = GoldenCapture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden capture " + path);
            }
            String command = null;
            List<Message> messages = new ArrayList<>();
            String direction = null;
            List<int[]> mask = null;
            StringBuilder hex = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("command: ")) {
                    command = line.substring("command: ".length());
                } else if (line.startsWith("@ ")) {
                    if (direction != null) {
                        messages.add(new Message(direction, HexFormat.of().parseHex(hex), mask));
                    }
                    String[] w = line.split(" ");
                    direction = w[1];
                    mask = new ArrayList<>();
                    hex = new StringBuilder();
                    for (String word : w) {
                        if (word.startsWith("mask=")) {
                            for (String range : word.substring(5).split(",")) {
                                String[] ends = range.split("-");
                                mask.add(new int[] {Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1])});
                            }
                        }
                    }
                } else if (direction != null && line.matches("[0-9a-f]{4}: .*")) {
                    hex.append(line.substring(6).replace(" ", ""));
                }
            }
            if (direction != null) {
                messages.add(new Message(direction, HexFormat.of().parseHex(hex), mask));
            }
            return new GoldenCapture(name, command, messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages of the family {@code type} (skipping the controller's), in order. */
    public List<Message> ofType(int type) {
        return messages.stream().filter(m -> m.type() == type).toList();
    }
}
