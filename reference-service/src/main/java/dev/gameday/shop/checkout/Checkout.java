package dev.gameday.shop.checkout;

import dev.gameday.shop.account.Tokens;
import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.http.ApiException;
import dev.gameday.shop.http.Request;
import dev.gameday.shop.http.Response;
import dev.gameday.shop.http.Route;
import dev.gameday.shop.metrics.ShopMetrics;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns a cart into an order, exactly once per {@code Idempotency-Key}: the key is claimed first
 * with an insert that a unique constraint arbitrates, so concurrent retries wait for the first
 * attempt and then read its order instead of placing a second one. Stock is decremented and the
 * cart emptied in the same transaction; the client hears 201 only after the commit.
 *
 * <p>A key names one request, as with Stripe's API: a retry (the same body, and a cart that is
 * empty because the first attempt took it, or still holds exactly what the order holds) gets the
 * first order; the key reused for another body or another cart is a client bug and gets 422,
 * rather than an order that is not the one the client meant.
 */
public final class Checkout {

    private static final int MAX_KEY_LENGTH = 200;

    private record Outcome(Order order, boolean created) {
    }

    /** The fingerprint of a request: SHA-256 of its body, hex. */
    private static String fingerprint(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private record CartRow(long productId, String name, BigDecimal price, int stock, int quantity) {
    }

    private final ShopDataSource db;
    private final Tokens tokens;
    private final OrderPlacedListener listener;
    private final ShopMetrics metrics;

    public Checkout(ShopDataSource db, Tokens tokens, OrderPlacedListener listener, ShopMetrics metrics) {
        this.db = db;
        this.tokens = tokens;
        this.listener = listener;
        this.metrics = metrics;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/orders", this::place),
                Route.get("/orders/{id}", this::get));
    }

    private Response place(Request r) throws Exception {
        long user = tokens.userId(r);
        String key = r.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("header 'Idempotency-Key' is required");
        }
        key = key.trim();
        if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            throw ApiException.badRequest("header 'Idempotency-Key' must be 1.." + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        String idempotencyKey = key;
        String fingerprint = fingerprint(r.body());
        Outcome outcome = db.inTransaction(c -> place(c, user, idempotencyKey, fingerprint));
        if (outcome.created()) {
            metrics.increment(ShopMetrics.ORDERS_PLACED);
            listener.placed(outcome.order().id());
            return Response.json(201, outcome.order());
        }
        metrics.increment("shop_orders_replayed_total");
        return Response.ok(outcome.order());
    }

    private Outcome place(Connection c, long user, String key, String fingerprint) throws Exception {
        Long orderId;
        // Claim the key. A concurrent attempt with the same key blocks here on the unique index
        // until the first one commits (then we read its order) or rolls back (then we proceed).
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO orders (user_id, idempotency_key, status, request_sha256) VALUES (?, ?, 'PLACED', ?) "
                        + "ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id")) {
            ps.setLong(1, user);
            ps.setString(2, key);
            ps.setString(3, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                orderId = rs.next() ? rs.getLong(1) : null;
            }
        }
        if (orderId == null) {
            Order existing = find(c, user, "idempotency_key = ?", key);
            if (existing == null) {
                // Cannot happen under READ COMMITTED; say so rather than invent an order.
                throw new IllegalStateException("idempotency key conflict without a visible order");
            }
            requireSameRequest(c, user, existing, fingerprint);
            return new Outcome(existing, false);
        }

        List<CartRow> rows = new ArrayList<>();
        // Lock the products in id order so that two checkouts sharing products never deadlock.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT p.id, p.name, p.price, p.stock, ci.quantity FROM cart_items ci JOIN products p ON p.id = ci.product_id "
                        + "WHERE ci.user_id = ? ORDER BY p.id FOR UPDATE OF ci, p")) {
            ps.setLong(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new CartRow(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getInt(4), rs.getInt(5)));
                }
            }
        }
        if (rows.isEmpty()) {
            throw ApiException.badRequest("cart is empty");
        }
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (CartRow row : rows) {
            if (row.stock() < row.quantity()) {
                throw ApiException.conflict("insufficient stock for product " + row.productId());
            }
            total = total.add(row.price().multiply(BigDecimal.valueOf(row.quantity())));
        }
        try (PreparedStatement stock = c.prepareStatement("UPDATE products SET stock = stock - ? WHERE id = ?");
             PreparedStatement line = c.prepareStatement(
                     "INSERT INTO order_items (order_id, product_id, name, price, quantity) VALUES (?, ?, ?, ?, ?)")) {
            for (CartRow row : rows) {
                stock.setInt(1, row.quantity());
                stock.setLong(2, row.productId());
                stock.addBatch();
                line.setLong(1, orderId);
                line.setLong(2, row.productId());
                line.setString(3, row.name());
                line.setBigDecimal(4, row.price());
                line.setInt(5, row.quantity());
                line.addBatch();
            }
            stock.executeBatch();
            line.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET total = ? WHERE id = ?")) {
            ps.setBigDecimal(1, total);
            ps.setLong(2, orderId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cart_items WHERE user_id = ? AND product_id = ANY (?)")) {
            Array ids = c.createArrayOf("bigint", rows.stream().map(CartRow::productId).toArray());
            ps.setLong(1, user);
            ps.setArray(2, ids);
            ps.executeUpdate();
        }
        return new Outcome(find(c, user, "id = ?", orderId), true);
    }

    /**
     * A replay must be the request that placed {@code order}: the same body, and a cart that is
     * either empty (the order took it) or holds exactly the order's products and quantities.
     */
    private static void requireSameRequest(Connection c, long user, Order order, String fingerprint) throws Exception {
        String placedWith;
        try (PreparedStatement ps = c.prepareStatement("SELECT request_sha256 FROM orders WHERE id = ?")) {
            ps.setLong(1, order.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                placedWith = rs.getString(1);
            }
        }
        if (placedWith != null && !placedWith.equals(fingerprint)) {
            throw new ApiException(422, "Idempotency-Key was already used for a request with another body");
        }
        Map<Long, Integer> cart = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT product_id, quantity FROM cart_items WHERE user_id = ?")) {
            ps.setLong(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cart.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        Map<Long, Integer> ordered = new HashMap<>();
        order.items().forEach(line -> ordered.put(line.productId(), line.quantity()));
        if (!cart.isEmpty() && !cart.equals(ordered)) {
            throw new ApiException(422, "Idempotency-Key was already used for order " + order.id()
                    + " with another cart; use a new key for a new order");
        }
    }

    private Response get(Request r) throws Exception {
        long user = tokens.userId(r);
        long id = r.pathId("id", "order");
        // Someone else's order answers exactly like a missing one: ids are not an oracle.
        Order order = db.withConnection(c -> find(c, user, "id = ?", id));
        if (order == null) {
            throw ApiException.notFound("order not found");
        }
        return Response.ok(order);
    }

    private static Order find(Connection c, long user, String condition, Object value) throws Exception {
        long id;
        String status;
        BigDecimal total;
        String key;
        Timestamp created;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, status, total, idempotency_key, created_at FROM orders WHERE user_id = ? AND " + condition)) {
            ps.setLong(1, user);
            ps.setObject(2, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                id = rs.getLong(1);
                status = rs.getString(2);
                total = rs.getBigDecimal(3);
                key = rs.getString(4);
                created = rs.getTimestamp(5);
            }
        }
        List<Order.Line> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT product_id, name, price, quantity FROM order_items WHERE order_id = ? ORDER BY product_id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Order.Line(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getInt(4)));
                }
            }
        }
        return new Order(id, status, total, lines, key, created.toInstant().toString());
    }
}
