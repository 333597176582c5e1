package dev.gameday.aws.config;

import dev.gameday.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The target file: the shipped example parses, and each mistake is named with file, line and field. */
class AwsTargetConfigTest {

    static final String LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188";
    static final String TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067";

    /** A minimal valid file; tests replace one line to make one mistake. */
    static final String MINIMAL = """
            region: eu-west-1
            allowedAccounts: ["123456789012"]
            baseUrl: https://shop.example.com
            loadBalancer: %s
            targetGroup: %s
            ecs:
              cluster: shop
              service: shop-api
            database:
              cluster: shop-db
            fisRoleArn: arn:aws:iam::123456789012:role/gameday-fis
            """.formatted(LB, TG);

    @Test
    void theShippedExampleParses() {
        // Surefire runs in the module folder; the example lives at the repository root.
        AwsTargetConfig config = AwsTargetConfig.load(Path.of("../targets/aws-example.yaml"));

        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.allowedAccounts()).containsExactly("123456789012");
        assertThat(config.baseUrl()).isEqualTo(URI.create("https://shop.example.com"));
        assertThat(config.adminTokenEnv()).isEqualTo("GAMEDAY_SHOP_ADMIN_TOKEN");
        assertThat(config.loadBalancer().dimension()).isEqualTo("app/shop-alb/50dc6c495c0c9188");
        assertThat(config.targetGroup().dimension()).isEqualTo("targetgroup/shop-tg/73e2d6bc24d8a067");
        assertThat(config.cluster()).isEqualTo("shop");
        assertThat(config.service()).isEqualTo("shop-api");
        assertThat(config.database()).isEqualTo(DatabaseRef.cluster("shop-db"));
        assertThat(config.queue()).isEqualTo("shop-orders");
        assertThat(config.alarms()).containsExactly("shop-alb-5xx", "shop-p99-latency");
        assertThat(config.fisRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/gameday-fis");
        assertThat(config.subnetTags()).isEqualTo(Map.of("AzImpairmentPower", "DisruptSubnet"));
        assertThat(config.statusCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.endpoints()).isEmpty();
        assertThat(config.highResolutionNamespaces()).containsExactly("GamedayShop");
        assertThat(config.stopConditionAlarms()).containsExactly("shop-alb-5xx");
        assertThat(config.allowNoStopCondition()).isFalse();
        InjectorSettings injectors = config.injectorSettings().orElseThrow();
        assertThat(injectors.cluster()).isEqualTo("shop");
        assertThat(injectors.taskDefinition()).isEqualTo("gameday-injector");
        assertThat(injectors.family()).isEqualTo("gameday-injector");
        assertThat(injectors.container()).isEqualTo("injector");
        assertThat(injectors.zones()).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
        assertThat(injectors.subnets()).containsEntry("eu-west-1b", "subnet-0b2c3d4e5f6071829");
        assertThat(injectors.securityGroups()).containsExactly("sg-0123456789abcdef0");
        assertThat(injectors.publicIp()).isFalse();
        assertThat(injectors.bucket()).isEqualTo("gameday-results-123456789012");
        assertThat(injectors.runPrefix("20261207-061840-smoke")).isEqualTo("gameday/20261207-061840-smoke/injectors/");
        assertThat(config.usedServices()).contains(AwsService.S3);
    }

    /** The smallest injectors block: defaults for cluster (the shop's), security groups, public IP and prefix. */
    static final String INJECTORS = """
            injectors:
              taskDefinition: gameday-injector:4
              container: injector
              subnets:
                eu-west-1b: subnet-0b2c3d4e5f6071829
                eu-west-1a: subnet-0a1b2c3d4e5f60718
              results:
                bucket: gameday-results
            """;

