package dev.gameday.shop.checkout;

/** Told about each new order after its transaction committed (fulfilment hands it to SQS). */
@FunctionalInterface
public interface OrderPlacedListener {

    /** Must not throw for a failed hand-off: the order is already acknowledged. */
    void placed(long orderId);

    /** For shops without a queue: orders stay PLACED. */
    OrderPlacedListener NONE = orderId -> { };
}
