package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.slo.spec.Slo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one list of checks, one per {@link Slo} kind, and the typed binding of an SLO to its check. */
final class SloChecks {

    private static final Map<Class<? extends Slo>, SloCheck<?>> BY_KIND = index(List.of(
            new RatioCheck(), new ThresholdCheck(), new RecoveryCheck(), new EventuallyCheck(),
            new BurnRateCheck(), new OrderIntegrityCheck(), new AlarmCheck(), new DnsFailoverCheck()));

    private SloChecks() {
    }

    /** The SLO bound to its kind's check. */
    static Binding<?> of(Slo slo) {
        SloCheck<?> check = BY_KIND.get(slo.getClass());
        if (check == null) {
            throw new IllegalStateException("no check for SLO kind " + slo.getClass().getName());
        }
        return bind(check, slo);
    }

    /** The kinds that have a check (a test holds this equal to {@link Slo}'s permitted kinds). */
    static java.util.Set<Class<? extends Slo>> kinds() {
        return BY_KIND.keySet();
    }

    private static <S extends Slo> Binding<S> bind(SloCheck<S> check, Slo slo) {
        return new Binding<>(check, check.kind().cast(slo));
    }

    private static Map<Class<? extends Slo>, SloCheck<?>> index(List<SloCheck<?>> checks) {
        Map<Class<? extends Slo>, SloCheck<?>> out = new LinkedHashMap<>();
        for (SloCheck<?> check : checks) {
            if (out.put(check.kind(), check) != null) {
                throw new IllegalStateException("two checks for " + check.kind().getSimpleName());
            }
        }
        return Map.copyOf(out);
    }

    /** One SLO with the check of its kind: the calls need no cast. */
    record Binding<S extends Slo>(SloCheck<S> check, S slo) {

        String objective() {
            return check.objective(slo);
        }

        List<MetricQuery> metrics() {
            return check.metrics(slo);
        }

        List<SeriesRequest> requests(Judging run) {
            return check.requests(slo, run);
        }

        Verdict evaluate(Judging run) {
            return check.evaluate(slo, run);
        }
    }
}
