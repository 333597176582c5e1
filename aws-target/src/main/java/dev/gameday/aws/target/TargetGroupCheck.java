package dev.gameday.aws.target;

import dev.gameday.aws.config.AwsTargetConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

import java.util.List;

/**
 * Refuses, at opening, a target file whose target group is not behind its load balancer
 * ({@code DescribeTargetGroups}): the SLOs read ALB metrics by both dimensions and the live status
 * counts the group's targets, so a group copied from another service would make every verdict
 * NO_DATA or count someone else's tasks.
 */
final class TargetGroupCheck {

    private TargetGroupCheck() {
    }

    /** The target group as ELB describes it, once it is known to sit behind the file's load balancer. */
    static TargetGroup verify(ElasticLoadBalancingV2Client elb, AwsTargetConfig config) {
        String arn = config.targetGroup().arn();
        List<TargetGroup> groups;
        try {
            groups = elb.describeTargetGroups(b -> b.targetGroupArns(arn)).targetGroups();
        } catch (TargetGroupNotFoundException e) {
            groups = List.of();
        }
        if (groups.isEmpty()) {
            throw new IllegalStateException(config.file() + ": targetGroup " + arn + " does not exist in "
                    + config.region() + " for these credentials");
        }
        TargetGroup group = groups.get(0);
        if (!group.loadBalancerArns().contains(config.loadBalancer().arn())) {
            throw new IllegalStateException(config.file() + ": targetGroup " + config.targetGroup().dimension()
                    + " is not behind loadBalancer " + config.loadBalancer().dimension() + " (it is behind "
                    + (group.loadBalancerArns().isEmpty() ? "none" : String.join(", ", group.loadBalancerArns())) + ")");
        }
        return group;
    }
}
