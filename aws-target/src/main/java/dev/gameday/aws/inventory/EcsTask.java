package dev.gameday.aws.inventory;

import java.util.Map;

/**
 * One task of the shop's ECS service as {@code DescribeTasks} reports it: what target resolution
 * and the live status need.
 *
 * @param arn              {@code arn:aws:ecs:<region>:<account>:task/<cluster>/<id>}
 * @param id               the task id (the ARN's last part)
 * @param clusterArn       the cluster's ARN
 * @param clusterName      the cluster's name (the ARN's last part)
 * @param serviceName      the service that started it ({@code group} = {@code service:<name>}), or {@code null}
 * @param availabilityZone the task's zone
 * @param lastStatus       {@code PROVISIONING}, {@code PENDING}, {@code RUNNING}, {@code STOPPING}…
 * @param privateIp        its ENI's private IPv4 address (awsvpc / Fargate), or {@code null}; the
 *                         target group registers tasks by this address
 * @param tags             its tags
 */
public record EcsTask(String arn, String id, String clusterArn, String clusterName, String serviceName,
                      String availabilityZone, String lastStatus, String privateIp, Map<String, String> tags) {

    public EcsTask {
        tags = Map.copyOf(tags);
    }

    /** Whether ECS reports it running (FIS resolves only running tasks). */
    public boolean running() {
        return "RUNNING".equals(lastStatus);
    }
}
