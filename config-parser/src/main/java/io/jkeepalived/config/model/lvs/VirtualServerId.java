package io.jkeepalived.config.model.lvs;

import java.net.InetAddress;
import java.util.Objects;

/** What a {@code virtual_server} line names: {@code IP [PORT]}, {@code fwmark N} or {@code group NAME}. */
public sealed interface VirtualServerId {

    /** {@code virtual_server IP [PORT]}; port 0 when none was written (only valid for persistent services). */
    record Ip(InetAddress address, int port) implements VirtualServerId {
        public Ip {
            Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
        }
    }

    /** {@code virtual_server fwmark N}: a firewall-mark service, 1 to 4294967295. */
    record Fwmark(long mark) implements VirtualServerId {
        public Fwmark {
            if (mark < 1 || mark > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("fwmark " + mark);
            }
        }
    }

    /** {@code virtual_server group NAME}: one service per entry of the {@code virtual_server_group}. */
    record Group(String name) implements VirtualServerId {
        public Group {
            Objects.requireNonNull(name, "name");
        }
    }
}
