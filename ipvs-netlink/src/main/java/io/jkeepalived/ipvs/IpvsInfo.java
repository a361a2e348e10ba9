package io.jkeepalived.ipvs;

/**
 * IPVS_CMD_GET_INFO: the IPVS version (packed as major &lt;&lt; 16 | minor &lt;&lt; 8 | patch) and the
 * connection hash table size.
 */
public record IpvsInfo(int version, int connectionTableSize) {

    /** "1.2.1", as ipvsadm prints it. */
    public String versionString() {
        return ((version >>> 16) & 0xff) + "." + ((version >>> 8) & 0xff) + "." + (version & 0xff);
    }
}
