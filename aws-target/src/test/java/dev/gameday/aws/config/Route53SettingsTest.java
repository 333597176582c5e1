package dev.gameday.aws.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The target file's {@code route53:} block: defaults, and each mistake named with file, line and field. */
class Route53SettingsTest {

    private static AwsTargetConfig parse(String route53) {
        return AwsTargetConfig.parse("t.yaml", AwsTargetConfigTest.MINIMAL + route53);
    }

    @Test
    void aRecordAndHealthChecksWithDefaults() {
        Route53Settings r53 = parse("""
                route53:
                  hostedZoneId: /hostedzone/Z0123456789ABCDEFGHIJ
                  recordName: shop.example.com.
                  healthCheckIds: [0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b]
                """).route53Settings().orElseThrow();

        assertThat(r53.hostedZoneId()).isEqualTo("Z0123456789ABCDEFGHIJ");
        assertThat(r53.recordName()).isEqualTo("shop.example.com");
        assertThat(r53.recordType()).isEqualTo("A");
        assertThat(r53.healthCheckIds()).containsExactly("0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b");
        assertThat(r53.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r53.callsPerRound()).isEqualTo(2);
        assertThat(parse("").route53Settings()).isEmpty();
    }

    @Test
    void theShippedExampleWatchesItsFailoverRecord() {
        AwsTargetConfig config = AwsTargetConfig.load(java.nio.file.Path.of("../targets/aws-example.yaml"));

        assertThat(config.route53Settings()).hasValueSatisfying(r53 -> {
            assertThat(r53.watchesRecord()).isTrue();
            assertThat(r53.healthCheckIds()).isNotEmpty();
        });
    }

    @Test
    void mistakesAreNamed() {
        int line = AwsTargetConfigTest.MINIMAL.split("\n").length + 1;
        assertThatThrownBy(() -> parse("route53:\n  recordName: shop.example.com\n"))
                .hasMessage("t.yaml:" + (line + 1) + ": route53: missing required field 'hostedZoneId':"
                        + " TestDNSAnswer asks the zone holding recordName");
        assertThatThrownBy(() -> parse("route53:\n  hostedZoneId: zone-1\n  recordName: shop.example.com\n"))
                .hasMessageStartingWith("t.yaml:" + (line + 1) + ": route53.hostedZoneId: must be a hosted zone id");
        assertThatThrownBy(() -> parse("route53:\n  hostedZoneId: Z0123\n  recordName: shop.example.com\n  recordType: AXFR\n"))
                .hasMessageStartingWith("t.yaml:" + (line + 3) + ": route53.recordType: must be a Route 53 record type");
        assertThatThrownBy(() -> parse("route53:\n  healthCheckIds: [not-a-uuid]\n"))
                .hasMessageStartingWith("t.yaml:" + (line + 1) + ": route53.healthCheckIds[0]: must be a Route 53 health check id");
        assertThatThrownBy(() -> parse("route53:\n  pollInterval: 5s\n"))
                .hasMessageStartingWith("t.yaml:" + (line + 1) + ": route53: watches nothing");
        assertThatThrownBy(() -> parse("""
                route53:
                  hostedZoneId: Z0123
                  recordName: shop.example.com
                  healthCheckIds: [0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b, 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d]
                  pollInterval: 500ms
                """)).hasMessageStartingWith("t.yaml:" + (line + 4) + ": route53.pollInterval: pollInterval 500 ms for 3 calls"
                + " a round would exceed 4 requests/s (Route 53 allows 5 per account): make it at least 750 ms");
    }
}
