package dev.gameday.slo.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A Route 53 failover record must answer with the standby endpoint soon after the fault starts,
 * and with the primary again soon after it ends: judged from the run's {@code dns.answer} events
 * (Route 53 {@code TestDNSAnswer}, polled by the {@code aws} target), so it is {@code NO_DATA}
 * where nothing polled Route 53 (locally).
 *
 * @param name           unique name
 * @param description    for people; may be empty
 * @param record         the record's DNS name, as the target file's {@code route53.recordName}
 * @param failoverAnswer the value the record must answer with during the fault (e.g. the standby's IP)
 * @param primaryAnswer  the value it must answer with again after recovery
 * @param faultStart     where the failover clock starts (default {@code experiment.started})
 * @param failoverWithin the latest acceptable first failover answer after {@code faultStart}
 * @param faultEnd       where the return clock starts (default {@code fault.end})
 * @param returnWithin   the latest acceptable first primary answer after {@code faultEnd}
 */
public record DnsFailoverSlo(String name, String description, String record, String failoverAnswer,
                             String primaryAnswer, Anchor faultStart, Duration failoverWithin, Anchor faultEnd,
                             Duration returnWithin) implements Slo {

    public DnsFailoverSlo {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(failoverAnswer, "failoverAnswer");
        Objects.requireNonNull(primaryAnswer, "primaryAnswer");
        Objects.requireNonNull(faultStart, "faultStart");
        Objects.requireNonNull(failoverWithin, "failoverWithin");
        Objects.requireNonNull(faultEnd, "faultEnd");
        Objects.requireNonNull(returnWithin, "returnWithin");
        if (failoverAnswer.equals(primaryAnswer)) {
            throw new IllegalArgumentException("failoverAnswer and primaryAnswer are both " + primaryAnswer
                    + ": a failover would not show");
        }
    }

    @Override
    public DnsFailoverSlo resolve(UnaryOperator<String> fill) {
        return new DnsFailoverSlo(name, fill.apply(description), fill.apply(record), fill.apply(failoverAnswer),
                fill.apply(primaryAnswer), faultStart, failoverWithin, faultEnd, returnWithin);
    }

    @Override
    public String kind() {
        return "dns-failover";
    }
}
