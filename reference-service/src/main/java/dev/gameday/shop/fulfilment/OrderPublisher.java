package dev.gameday.shop.fulfilment;

import dev.gameday.shop.checkout.OrderPlacedListener;
import dev.gameday.shop.db.ShopDataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed orders to the fulfilment queue and records that it did ({@code queued_at}). A
 * hand-off that failed (queue unreachable, zone cut off) is retried by {@link #republishUnqueued()},
 * so every acknowledged order reaches fulfilment eventually; duplicates are harmless because the
 * worker is idempotent.
 */
public final class OrderPublisher implements OrderPlacedListener {

    private static final Logger log = LoggerFactory.getLogger(OrderPublisher.class);

    private final FulfilmentQueue queue;
    private final ShopDataSource db;

    public OrderPublisher(FulfilmentQueue queue, ShopDataSource db) {
        this.queue = queue;
        this.db = db;
    }

    @Override
    public void placed(long orderId) {
        try {
            queue.send(orderId);
            markQueued(orderId);
        } catch (Exception e) {
            log.warn("order {} committed but not yet queued for fulfilment, will retry: {}", orderId, e.toString());
        }
    }

    /**
     * Sends orders still owed to the queue (placed over 10 s ago, never queued). Claims them with
     * SKIP LOCKED so concurrent tasks split the work; a failed send gives the claim back.
     */
    public int republishUnqueued() throws Exception {
        List<Long> ids = db.withConnection(c -> {
            List<Long> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE orders SET queued_at = now() WHERE id IN (SELECT id FROM orders "
                            + "WHERE queued_at IS NULL AND status = 'PLACED' AND created_at < now() - interval '10 seconds' "
                            + "ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED) RETURNING id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(rs.getLong(1));
                    }
                }
            }
            return claimed;
        });
        int sent = 0;
        for (long id : ids) {
            try {
                queue.send(id);
                sent++;
            } catch (RuntimeException e) {
                unmarkQueued(id);
            }
        }
        if (!ids.isEmpty()) {
            log.info("re-sent {} of {} orders that had not reached the fulfilment queue", sent, ids.size());
        }
        return sent;
    }

    private void markQueued(long orderId) throws Exception {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET queued_at = now() WHERE id = ? AND queued_at IS NULL")) {
                ps.setLong(1, orderId);
                return ps.executeUpdate();
            }
        });
    }

    private void unmarkQueued(long orderId) throws Exception {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET queued_at = NULL WHERE id = ?")) {
                ps.setLong(1, orderId);
                return ps.executeUpdate();
            }
        });
    }
}
