package io.jkeepalived.vrrp;

/** States of an instance: RFC 5798's three plus keepalived's FAULT and STOP. */
public enum VrrpState {
    INIT,
    BACKUP,
    MASTER,
    /** Something the instance tracks (interface, script with weight 0) is down: no adverts, no VIPs. */
    FAULT,
    /** Shut down: final. */
    STOP
}
