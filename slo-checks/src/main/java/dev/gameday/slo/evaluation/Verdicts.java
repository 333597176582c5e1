package dev.gameday.slo.evaluation;

import dev.gameday.slo.period.Rescaled;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.spec.Slo;

import java.util.List;

/** Shared shapes of verdicts. */
final class Verdicts {

    private Verdicts() {
    }

    /** The verdict with its evidence saying how it was coarsened, when it was ({@link Evidence#coarsenedBy}). */
    static Verdict coarsened(Verdict v, Rescaled rescaled) {
        Evidence evidence = v.evidence().coarsenedBy(rescaled);
        return evidence == v.evidence() ? v : new Verdict(v.name(), v.kind(), v.description(), v.objective(),
                v.measured(), v.measuredText(), v.status(), evidence);
    }

    /** Nothing to judge: the window could not be placed or its series had no data. */
    static Verdict noData(Slo slo, String objective, String why, TimeRange range, List<EvidenceSeries> series) {
        Evidence evidence = new Evidence("No data: " + why + "; no data cannot prove the SLO.", objective,
                range == null ? null : range.start(), range == null ? null : range.end(), null, series);
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, Double.NaN, "no data",
                Verdict.Status.NO_DATA, evidence);
    }
}
