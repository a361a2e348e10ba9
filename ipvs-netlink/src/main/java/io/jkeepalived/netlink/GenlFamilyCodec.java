package io.jkeepalived.netlink;

import java.util.LinkedHashMap;
import java.util.Map;

/** Encodes CTRL_CMD_GETFAMILY requests and decodes the controller's family descriptions. */
public final class GenlFamilyCodec {

    /**
     * The controller command version we send. libnl (and so ipvsadm) sends 1; captured from
     * {@code ipvsadm -Ln}: "03 01 00 00" then CTRL_ATTR_FAMILY_NAME.
     */
    public static final int CTRL_VERSION = 1;

    private GenlFamilyCodec() {
    }

    /** Writes a GETFAMILY request for {@code name}, flagged REQUEST|ACK like libnl's. */
    public static NetlinkMessageBuilder writeGetFamily(NetlinkMessageBuilder b, String name) {
        return b.begin(Netlink.GENL_ID_CTRL, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .genlHeader(Netlink.CTRL_CMD_GETFAMILY, CTRL_VERSION)
                .attrString(Netlink.CTRL_ATTR_FAMILY_NAME, name);
    }

    /** Decodes a CTRL_CMD_NEWFAMILY reply. */
    public static GenlFamily parseFamily(NetlinkMessage m) throws MalformedMessageException {
        AttributeReader a = m.attributes(Netlink.GENL_HEADER_SIZE);
        String name = null;
        int id = -1;
        int version = 0;
        int headerSize = 0;
        int maxAttribute = 0;
        Map<String, Integer> groups = new LinkedHashMap<>();
        while (a.next()) {
            switch (a.type()) {
                case Netlink.CTRL_ATTR_FAMILY_ID -> id = a.u16();
                case Netlink.CTRL_ATTR_FAMILY_NAME -> name = a.string();
                case Netlink.CTRL_ATTR_VERSION -> version = a.u32();
                case Netlink.CTRL_ATTR_HDRSIZE -> headerSize = a.u32();
                case Netlink.CTRL_ATTR_MAXATTR -> maxAttribute = a.u32();
                case Netlink.CTRL_ATTR_MCAST_GROUPS -> readGroups(a.nested(), groups);
                default -> {
                    // operations and policies are not needed to talk to the family
                }
            }
        }
        if (name == null || id < 0) {
            throw new MalformedMessageException("generic netlink family description without "
                    + (name == null ? "a name" : "an id"));
        }
        return new GenlFamily(name, id, version, headerSize, maxAttribute, groups);
    }

    private static void readGroups(AttributeReader list, Map<String, Integer> groups)
            throws MalformedMessageException {
        while (list.next()) {
            AttributeReader group = list.nested();
            String groupName = null;
            Integer groupId = null;
            while (group.next()) {
                switch (group.type()) {
                    case Netlink.CTRL_ATTR_MCAST_GRP_NAME -> groupName = group.string();
                    case Netlink.CTRL_ATTR_MCAST_GRP_ID -> groupId = group.u32();
                    default -> {
                    }
                }
            }
            if (groupName == null || groupId == null) {
                throw new MalformedMessageException("multicast group without a name or id");
            }
            groups.put(groupName, groupId);
        }
    }
}
