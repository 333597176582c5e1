package dev.gameday.slo.spec;

import dev.gameday.core.alarm.AlarmDefinition;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Detection, tested rather than assumed: a CloudWatch alarm (defined inline, evaluated locally by
 * {@link dev.gameday.core.alarm.LocalAlarm} over the recorded metric) must enter ALARM within
 * {@code detectWithin} of {@code detectAfter} (the fault starting), and be back to OK after
 * {@code clearAfter} (the recovery), within {@code clearWithin} when that is given.
 *
 * <pre>{@code
 * - name: alb-5xx-alarm
 *   kind: alarm
 *   alarm:
 *     metric: { namespace: AWS/ApplicationELB, metric: HTTPCode_Target_5XX_Count,
 *               dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: Sum }
 *     period: 10s
 *     comparison: GreaterThanThreshold
 *     threshold: 5
 *     evaluationPeriods: 3
 *     datapointsToAlarm: 2            # default: evaluationPeriods
 *     treatMissingData: notBreaching  # default: missing
 *   detect: { after: fault.start, within: 60s }
 *   clear:  { after: recovery.start, within: 120s }   # within optional
 * }</pre>
 *
 * @param name         unique name
 * @param description  for people; may be empty
 * @param alarm        the alarm
 * @param detectAfter  where the detection clock starts
 * @param detectWithin the longest acceptable time from {@code detectAfter} to ALARM
 * @param clearAfter   from when the alarm must return to OK
 * @param clearWithin  the longest acceptable time from {@code clearAfter} to OK, or {@code null}
 *                     for "by the end of the run"
 */
public record AlarmSlo(String name, String description, AlarmDefinition alarm, Anchor detectAfter,
                       Duration detectWithin, Anchor clearAfter, Duration clearWithin) implements Slo {

    public AlarmSlo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(detectAfter, "detectAfter");
        Objects.requireNonNull(detectWithin, "detectWithin");
        Objects.requireNonNull(clearAfter, "clearAfter");
        description = description == null ? "" : description;
    }

    @Override
    public AlarmSlo resolve(UnaryOperator<String> fill) {
        return new AlarmSlo(name, fill.apply(description), new AlarmDefinition(alarm.name(),
                MetricRef.resolve(alarm.metric(), fill), alarm.comparison(), alarm.threshold(), alarm.evaluationPeriods(),
                alarm.datapointsToAlarm(), alarm.treatMissingData()), detectAfter, detectWithin, clearAfter, clearWithin);
    }

    @Override
    public String kind() {
        return "alarm";
    }
}
