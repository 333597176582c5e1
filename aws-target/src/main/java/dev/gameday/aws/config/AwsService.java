package dev.gameday.aws.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The AWS services the {@code aws} target talks to, by the key a target file's {@code endpoints}
 * block uses for each (the service's endpoint prefix, as VPC endpoints and LocalStack name them).
 */
public enum AwsService {
    STS("sts"),
    ECS("ecs"),
    RDS("rds"),
    EC2("ec2"),
    ELASTIC_LOAD_BALANCING("elasticloadbalancing"),
    FIS("fis"),
    CLOUDWATCH("monitoring"),
    ROUTE53("route53"),
    S3("s3");

    private final String key;

    AwsService(String key) {
        this.key = key;
    }

    /** The key in a target file's {@code endpoints} block, e.g. {@code elasticloadbalancing}. */
    public String key() {
        return key;
    }

    /** The service a key names, if any. */
    public static Optional<AwsService> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** Every key, in declaration order, for error messages. */
    public static String[] keys() {
        return Arrays.stream(values()).map(AwsService::key).toArray(String[]::new);
    }
}
