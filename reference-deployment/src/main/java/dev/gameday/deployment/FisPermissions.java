package dev.gameday.deployment;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM actions FIS needs for each action of the experiment catalogue
 * ({@code chaos-experiments/templates}), after AWS's managed policies for FIS (ECS, network, RDS
 * access) cut down to what the catalogue does. The stack's FIS role is granted exactly these; a test
 * fails when the catalogue uses an action that is not listed here, or this lists one it no longer uses.
 */
public final class FisPermissions {

    /** Resolving {@code aws:ecs:task} targets by cluster and service: list them, then describe them. */
    private static final List<String> ECS_TASK_TARGETS = List.of("ecs:ListTasks", "ecs:DescribeTasks");
    /** The {@code aws:ecs:task-*} actions run SSM documents in the task's SSM agent sidecar. */
    private static final List<String> SSM_COMMANDS = List.of("ssm:SendCommand", "ssm:ListCommands", "ssm:CancelCommand");

    /** FIS action id → the IAM actions the experiment role needs for it. */
    public static final Map<String, List<String>> BY_FIS_ACTION = Map.of(
            "aws:ecs:stop-task", concat(ECS_TASK_TARGETS, List.of("ecs:StopTask")),
            "aws:ecs:task-cpu-stress", concat(ECS_TASK_TARGETS, SSM_COMMANDS),
            "aws:ecs:task-network-latency", concat(ECS_TASK_TARGETS, SSM_COMMANDS),
            "aws:ecs:task-network-packet-loss", concat(ECS_TASK_TARGETS, SSM_COMMANDS),
            // A recovery action: ARC shifts the managed resources' traffic away from the zone and
            // cancels the shift when the action ends (FIS actions reference, "Recovery actions").
            "aws:arc:start-zonal-autoshift", List.of("arc-zonal-shift:StartZonalShift",
                    "arc-zonal-shift:GetManagedResource", "arc-zonal-shift:UpdateZonalShift",
                    "arc-zonal-shift:CancelZonalShift", "arc-zonal-shift:ListManagedResources",
                    "autoscaling:DescribeTags", "tag:GetResources"),
            "aws:fis:wait", List.of(), // FIS waits by itself
            // FIS clones the subnet's network ACL, adds deny entries, swaps the association and swaps it back.
            "aws:network:disrupt-connectivity", List.of("ec2:DescribeSubnets", "ec2:DescribeVpcs",
                    "ec2:DescribeNetworkAcls", "ec2:DescribeManagedPrefixLists", "ec2:GetManagedPrefixListEntries",
                    "ec2:CreateNetworkAcl", "ec2:CreateNetworkAclEntry", "ec2:CreateTags",
                    "ec2:ReplaceNetworkAclAssociation", "ec2:DeleteNetworkAcl", "tag:GetResources"),
            "aws:rds:failover-db-cluster", List.of("rds:DescribeDBClusters", "rds:FailoverDBCluster"),
            "aws:rds:reboot-db-instances", List.of("rds:DescribeDBInstances", "rds:RebootDBInstance"));

    private FisPermissions() {
    }

    /** Every IAM action of the role, sorted. */
    public static Set<String> all() {
        Set<String> all = new TreeSet<>();
        BY_FIS_ACTION.values().forEach(all::addAll);
        return all;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