    @Test
    void theInjectorsBlockIsOptionalAndHasDefaults() {
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL).injectorSettings()).isEmpty();
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL).usedServices()).doesNotContain(AwsService.S3);
        InjectorSettings injectors = AwsTargetConfig.parse("t.yaml", MINIMAL + INJECTORS).injectorSettings().orElseThrow();
        assertThat(injectors.cluster()).isEqualTo("shop");
        assertThat(injectors.family()).isEqualTo("gameday-injector");
        assertThat(injectors.zones()).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(injectors.securityGroups()).isEmpty();
        assertThat(injectors.publicIp()).isFalse();
        assertThat(injectors.prefix()).isEqualTo("gameday");
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL + INJECTORS + "    prefix: results/game-days/\n")
                .injectorSettings().orElseThrow().runPrefix("r1")).isEqualTo("results/game-days/r1/injectors/");
    }

    @Test
    void eachMistakeInTheInjectorsBlockIsNamedWithItsLine() {
        assertError(MINIMAL + INJECTORS.replace("gameday-injector:4",
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/gameday-injector:4"), 13, "injectors.taskDefinition",
                "must be a task definition family or family:revision");
        assertError(MINIMAL + INJECTORS.replace("  container: injector\n", ""), 13, "injectors",
                "missing required field 'container'");
        assertError(MINIMAL + INJECTORS.replace("eu-west-1b: subnet", "west: subnet"), 16, "injectors.subnets.west",
                "'west' is not an Availability Zone name");
        assertError(MINIMAL + INJECTORS.replace("subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"), 17,
                "injectors.subnets.eu-west-1a", "is given for two zones");
        assertError(MINIMAL + INJECTORS.replace("bucket: gameday-results", "bucket: s3://gameday-results"), 19,
                "injectors.results.bucket", "must be an S3 bucket name");
        assertError(MINIMAL + INJECTORS + "    prefix: /runs\n", 20, "injectors.results.prefix", "no leading slash");
        assertError(MINIMAL + INJECTORS + "  count: 3\n", 20, "injectors.count", "");
        assertError(MINIMAL + INJECTORS.replace("  results:\n    bucket: gameday-results\n", ""), 13, "injectors",
                "missing required field 'results'");
    }

    @Test
    void optionalFieldsHaveDefaults() {
        AwsTargetConfig config = AwsTargetConfig.parse("t.yaml", MINIMAL);

        assertThat(config.adminTokenEnv()).isNull();
        assertThat(config.queue()).isNull();
        assertThat(config.alarms()).isEmpty();
        assertThat(config.subnetTags()).isEqualTo(AwsTargetConfig.DEFAULT_SUBNET_TAGS);
        assertThat(config.statusCacheTtl()).isEqualTo(AwsTargetConfig.DEFAULT_STATUS_CACHE_TTL);
        assertThat(config.deploymentAccount()).isEqualTo("123456789012");
        assertThat(config.highResolutionNamespaces()).isEmpty();
    }

    @Test
    void awsOwnNamespacesAreNeverHighResolution() {
        assertThatThrownBy(() -> AwsTargetConfig.parse("targets/t.yaml",
                MINIMAL + "highResolutionNamespaces:\n  - GamedayShop\n  - AWS/ApplicationELB\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(14);
                    assertThat(e.reason()).contains("must be a custom namespace");
                });
    }

    @Test
    void endpointOverridesAreKeyedByServiceAndInstanceDatabasesAreAccepted() {
        AwsTargetConfig config = AwsTargetConfig.parse("t.yaml", MINIMAL.replace("  cluster: shop-db", "  instance: shop-db-1")
                + "endpoints:\n  sts: https://vpce-1.sts.eu-west-1.vpce.amazonaws.com\n  monitoring: http://localhost:4566\n");

        assertThat(config.database()).isEqualTo(DatabaseRef.instance("shop-db-1"));
        assertThat(config.endpoint(AwsService.STS)).contains(URI.create("https://vpce-1.sts.eu-west-1.vpce.amazonaws.com"));
        assertThat(config.endpoint(AwsService.CLOUDWATCH)).contains(URI.create("http://localhost:4566"));
        assertThat(config.endpoint(AwsService.ECS)).isEmpty();
    }

    /** Every service the target calls without a route53 or injectors block, stood in at {@code base}. */
    static String wholeStandIn(String base) {
        return "endpoints:\n" + java.util.Arrays.stream(AwsService.values())
                .filter(s -> s != AwsService.ROUTE53 && s != AwsService.S3)
                .map(s -> "  " + s.key() + ": " + base + "\n").collect(java.util.stream.Collectors.joining());
    }

    @Test
    void anStsStandInAloneIsRefused() {
        // A stub could vouch for an allowed account while FIS acts with real credentials wherever they belong.
        assertError(MINIMAL + "endpoints:\n  sts: http://127.0.0.1:4566\n", 13, "endpoints.sts",
                "sts is overridden to a stand-in (http://127.0.0.1:4566), but ecs, rds, ec2, elasticloadbalancing, fis,"
                        + " monitoring would still go to AWS");
        assertError(MINIMAL + "endpoints:\n  sts: https://sts-stub.example.org\n  fis: https://sts-stub.example.org\n", 13,
                "endpoints.sts", "but ecs, rds, ec2, elasticloadbalancing, monitoring would still go to AWS");
        // Stood in beside the real FIS: refused at the fis line.
        assertError(MINIMAL + wholeStandIn("http://localhost:4566").replace("fis: http://localhost:4566",
                "fis: https://fis.eu-west-1.amazonaws.com"), 18, "endpoints.fis", "points at AWS (fis.eu-west-1.amazonaws.com)"
                + " while sts is a stand-in");
        // With a route53 block, Route 53 is a service the target uses too.
        assertError(MINIMAL + wholeStandIn("http://localhost:4566") + "route53:\n  hostedZoneId: Z0123456789ABCDEFGHIJ\n"
                + "  recordName: shop.example.com\n", 13, "endpoints.sts", "but route53 would still go to AWS");
    }

    @Test
    void aWholeStandInOrARealStsEndpointIsAccepted() {
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL + wholeStandIn("http://localhost:4566")).endpoints()).hasSize(7);
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL + wholeStandIn("http://[::1]:4566")).endpoints()).hasSize(7);
        // A VPC endpoint of STS is STS itself.
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL
                + "endpoints:\n  sts: https://vpce-0a1b.sts.eu-west-1.vpce.amazonaws.com\n").endpoint(AwsService.STS)).isPresent();
    }

    @Test
    void plainHttpEndpointsOnlyOnTheLoopbackInterface() {
        assertError(MINIMAL + "endpoints:\n  fis: http://10.0.0.5:4566\n", 13, "endpoints.fis",
                "plain http is only accepted on the loopback interface");
        assertError(MINIMAL + wholeStandIn("http://localhost:4566").replace("ec2: http://localhost:4566",
                "ec2: http://stub.internal:4566"), 16, "endpoints.ec2", "plain http is only accepted on the loopback interface");
        // An STS VPC endpoint over http is refused like any other.
        assertError(MINIMAL + "endpoints:\n  sts: http://vpce-0a1b.sts.eu-west-1.vpce.amazonaws.com\n", 13, "endpoints.sts",
                "plain http is only accepted on the loopback interface");
    }

    @Test
    void theAdminTokenNeverCrossesTheNetworkInClear() {
        assertError(MINIMAL.replace("https://shop.example.com", "http://shop.example.com") + "adminTokenEnv: SHOP_ADMIN\n",
                3, "baseUrl", "is plain http to shop.example.com, but adminTokenEnv is set");
        // Without the token, or on this machine, http is fine.
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL.replace("https://shop.example.com", "http://shop.example.com"))
                .baseUrl()).isEqualTo(URI.create("http://shop.example.com"));
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL.replace("https://shop.example.com", "http://127.0.0.1:8080")
                + "adminTokenEnv: SHOP_ADMIN\n").adminTokenEnv()).isEqualTo("SHOP_ADMIN");
    }

    @Test
    void stopConditionSettings() {
        AwsTargetConfig config = AwsTargetConfig.parse("t.yaml", MINIMAL + "stopConditionAlarms: [shop-alb-5xx, shop-p99]\n"
                + "allowNoStopCondition: true\n");
        assertThat(config.stopConditionAlarms()).containsExactly("shop-alb-5xx", "shop-p99");
        assertThat(config.allowNoStopCondition()).isTrue();
        assertThat(AwsTargetConfig.parse("t.yaml", MINIMAL).allowNoStopCondition()).isFalse();
        assertError(MINIMAL + "stopConditionAlarms: [\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x\"]\n", 12,
                "stopConditionAlarms[0]", "must be a CloudWatch alarm name (not its ARN)");
        assertError(MINIMAL + "allowNoStopCondition: yes please\n", 12, "allowNoStopCondition", "must be true or false");
    }

    @Test
    void aFileWithoutAnAllowListIsRefused() {
        assertError(MINIMAL.replace("allowedAccounts: [\"123456789012\"]\n", ""), 1, "",
                "missing required field 'allowedAccounts'");
        assertError(MINIMAL.replace("[\"123456789012\"]", "[]"), 2, "allowedAccounts", "must list at least one AWS account id");
    }

    @Test
    void accountIdsMustHaveTwelveDigits() {
        assertError(MINIMAL.replace("[\"123456789012\"]", "[\"123456789012\", \"12345\"]"), 2, "allowedAccounts[1]",
                "must be a 12-digit AWS account id");
    }

    @Test
    void theAdminTokenIsNeverInline() {
        assertError(MINIMAL + "adminToken: s3cr3t\n", 12, "adminToken", "unknown field 'adminToken'");
        assertError(MINIMAL + "adminTokenEnv: s3cr3t-value!\n", 12, "adminTokenEnv", "must be the NAME of an environment variable");
    }

    @Test
    void theLoadBalancerMustBeAnAlbInTheTargetsRegionAndAnAllowedAccount() {
        assertError(MINIMAL.replace(LB, "shop-alb"), 4, "loadBalancer", "must be an Application Load Balancer ARN");
        assertError(MINIMAL.replace(LB, LB.replace("/app/", "/net/")), 4, "loadBalancer",
                "a 'net' load balancer does not publish");
        assertError(MINIMAL.replace(LB, LB.replace("eu-west-1", "us-east-1")), 4, "loadBalancer",
                "is in region us-east-1, but the target's region is eu-west-1");
        assertError(MINIMAL.replace(LB, LB.replace("123456789012", "210987654321")), 4, "loadBalancer",
                "is in account 210987654321, which allowedAccounts does not list");
        assertError(MINIMAL.replace(TG, LB), 5, "targetGroup", "must be a target group ARN");
    }

    @Test
    void ecsAndDatabaseNamesAreChecked() {
        assertError(MINIMAL.replace("  service: shop-api\n", ""), 7, "ecs", "missing required field 'service'");
        assertError(MINIMAL.replace("cluster: shop\n", "cluster: arn:aws:ecs:eu-west-1:123456789012:cluster/shop\n"), 7,
                "ecs.cluster", "must be an ECS cluster name (not its ARN)");
        assertError(MINIMAL.replace("  cluster: shop-db", "  cluster: shop-db\n  instance: shop-db-1"), 10, "database",
                "set exactly one of 'cluster'");
    }

    @Test
    void theFisRoleMustBeARoleOfAnAllowedAccount() {
        assertError(MINIMAL.replace("role/gameday-fis", "user/someone"), 11, "fisRoleArn", "must be an IAM role ARN");
        assertError(MINIMAL.replace("iam::123456789012", "iam::210987654321"), 11, "fisRoleArn",
                "the role is in account 210987654321");
    }

    @Test
    void otherMistakesAreNamedToo() {
        assertError(MINIMAL.replace("region: eu-west-1", "region: Ireland"), 1, "region", "must be an AWS region");
        assertError(MINIMAL.replace("https://shop.example.com", "shop.example.com"), 3, "baseUrl", "must be an http:// or https:// URL");
        assertError("kind: local\n" + MINIMAL, 1, "kind", "kind must be 'aws'");
        assertError(MINIMAL + "endpoints:\n  lambda: http://localhost:4566\n", 13, "endpoints.lambda", "unknown field 'lambda'");
        assertError(MINIMAL + "statusCacheTtl: 0s\n", 12, "statusCacheTtl", "must be a positive duration");
        assertError(MINIMAL + "subnetTags: {}\n", 12, "subnetTags", "must name at least one tag");
        assertError(MINIMAL + "regoin: eu-west-1\n", 12, "regoin", "unknown field 'regoin'");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> AwsTargetConfig.load(Path.of("targets/nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("targets/nope.yaml: no such file");
    }

    static void assertError(String yaml, int line, String path, String reason) {
        assertThatThrownBy(() -> AwsTargetConfig.parse("targets/t.yaml", yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo("targets/t.yaml");
                    assertThat(e.line()).as("line of " + e.getMessage()).isEqualTo(line);
                    assertThat(e.path()).as("path of " + e.getMessage()).isEqualTo(path);
                    assertThat(e.reason()).contains(reason);
                });
    }
}
