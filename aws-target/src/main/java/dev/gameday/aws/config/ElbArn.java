package dev.gameday.aws.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Elastic Load Balancing v2 ARN (an Application Load Balancer or a target group) and the name
 * CloudWatch gives the resource in its {@code LoadBalancer} / {@code TargetGroup} dimensions:
 * the ARN's resource part without its {@code loadbalancer/} prefix, e.g.
 * {@code app/shop-alb/50dc6c495c0c9188} and {@code targetgroup/shop-tg/73e2d6bc24d8a067}.
 *
 * @param arn       the full ARN
 * @param region    the region it names
 * @param account   the account it names
 * @param dimension the CloudWatch dimension value
 */
public record ElbArn(String arn, String region, String account, String dimension) {

    private static final Pattern LOAD_BALANCER = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\\d{12}):loadbalancer/((app|net|gwy)/[A-Za-z0-9-]+/[0-9a-f]+)");
    private static final Pattern TARGET_GROUP = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\\d{12}):(targetgroup/[A-Za-z0-9-]+/[0-9a-f]+)");

    /**
     * Parses an Application Load Balancer ARN.
     *
     * @throws IllegalArgumentException naming what is wrong: not an ELBv2 load balancer ARN, or not an
     *                                  ALB (the SLOs read {@code AWS/ApplicationELB}, which only ALBs publish)
     */
    public static ElbArn loadBalancer(String arn) {
        Matcher m = LOAD_BALANCER.matcher(arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be an Application Load Balancer ARN such as"
                    + " arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188, was '" + arn + "'");
        }
        if (!m.group(4).equals("app")) {
            throw new IllegalArgumentException("must be an Application Load Balancer (loadbalancer/app/…): the SLOs read"
                    + " AWS/ApplicationELB metrics, which a '" + m.group(4) + "' load balancer does not publish; was '" + arn + "'");
        }
        return new ElbArn(arn, m.group(1), m.group(2), m.group(3));
    }

    /**
     * Parses a target group ARN.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static ElbArn targetGroup(String arn) {
        Matcher m = TARGET_GROUP.matcher(arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a target group ARN such as"
                    + " arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop/73e2d6bc24d8a067, was '" + arn + "'");
        }
        return new ElbArn(arn, m.group(1), m.group(2), m.group(3));
    }
}
