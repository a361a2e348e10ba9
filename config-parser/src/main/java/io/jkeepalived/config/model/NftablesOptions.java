package io.jkeepalived.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How keepalived (built with nftables, as Debian's 2.2.7) names and places the table that drops traffic to
 * and from the addresses of no_accept instances.
 *
 * @param table    {@code nftables [NAME]}: the table's name when given ("keepalived" when the keyword has no
 *                 name); empty without the keyword, and then "keepalived" is used when a table is needed
 * @param priority {@code nftables_priority}: the input and output chains' priority (default -1: filter - 1);
 *                 {@code nftables} puts it back to -1, so it counts only after that keyword
 * @param counters {@code nftables_counters}: each rule counts packets and bytes
 * @param ifindex  {@code nftables_ifindex}: link-local VIP sets keyed by interface index, not name
 */
public record NftablesOptions(Optional<String> table, int priority, boolean counters, boolean ifindex) {

    public static final String DEFAULT_TABLE = "keepalived";
    public static final int DEFAULT_PRIORITY = -1;
    /** keepalived refuses longer names (its NFT_TABLE_MAXNAMELEN, 32 with the terminating NUL). */
    public static final int MAX_TABLE_NAME = 31;

    public static final NftablesOptions DEFAULTS = new NftablesOptions(Optional.empty(), DEFAULT_PRIORITY, false, false);

    public NftablesOptions {
        Objects.requireNonNull(table, "table");
    }

    /** The name the table gets when one is needed. */
    public String tableName() {
        return table.orElse(DEFAULT_TABLE);
    }
}
