package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Outcome of the receive checks for one packet. */
public sealed interface Verdict {

    /**
     * A valid advert for our VRID.
     *
     * @param anomalies accepted oddities, each with a sentence for the log
     */
    record Accepted(Advertisement advertisement, InetAddress source, ChecksumForm checksumForm,
                    Map<Anomaly, String> anomalies) implements Verdict {
        public Accepted {
            Objects.requireNonNull(advertisement, "advertisement");
            Objects.requireNonNull(source, "source");
            anomalies = anomalies.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(anomalies));
        }
    }

    /**
     * A packet not taken; {@code source} is null when it could not be read.
     *
     * @param detail names the offending field, its value and ours
     */
    record Dropped(DropReason reason, InetAddress source, String detail) implements Verdict {
        public Dropped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
