package dev.gameday.core.metric;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SecondSeriesTest {

    private static final long T0 = 1_800_000_000L; // a minute's start

    private final SecondSeries<SecondCount> series = new SecondSeries<>(120, s -> new SecondCount(), SecondCount::read);

    private void add(long second, long n) {
        SecondCount slot = series.slot(second);
        while (!slot.add(n)) {
            slot = series.reopen(second);
        }
    }

    /** Archiving runs in the background: waits for it to reach {@code minutes}. */
    private void awaitArchived(int minutes) {
        await().atMost(Duration.ofSeconds(30)).until(series::archivedMinutes, n -> n == minutes);
    }

    private long sum(long from, long to) {
        return series.range(from, to).values().stream().mapToLong(SecondCount::count).sum();
    }

    @Test
    void minutesTwoMinutesOlderThanTheNewestSecondAreArchivedAndReadBackTheSame() {
        for (long s = 0; s < 600; s++) {
            add(T0 + s, s);
        }
        // Newest second 599: the minutes ending at or before 479 are archived, those starting at 0..360.
        awaitArchived(7);
        assertThat(series.range(T0, T0 + 600)).hasSize(600);
        for (long s = 0; s < 600; s += 7) {
            assertThat(series.range(T0 + s, T0 + s + 1).get(T0 + s).count()).isEqualTo(s);
        }
        assertThat(sum(T0 + 30, T0 + 590)).isEqualTo((30 + 589) * 560 / 2);
        assertThat(series.firstSecond()).hasValue(T0);
        assertThat(series.lastSecond()).hasValue(T0 + 599);
        // Sixty seconds of counts take a few bytes each, not a few hundred.
        assertThat(series.archivedBytes()).isLessThan(7 * 60 * 4);
    }

    @Test
    void aLateSampleReopensItsMinuteWhichIsArchivedAgainLater() {
        for (long s = 0; s < 300; s++) {
            add(T0 + s, 1);
        }
        awaitArchived(2);
        add(T0 + 5, 10);
        assertThat(series.archivedMinutes()).isEqualTo(1);
        assertThat(sum(T0, T0 + 300)).isEqualTo(310);
        add(T0 + 300, 1);
        awaitArchived(3);
        assertThat(sum(T0, T0 + 301)).isEqualTo(311);
        assertThat(series.range(T0 + 5, T0 + 6).get(T0 + 5).count()).isEqualTo(11);
    }

    @Test
    void minutesAreArchivedOffTheThreadThatRecords() {
        List<String> archivedOn = new CopyOnWriteArrayList<>();
        // A slot that notes the thread that archives it.
        SecondSeries<SecondSeries.Slot> watched = new SecondSeries<>(120,
                s -> out -> archivedOn.add(Thread.currentThread().getName()), (second, in) -> out -> { });
        for (long s = 0; s < 300; s++) {
            watched.slot(T0 + s);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> watched.archivedMinutes() == 2);
        assertThat(archivedOn).hasSize(120).containsOnly("second-series-archive");
    }

    @Test
    void writersRacingTheArchiveLoseNoSample() throws Exception {
        // Two threads record into the newest seconds and into old ones (late samples) while the
        // newest second moves on and minutes are archived under them: every sample must be counted once.
        int perThread = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < perThread; i++) {
                        long newest = i / 200; // 1,000 seconds over the run
                        long second = random.nextInt(50) == 0 ? random.nextLong(newest + 1) : newest;
                        add(T0 + second, 1);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(sum(T0, T0 + 1_000)).isEqualTo(2L * perThread);
        // The last late samples left their minutes open; the next new second archives them all again.
        add(T0 + 1_000, 0);
        awaitArchived(14);
        assertThat(sum(T0, T0 + 1_001)).isEqualTo(2L * perThread);
    }
}
