package dev.gameday.platform.autoscaling;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The predefined metrics of Application Auto Scaling for an ECS service that the local platform
 * can track, named as AWS names them ({@code PredefinedMetricType}).
 */
public enum ScalingMetric {

    /**
     * ALB requests per healthy target of the service's target group, per evaluation period (AWS: the
     * {@code RequestCountPerTarget} Sum per minute). The target value is in requests per target per period.
     */
    ALB_REQUEST_COUNT_PER_TARGET("ALBRequestCountPerTarget"),

    /** The service's average CPU use in percent ({@code AWS/ECS CPUUtilization}, Average over the period). */
    ECS_SERVICE_AVERAGE_CPU_UTILIZATION("ECSServiceAverageCPUUtilization");

    private final String awsName;

    ScalingMetric(String awsName) {
        this.awsName = awsName;
    }

    /** The name AWS gives it, e.g. {@code ALBRequestCountPerTarget}. */
    public String awsName() {
        return awsName;
    }

    /**
     * The metric AWS calls {@code name}.
     *
     * @throws IllegalArgumentException naming the value and the supported ones when there is none
     */
    public static ScalingMetric fromAwsName(String name) {
        return Arrays.stream(values()).filter(m -> m.awsName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown autoscaling metric '" + name + "'; supported: "
                        + Arrays.stream(values()).map(ScalingMetric::awsName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return awsName;
    }
}
