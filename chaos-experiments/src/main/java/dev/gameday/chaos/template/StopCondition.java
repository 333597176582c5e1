package dev.gameday.chaos.template;

/**
 * A FIS stop condition: {@code {"source": "none"}} or
 * {@code {"source": "aws:cloudwatch:alarm", "value": <alarm ARN>}}.
 *
 * @param source {@code none} or {@code aws:cloudwatch:alarm}
 * @param value  the alarm ARN; {@code null} for {@code none}
 */
public record StopCondition(String source, String value) {

    /** The source FIS uses for a CloudWatch alarm stop condition. */
    public static final String CLOUDWATCH_ALARM = "aws:cloudwatch:alarm";
    /** The source FIS uses for "no stop condition". */
    public static final String NONE = "none";

    /** Whether this condition watches a CloudWatch alarm. */
    public boolean isAlarm() {
        return CLOUDWATCH_ALARM.equals(source);
    }
}
