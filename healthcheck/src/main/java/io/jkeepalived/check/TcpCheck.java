package io.jkeepalived.check;

import java.util.Objects;

/** TCP_CHECK: success when a TCP connection to the target completes; the connection is then closed. */
public record TcpCheck(ConnectTarget target) implements CheckerSpec {
    public TcpCheck {
        Objects.requireNonNull(target, "target");
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.TCP_CHECK;
    }
}
