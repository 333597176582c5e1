package dev.gameday.shop.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** EMF takes at most 100 distinct values per metric and line: a busy second is coarsened, never truncated. */
class EmfValuesTest {

    @Test
    void a_second_with_more_than_100_distinct_latencies_is_coarsened_keeping_every_sample() {
        Map<Long, LongAdder> millis = LongStream.rangeClosed(1, 5_000).boxed().collect(Collectors.toMap(ms -> ms, ms -> {
            LongAdder n = new LongAdder();
            n.add(2);
            return n;
        }));

        Map<String, Object> emf = EmfPublisher.valuesAndCounts(millis);

        List<?> values = (List<?>) emf.get("Values");
        List<?> counts = (List<?>) emf.get("Counts");
        assertThat(values).hasSameSizeAs(counts).hasSizeLessThanOrEqualTo(EmfPublisher.MAX_VALUES);
        assertThat(counts.stream().mapToLong(c -> (Long) c).sum()).isEqualTo(10_000);
    }

    @Test
    void few_latencies_are_kept_exactly() {
        Map<Long, LongAdder> millis = Map.of(3L, adder(5), 17L, adder(1));

        Map<String, Object> emf = EmfPublisher.valuesAndCounts(millis);

        assertThat(emf.get("Values")).isEqualTo(List.of(3L, 17L));
        assertThat(emf.get("Counts")).isEqualTo(List.of(5L, 1L));
    }

    @Test
    void rounding_keeps_the_given_significant_digits() {
        assertThat(EmfPublisher.round(1234, 2)).isEqualTo(1200);
        assertThat(EmfPublisher.round(1250, 2)).isEqualTo(1300);
        assertThat(EmfPublisher.round(87, 2)).isEqualTo(87);
    }

    private static LongAdder adder(long n) {
        LongAdder a = new LongAdder();
        a.add(n);
        return a;
    }
}
