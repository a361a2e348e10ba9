package io.jkeepalived.config.model.lvs;

/** The layer-4 protocol of an address-based virtual service, with its IPPROTO number for IPVS. */
public enum Protocol {
    TCP(6),
    UDP(17),
    SCTP(132);

    private final int ipProto;

    Protocol(int ipProto) {
        this.ipProto = ipProto;
    }

    public int ipProto() {
        return ipProto;
    }
}
