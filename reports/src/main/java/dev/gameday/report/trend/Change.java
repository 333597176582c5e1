package dev.gameday.report.trend;

/**
 * One compared value between a baseline run and a later one.
 *
 * @param what       {@code slo} or {@code milestone}
 * @param name       the SLO's name, or {@code <fault action> <milestone>}
 * @param baseline   the baseline's value for people ({@code 99.72%}, {@code +2.245 s}, {@code not reached})
 * @param now        the later run's value for people
 * @param change     the difference for people, or {@code —}
 * @param regression whether it got worse beyond its tolerance (or its verdict got worse)
 * @param improved   whether it got better beyond its tolerance (or its verdict got better)
 */
public record Change(String what, String name, String baseline, String now, String change, boolean regression,
                     boolean improved) {
}
