package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricsSource;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.spec.Bound;
import dev.gameday.slo.spec.EventuallySlo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Evaluates {@link EventuallySlo}: is there a run of {@code for} periods within the bound inside the window? */
final class EventuallyCheck {

    private EventuallyCheck() {
    }

    static List<SeriesRequest> requests(EventuallySlo slo, TimeRange range) {
        return List.of(new SeriesRequest(slo.sli().query(slo.period()), range.start(), range.end()));
    }

    static String objective(EventuallySlo slo) {
        return slo.bound().describe(slo.sli().unit()) + " for " + slo.streak() * slo.period().toSeconds()
                + " s within " + slo.window().label();
    }

    static Verdict evaluate(EventuallySlo slo, TimeRange range, MetricsSource source) {
        SeriesReader.Read read = SeriesReader.read(source, slo.sli().query(slo.period()), range);
        String objective = objective(slo);
        List<EvidenceSeries> series = List.of(read.evidence("sli"));
        if (read.isEmpty()) {
            return Verdicts.noData(slo, objective, SeriesReader.missing(read, range), range, series);
        }
        Bound bound = slo.bound();
        String condition = slo.sli().shortLabel() + " " + bound.describe(slo.sli().unit()) + " for "
                + slo.streak() * slo.period().toSeconds() + " s";
        Instant at = Streaks.firstStreak(read.index(), bound, range.start(), slo.streak(), slo.period().toSeconds());
        if (at == null) {
            Instant breach = Streaks.firstBreach(read.index(), bound, range.start());
            return new Verdict(slo.name(), slo.kind(), slo.description(), objective, Double.NaN, "never",
                    Verdict.Status.FAIL, new Evidence(condition + " never happened within " + range.describe(),
                    objective, range.start(), range.end(), breach, series));
        }
        long seconds = Duration.between(range.start(), at).toSeconds();
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, seconds,
                "after " + seconds + " s", Verdict.Status.PASS,
                new Evidence(condition + " from " + TimeRange.clock(at) + ", " + seconds + " s into "
                        + range.describe(), objective, range.start(), range.end(), null, series));
    }
}
