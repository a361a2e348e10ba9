package io.jkeepalived.vrrp;

import java.time.Duration;
import java.util.Objects;

/**
 * When a master announces its addresses (keepalived's garp_* / vrrp_garp_* settings).
 *
 * @param masterDelay          second round after becoming master (garp_master_delay, 0 = none)
 * @param masterRepeat         messages per address per round on becoming master (garp_master_repeat)
 * @param masterRefresh        period of refresh rounds while master (garp_master_refresh, 0 = none)
 * @param masterRefreshRepeat  messages per address per refresh round (garp_master_refresh_repeat)
 * @param lowerPriorityDelay   second round after a lower priority advert reached us as master
 *                             (garp_lower_prio_delay, 0 = none)
 * @param lowerPriorityRepeat  messages per address on a lower priority advert (garp_lower_prio_repeat, 0 = none)
 */
public record GarpSettings(
        Duration masterDelay,
        int masterRepeat,
        Duration masterRefresh,
        int masterRefreshRepeat,
        Duration lowerPriorityDelay,
        int lowerPriorityRepeat) {

    /** keepalived 2.2.7's defaults: 5 messages now and 5 more after 5 s; the same on a lower priority advert. */
    public static final GarpSettings KEEPALIVED_DEFAULTS = new GarpSettings(Duration.ofSeconds(5), 5, Duration.ZERO,
            1, Duration.ofSeconds(5), 5);

    public GarpSettings {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
        Objects.requireNonNull(lowerPriorityDelay, "lowerPriorityDelay");
        if (masterDelay.isNegative() || masterRefresh.isNegative() || lowerPriorityDelay.isNegative()) {
            throw new IllegalArgumentException("GARP delays must not be negative");
        }
        if (masterRepeat < 0 || masterRefreshRepeat < 0 || lowerPriorityRepeat < 0) {
            throw new IllegalArgumentException("GARP repeat counts must not be negative");
        }
    }
}
