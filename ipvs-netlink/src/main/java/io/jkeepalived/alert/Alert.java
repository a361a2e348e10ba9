package io.jkeepalived.alert;

import java.util.Objects;

/**
 * One alert to mail: the subject without its {@code [router_id] } prefix (added when the mail is written, once the
 * router id is known) and the one-line body. The factories give keepalived 2.2.7's texts for each event
 * (vrrp/vrrp_notify.c, check/check_*.c, check/ipwrapper.c, core/smtp.c); the texts are the behaviour operators
 * filter their mail on, so they are matched exactly. Written with StringBuilder on purpose: they are composed on the
 * VRRP loop and the checkers' loop, maybe real-time, where a first string concatenation through invokedynamic costs
 * a link (milliseconds of CPU, counted against RLIMIT_RTTIME).
 */
public record Alert(String subject, String body) {
    public Alert {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
    }

    /** A VRRP state keepalived mails about. */
    public enum VrrpEvent {
        MASTER, BACKUP, FAULT, STOP, DELETED
    }

    /** A VRRP instance changed state. */
    public static Alert instance(String name, VrrpEvent event) {
        String body = switch (event) {
            case MASTER -> "=> VRRP Instance is now owning VRRP VIPs <=";
            case BACKUP, FAULT -> "=> VRRP Instance is no longer owning VRRP VIPs <=";
            case STOP -> "=> VRRP Instance stopping <=";
            case DELETED -> "=> VRRP Deleted at reload <=";
        };
        return new Alert(new StringBuilder("VRRP Instance ").append(name).append(" - ").append(heading(event))
                .toString(), body);
    }

    /** A sync group changed state (keepalived has no group mail for DELETED). */
    public static Alert group(String name, VrrpEvent event) {
        String body = switch (event) {
            case MASTER -> "=> All VRRP group instances are now in MASTER state <=";
            case BACKUP -> "=> All VRRP group instances are now in BACKUP state <=";
            case FAULT -> "=> All VRRP group instances are now in FAULT state <=";
            case STOP, DELETED -> "=> All VRRP group instances are now stopping <=";
        };
        return new Alert(new StringBuilder("VRRP Group ").append(name).append(" - ").append(heading(event))
                .toString(), body);
    }

    private static String heading(VrrpEvent event) {
        return switch (event) {
            case MASTER -> "Entering MASTER state";
            case BACKUP -> "Entering BACKUP state";
            case FAULT -> "Entering FAULT state";
            case STOP -> "Stopping";
            case DELETED -> "Deleted";
        };
    }

    /** The checker kinds, as keepalived names them in a real server's mail body. */
    public enum CheckKind {
        TCP, HTTP, MISC, DNS, UDP, PING,
        /** SMTP_CHECK: keepalived words it as HTTP_GET does, and adds the failure's reason (we do not). */
        SMTP
    }

    /**
     * A checker of a real server changed (keepalived mails per checker, from the checker that changed).
     *
     * @param server  the real server as keepalived's FMT_RS writes it ({@code [192.168.1.2]:tcp:80})
     * @param service the virtual server as FMT_VS writes it
     * @param alive   the real server's state after the change (the subject's UP/DOWN)
     * @param checkUp whether the checker succeeded (the body)
     * @param miscExit for MISC_CHECK, keepalived's exit description ("succeed", "failed", "timed out" ...);
     *                 ignored for the other kinds
     */
    public static Alert realServer(String server, String service, boolean alive, CheckKind kind, boolean checkUp,
                                   String miscExit) {
        String body = switch (kind) {
            case TCP -> checkUp ? "=> TCP CHECK succeed on service <=" : "=> TCP CHECK failed on service <=";
            case HTTP -> checkUp ? "=> CHECK succeed on service <="
                    : "=> CHECK failed on service : HTTP request failed <=";
            case MISC -> new StringBuilder("=> MISC CHECK ").append(miscExit).append(" on service <=").toString();
            case DNS -> checkUp ? "=> DNS_CHECK: succeed on service <=" : "=> DNS_CHECK: failed on service <=";
            case UDP -> checkUp ? "=> UDP CHECK succeed on service <=" : "=> UDP CHECK failed on service <=";
            case PING -> checkUp ? "=> ICMP CHECK succeed on service <=" : "=> ICMP CHECK failed on service <=";
            case SMTP -> checkUp ? "=> CHECK succeed on service <=" : "=> CHECK failed on service <=";
        };
        return new Alert(realServerSubject(server, service, alive ? "UP" : "DOWN"), body);
    }

    /** A live real server removed by a reload ({@code stopping} false) or at shutdown with omega. */
    public static Alert realServerRemoved(String server, String service, boolean stopping) {
        return new Alert(realServerSubject(server, service, "DOWN"),
                stopping ? "=> Shutting down <=" : "=> Removing <=");
    }

    private static String realServerSubject(String server, String service, String state) {
        return new StringBuilder("Realserver ").append(server).append(" of virtual server ").append(service)
                .append(" - ").append(state).toString();
    }

    /**
     * A virtual server's quorum changed.
     *
     * @param initial   the first judgement after start ("Starting with quorum ...")
     * @param threshold the threshold it was judged against: quorum - hysteresis when losing, + when gaining
     * @param weightSum the live real servers' weight
     */
    public static Alert quorum(String service, boolean up, boolean initial, int quorum, int hysteresis,
                               long threshold, long weightSum) {
        String what = up ? (initial ? "Starting with quorum up" : "Gained quorum")
                : (initial ? "Starting with quorum down" : "Lost quorum");
        return new Alert(new StringBuilder("Virtualserver ").append(service).append(" - ").append(up ? "UP" : "DOWN")
                .toString(), new StringBuilder("=> ").append(what).append(' ').append(Integer.toUnsignedString(quorum))
                .append('+').append(Integer.toUnsignedString(hysteresis)).append('=').append(threshold).append(" <= ")
                .append(weightSum).append(" <=").toString());
    }

    /** A virtual server's quorum goes down at shutdown (omega). */
    public static Alert quorumShutdown(String service) {
        return new Alert(new StringBuilder("Virtualserver ").append(service).append(" - DOWN").toString(),
                "=> Shutting down <=");
    }
}
