package dev.gameday.core.alarm;

/** The state of a CloudWatch metric alarm. */
public enum AlarmState {
    /** Within the threshold. */
    OK,
    /** Outside the threshold for enough of the evaluated periods. */
    ALARM,
    /** Just created, or not enough data to decide. */
    INSUFFICIENT_DATA
}
