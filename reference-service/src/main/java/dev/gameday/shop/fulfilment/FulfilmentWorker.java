package dev.gameday.shop.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.http.ShopJson;
import dev.gameday.shop.metrics.ShopMetrics;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One background thread per task that long-polls the fulfilment queue and moves each order from
 * PLACED to FULFILLED, deleting the message only after the update committed. Redeliveries are
 * harmless: the update only touches orders still PLACED.
 */
public final class FulfilmentWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentWorker.class);

    /** How often a worker looks for orders whose hand-off to the queue failed. */
    private static final long REPUBLISH_EVERY_NANOS = 15_000_000_000L;

    private final FulfilmentQueue queue;
    private final OrderPublisher publisher;
    private final ShopDataSource db;
    private final ShopMetrics metrics;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    public FulfilmentWorker(FulfilmentQueue queue, OrderPublisher publisher, ShopDataSource db, ShopMetrics metrics) {
        this.queue = queue;
        this.publisher = publisher;
        this.db = db;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "shop-fulfilment");
        this.thread.setDaemon(true);
    }

    public FulfilmentWorker start() {
        thread.start();
        return this;
    }

    private void run() {
        long nextRepublish = System.nanoTime(); // at once: a replacement task catches up first thing
        while (stop.getCount() > 0) {
            try {
                if (System.nanoTime() - nextRepublish > 0) {
                    nextRepublish = System.nanoTime() + REPUBLISH_EVERY_NANOS;
                    publisher.republishUnqueued();
                }
                for (Message m : queue.receive()) {
                    handle(m);
                }
            } catch (Exception e) {
                if (stop.getCount() == 0) {
                    return;
                }
                log.warn("fulfilment poll failed, retrying in 1 s: {}", e.toString());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private void handle(Message m) throws Exception {
        long orderId;
        try {
            JsonNode body = ShopJson.parse(m.body().getBytes(StandardCharsets.UTF_8));
            orderId = body.path("orderId").asLong(-1);
        } catch (RuntimeException e) {
            orderId = -1;
        }
        if (orderId <= 0) {
            log.warn("dropping unreadable fulfilment message {}", m.messageId());
            queue.delete(m);
            return;
        }
        long id = orderId;
        int updated = db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE orders SET status = 'FULFILLED', fulfilled_at = now() WHERE id = ? AND status = 'PLACED'")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
        if (updated == 1) {
            metrics.increment("shop_orders_fulfilled_total");
        }
        // Deleted only now: a crash before this line means redelivery, and redelivery is a no-op.
        queue.delete(m);
    }

    private void pause(Duration d) {
        try {
            stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the worker to stop after its current poll, without waiting; messages not taken stay queued for other tasks. */
    public void stopPolling() {
        stop.countDown();
    }

    /** Stops polling and waits for the current poll to end (at most the long-poll time). */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(FulfilmentQueue.LONG_POLL_SECONDS + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
