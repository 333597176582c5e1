package dev.gameday.slo.spec;

import java.util.function.UnaryOperator;

/**
 * One service level objective as code: what is measured, over which window, and what is good
 * enough. Each kind is a record, judged by its own check (slo-checks {@code evaluation.SloChecks}:
 * one check per kind, a test holds the two lists equal).
 */
public sealed interface Slo permits RatioSlo, ThresholdSlo, RecoverySlo, EventuallySlo, BurnRateSlo,
        OrderIntegritySlo, AlarmSlo, DnsFailoverSlo {

    /** Unique within a game day; names the verdict, the JUnit test case and the Allure result. */
    String name();

    /** What the SLO protects, in one sentence for people; may be empty. */
    String description();

    /** The kind as written in YAML: {@code ratio}, {@code threshold}, {@code recovery}, {@code eventually},
     * {@code burn-rate}, {@code order-integrity}, {@code alarm}, {@code dns-failover}. */
    String kind();

    /**
     * This SLO with the placeholders it kept when parsed ({@code ${name}} in a metric's namespace, name
     * or dimension values, a description, a DNS record or answer) filled by {@code fill}: the one
     * resolution step once the target is open ({@link SloSpecs#resolve}).
     */
    Slo resolve(UnaryOperator<String> fill);
}
