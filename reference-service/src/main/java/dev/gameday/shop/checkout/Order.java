package dev.gameday.shop.checkout;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order as the API shows it. {@code createdAt} is an ISO-8601 instant.
 *
 * @param status {@code PLACED} until the fulfilment worker moves it to {@code FULFILLED}
 */
public record Order(long id, String status, BigDecimal total, List<Line> items, String idempotencyKey, String createdAt) {

    /** One product line of an order, priced at the moment of checkout. */
    public record Line(long productId, String name, BigDecimal price, int quantity) {
    }

    public static final String PLACED = "PLACED";
    public static final String FULFILLED = "FULFILLED";
}
