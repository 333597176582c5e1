package dev.gameday.simulation.inject;

import java.nio.file.Path;

/**
 * How an injector that runs away from the harness's machine (an ECS task) tells the harness what
 * the loopback feed tells it locally: that it is ready, the samples it records (in batches, every
 * {@link UplinkSender#INTERVAL}), and, at its end, its files. The spec's {@code results} names where;
 * the implementation (S3, in the module that knows AWS) is handed to {@link InjectorMain#run}.
 */
public interface InjectorUplink {

    /** It registered its accounts and waits for the common start. */
    void ready();

    /**
     * A batch of samples recorded since the previous one, in the {@code client.json} shape (so
     * batches merge exactly).
     *
     * @param sequence 1, 2, … in the order the batches were taken
     * @param batch    the batch's file
     */
    void samples(long sequence, Path batch);

    /**
     * Its last word: its files in {@code output} ({@code client.json}, {@code orders.jsonl},
     * {@code injector.json}, {@code gatling/}) go up, then the end mark with its exit code.
     *
     * @param sequence the sequence after the last batch's
     */
    void finished(long sequence, Path output, int exitCode);
}
