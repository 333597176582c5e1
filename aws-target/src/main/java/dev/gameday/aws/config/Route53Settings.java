package dev.gameday.aws.config;

import dev.gameday.core.config.ConfigNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The optional {@code route53:} block of a target file: the failover record whose answers a game
 * day watches ({@code TestDNSAnswer}) and the health checks whose status it records
 * ({@code GetHealthCheckStatus}), polled every {@code pollInterval} while the target is open.
 *
 * @param hostedZoneId   the hosted zone holding the record, or {@code null} when only health checks are watched
 * @param recordName     the record's name (without a trailing dot), or {@code null}
 * @param recordType     the record's type, e.g. {@code A}
 * @param healthCheckIds the health checks to record, possibly empty
 * @param pollInterval   how often each of them is asked
 */
public record Route53Settings(String hostedZoneId, String recordName, String recordType, List<String> healthCheckIds,
                              Duration pollInterval) {

    /** Route 53's documented limit: five API requests per second per account. */
    public static final int ACCOUNT_REQUESTS_PER_SECOND = 5;
    /** The spacing this harness keeps between its own Route 53 calls: 4 a second, leaving one for everybody else. */
    public static final Duration MIN_CALL_SPACING = Duration.ofMillis(250);
    /** Route 53's fast health check interval: polling faster learns nothing new. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

    private static final Pattern ZONE_ID = Pattern.compile("Z[A-Z0-9]{1,31}");
    private static final Pattern HEALTH_CHECK_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DNS_NAME = Pattern.compile("([A-Za-z0-9*_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*"
            + "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?");
    private static final List<String> RECORD_TYPES = List.of("A", "AAAA", "CNAME", "TXT", "MX", "NS", "SRV", "CAA",
            "PTR", "SOA", "NAPTR", "SPF", "DS", "HTTPS", "SVCB", "TLSA", "SSHFP");

    public Route53Settings {
        Objects.requireNonNull(recordType, "recordType");
        healthCheckIds = List.copyOf(healthCheckIds);
        Objects.requireNonNull(pollInterval, "pollInterval");
        if ((hostedZoneId == null) != (recordName == null)) {
            throw new IllegalArgumentException("hostedZoneId and recordName go together");
        }
    }

    /** Whether a record is watched (else only health checks are). */
    public boolean watchesRecord() {
        return recordName != null;
    }

    /** The Route 53 calls one poll round makes: one per health check, plus one for the record. */
    public int callsPerRound() {
        return healthCheckIds.size() + (watchesRecord() ? 1 : 0);
    }

    /** Reads and validates the block; every mistake names the file, line and field. */
    static Route53Settings parse(ConfigNode node) {
        node.allowOnly("hostedZoneId", "recordName", "recordType", "healthCheckIds", "pollInterval");
        String zone = null;
        String record = null;
        if (node.has("hostedZoneId") || node.has("recordName")) {
            if (!node.has("hostedZoneId")) {
                throw node.error("missing required field 'hostedZoneId': TestDNSAnswer asks the zone holding recordName");
            }
            if (!node.has("recordName")) {
                throw node.error("missing required field 'recordName': the failover record hostedZoneId holds");
            }
            zone = node.get("hostedZoneId").text().trim();
            if (zone.startsWith("/hostedzone/")) {
                zone = zone.substring("/hostedzone/".length());
            }
            if (!ZONE_ID.matcher(zone).matches()) {
                throw node.get("hostedZoneId").error("must be a hosted zone id such as Z0123456789ABCDEFGHIJ, was '" + zone + "'");
            }
            record = node.get("recordName").text().trim();
            if (!DNS_NAME.matcher(record).matches() || record.length() > 254) {
                throw node.get("recordName").error("must be a DNS name such as shop.example.com, was '" + record + "'");
            }
            record = record.endsWith(".") ? record.substring(0, record.length() - 1) : record;
        }
        String type = node.find("recordType").map(n -> n.text().trim().toUpperCase()).orElse("A");
        if (!RECORD_TYPES.contains(type)) {
            throw node.get("recordType").error("must be a Route 53 record type (" + String.join(", ", RECORD_TYPES)
                    + "), was '" + node.get("recordType").text().trim() + "'");
        }
        if (node.has("recordType") && record == null) {
            throw node.get("recordType").error("has no record to apply to: set hostedZoneId and recordName too");
        }
        List<String> checks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        node.find("healthCheckIds").ifPresent(list -> list.list().forEach(item -> {
            String id = item.text().trim();
            if (!HEALTH_CHECK_ID.matcher(id).matches()) {
                throw item.error("must be a Route 53 health check id (a UUID such as"
                        + " 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b), was '" + id + "'");
            }
            if (!seen.add(id)) {
                throw item.error("health check " + id + " is listed twice");
            }
            checks.add(id);
        }));
        if (record == null && checks.isEmpty()) {
            throw node.error("watches nothing: set hostedZoneId and recordName (a failover record), healthCheckIds, or both");
        }
        Duration interval = node.find("pollInterval").map(ConfigNode::positiveDuration).orElse(DEFAULT_POLL_INTERVAL);
        int calls = checks.size() + (record != null ? 1 : 0);
        if (interval.compareTo(MIN_CALL_SPACING.multipliedBy(calls)) < 0) {
            ConfigNode at = node.find("pollInterval").orElse(node);
            throw at.error("pollInterval " + interval.toMillis() + " ms for " + calls + " calls a round would exceed "
                    + (1000 / MIN_CALL_SPACING.toMillis()) + " requests/s (Route 53 allows " + ACCOUNT_REQUESTS_PER_SECOND
                    + " per account): make it at least " + MIN_CALL_SPACING.multipliedBy(calls).toMillis() + " ms");
        }
        return new Route53Settings(zone, record, type, checks, interval);
    }
}
