package dev.gameday.slo.evaluation;

import dev.gameday.core.event.Event;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.phase.UnresolvedWindowException;
import dev.gameday.slo.spec.DnsFailoverSlo;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Evaluates {@link DnsFailoverSlo} from the run's {@code dns.answer} events alone: the first
 * answer for the record that holds {@code failoverAnswer} at or after the fault's start must come
 * within {@code failoverWithin}, and the first answer that holds {@code primaryAnswer} at or after
 * the fault's end within {@code returnWithin}. A run without any answer for the record is
 * {@code NO_DATA}: nothing polled Route 53.
 */
final class DnsFailoverCheck implements SloCheck<DnsFailoverSlo> {

    /** The event type the {@code aws} target's Route 53 watch records each TestDNSAnswer as. */
    static final String DNS_ANSWER = "dns.answer";

    @Override
    public Class<DnsFailoverSlo> kind() {
        return DnsFailoverSlo.class;
    }

    /** Judged from {@code dns.answer} events: no series. */
    @Override
    public String objective(DnsFailoverSlo slo) {
        return slo.failoverAnswer() + " ≤ " + slo.failoverWithin().toSeconds() + " s after " + slo.faultStart().label()
                + ", " + slo.primaryAnswer() + " ≤ " + slo.returnWithin().toSeconds() + " s after " + slo.faultEnd().label();
    }

    @Override
    public Verdict evaluate(DnsFailoverSlo slo, Judging run) {
        String objective = objective(slo);
        List<Event> answers = run.events().stream()
                .filter(e -> e.type().equals(DNS_ANSWER) && sameName(e.attr("record"), slo.record()))
                .toList();
        if (answers.isEmpty()) {
            return Verdicts.noData(slo, objective, "no " + DNS_ANSWER + " event for " + slo.record()
                    + " (Route 53 is polled only on the aws target, with a route53: block naming this record)", null, List.of());
        }
        Instant start;
        Instant end;
        try {
            start = run.resolve(slo.faultStart());
            end = run.resolve(slo.faultEnd());
        } catch (UnresolvedWindowException e) {
            return Verdicts.noData(slo, objective, e.getMessage(), null, List.of());
        }
        Instant last = answers.get(answers.size() - 1).ts();
        TimeRange range = TimeRange.covering(start, last.isAfter(start) ? last : start,
                slo.faultStart().label() + " to the last answer");
        String timeline = "answers " + summary(answers);

        Optional<Event> failedOver = firstWith(answers, slo.failoverAnswer(), start);
        if (failedOver.isEmpty()) {
            return verdict(slo, objective, Double.NaN, "never failed over", false, slo.record() + " never answered "
                    + slo.failoverAnswer() + " after " + label(slo.faultStart().label(), start) + "; " + timeline, range, start);
        }
        long failover = seconds(start, failedOver.get().ts());
        boolean failoverInTime = failover <= slo.failoverWithin().toSeconds();
        String failoverText = slo.failoverAnswer() + " at " + TimeRange.clock(failedOver.get().ts()) + ", " + failover
                + " s after " + label(slo.faultStart().label(), start) + (failoverInTime ? " ≤ " : " > ")
                + slo.failoverWithin().toSeconds() + " s";

        Instant returnFrom = failedOver.get().ts().isAfter(end) ? failedOver.get().ts() : end;
        Optional<Event> returned = firstWith(answers, slo.primaryAnswer(), returnFrom);
        String measuredText;
        String returnText;
        boolean returnInTime;
        if (returned.isEmpty()) {
            returnInTime = false;
            returnText = "never answered " + slo.primaryAnswer() + " again after " + label(slo.faultEnd().label(), end);
            measuredText = "failover after " + failover + " s, never back";
        } else {
            long back = seconds(end, returned.get().ts());
            returnInTime = back <= slo.returnWithin().toSeconds();
            returnText = slo.primaryAnswer() + " at " + TimeRange.clock(returned.get().ts()) + ", " + back + " s after "
                    + label(slo.faultEnd().label(), end) + (returnInTime ? " ≤ " : " > ") + slo.returnWithin().toSeconds() + " s";
            measuredText = "failover after " + failover + " s, back " + back + " s after " + slo.faultEnd().label();
        }
        Instant breach = !failoverInTime ? start.plus(slo.failoverWithin()) : !returnInTime ? end.plus(slo.returnWithin()) : null;
        return verdict(slo, objective, failover, measuredText, failoverInTime && returnInTime,
                slo.record() + ": " + failoverText + "; " + returnText + "; " + timeline, range, breach);
    }

    private static Optional<Event> firstWith(List<Event> answers, String value, Instant from) {
        return answers.stream()
                .filter(e -> !e.ts().isBefore(from) && values(e).contains(strip(value.toLowerCase(Locale.ROOT))))
                .findFirst();
    }

    private static List<String> values(Event answer) {
        String answers = answer.attr("answers");
        if (answers == null || answers.isBlank()) {
            return List.of();
        }
        return Arrays.stream(answers.split(",")).map(a -> strip(a.trim().toLowerCase(Locale.ROOT))).toList();
    }

    /** Each change of answer, e.g. {@code 12:00:01 10.0.1.10 → 12:00:31 10.0.2.10}. */
    private static String summary(List<Event> answers) {
        StringBuilder out = new StringBuilder();
        String previous = null;
        for (Event e : answers) {
            String now = e.attr("answers") + (e.attr("responseCode") == null || "NOERROR".equals(e.attr("responseCode"))
                    ? "" : " (" + e.attr("responseCode") + ")");
            if (!now.equals(previous)) {
                out.append(previous == null ? "" : " → ").append(TimeRange.clock(e.ts())).append(' ').append(now);
                previous = now;
            }
        }
        return out.toString();
    }

    private static boolean sameName(String a, String b) {
        return a != null && strip(a.toLowerCase(Locale.ROOT)).equals(strip(b.toLowerCase(Locale.ROOT)));
    }

    /** DNS names compare without their trailing dot. */
    private static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static long seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toSeconds());
    }

    private static String label(String anchor, Instant at) {
        return anchor + " (" + TimeRange.clock(at) + ")";
    }

    private static Verdict verdict(DnsFailoverSlo slo, String objective, double measured, String measuredText, boolean met,
                                   String explanation, TimeRange range, Instant breach) {
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, measured, measuredText,
                met ? Verdict.Status.PASS : Verdict.Status.FAIL,
                new Evidence(explanation, objective, range.start(), range.end(), breach, List.of()));
    }
}
