package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.slo.spec.Slo;

import java.time.Duration;
import java.util.List;

/**
 * How one kind of SLO is judged: what it reads, which recorded series it needs, and its verdict
 * from them. There is one implementation per {@link Slo} kind, listed once in {@link SloChecks};
 * adding a kind means its record and parser in {@code spec}, and one check here.
 *
 * <p>{@link #requests} and {@link #evaluate} may throw
 * {@link dev.gameday.slo.phase.UnresolvedWindowException} when the SLO's window cannot be placed
 * on the run (a phase that never ran): it then asks for nothing and is {@code NO_DATA}.
 *
 * @param <S> the SLO kind this check judges
 */
interface SloCheck<S extends Slo> {

    /** The period {@link #metrics} are named at. */
    Duration SECOND = Duration.ofSeconds(1);

    /** The SLO record this check judges. */
    Class<S> kind();

    /** The objective, in words, as the verdict and the reports show it. */
    String objective(S slo);

    /**
     * Every metric the SLO reads, at a 1-second period: what the orchestrator asks its sources
     * for their finest period before it fetches anything. None for kinds that read no metric.
     */
    default List<MetricQuery> metrics(S slo) {
        return List.of();
    }

    /** The recorded series the verdict needs (the run's source is not read here). */
    default List<SeriesRequest> requests(S slo, Judging run) {
        return List.of();
    }

    /** The verdict, from the run's recorded series, events and order evidence. */
    Verdict evaluate(S slo, Judging run);
}
