package io.jkeepalived.netlink;

import java.util.Map;

/**
 * A generic netlink family as the kernel's controller describes it.
 *
 * @param name            family name ("IPVS", "nlctrl")
 * @param id              the netlink message type requests to this family use
 * @param version         the family's version, sent in every genlmsghdr
 * @param headerSize      size of the family's own fixed header after genlmsghdr (0 for most)
 * @param maxAttribute    highest attribute type the family accepts
 * @param multicastGroups multicast group ids by name
 */
public record GenlFamily(String name, int id, int version, int headerSize, int maxAttribute,
        Map<String, Integer> multicastGroups) {

    public GenlFamily {
        multicastGroups = Map.copyOf(multicastGroups);
    }
}
