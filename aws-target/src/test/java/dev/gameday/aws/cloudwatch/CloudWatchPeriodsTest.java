package dev.gameday.aws.cloudwatch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CloudWatchPeriodsTest {

    @ParameterizedTest(name = "{0} s → {1} s")
    @CsvSource({"1,1", "2,5", "5,5", "7,10", "10,10", "20,30", "30,30", "31,60", "45,60", "60,60", "61,120",
            "80,120", "90,120", "120,120", "3600,3600", "3601,3660"})
    void periods_are_rounded_up_to_one_cloudwatch_accepts(long asked, long used) {
        assertThat(CloudWatchPeriods.accepted(Duration.ofSeconds(asked))).isEqualTo(Duration.ofSeconds(used));
        assertThat(CloudWatchPeriods.isAccepted(Duration.ofSeconds(asked))).isEqualTo(asked == used);
    }
}
