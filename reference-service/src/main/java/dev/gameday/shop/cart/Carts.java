package dev.gameday.shop.cart;

import dev.gameday.shop.account.Tokens;
import dev.gameday.shop.catalogue.Catalogue;
import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.http.ApiException;
import dev.gameday.shop.http.ShopJson;
import dev.gameday.shop.http.Request;
import dev.gameday.shop.http.Response;
import dev.gameday.shop.http.Route;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Each shopper's cart: read it, set a product's quantity, remove a product. */
public final class Carts {

    /** The most of one product a cart may hold; more is a typo or an attack, not a purchase. */
    public static final int MAX_QUANTITY = 1000;

    /** One line of a cart. */
    public record CartLine(long productId, String name, BigDecimal price, int quantity, BigDecimal lineTotal) {
    }

    /** A cart as the API shows it. */
    public record Cart(List<CartLine> items, BigDecimal total) {
    }

    private final ShopDataSource db;
    private final Tokens tokens;

    public Carts(ShopDataSource db, Tokens tokens) {
        this.db = db;
        this.tokens = tokens;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/cart", this::get),
                Route.put("/cart/items/{productId}", this::put),
                Route.delete("/cart/items/{productId}", this::remove));
    }

    private Response get(Request r) throws Exception {
        long user = tokens.userId(r);
        return Response.ok(db.withConnection(c -> load(c, user)));
    }

    private Response put(Request r) throws Exception {
        long user = tokens.userId(r);
        long productId = r.pathId("productId", "product");
        int quantity = ShopJson.integer(r.json(), "quantity", 1, MAX_QUANTITY);
        return Response.ok(db.withConnection(c -> {
            if (Catalogue.find(c, productId) == null) {
                throw ApiException.notFound("product not found");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO cart_items (user_id, product_id, quantity) VALUES (?, ?, ?) "
                            + "ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity")) {
                ps.setLong(1, user);
                ps.setLong(2, productId);
                ps.setInt(3, quantity);
                ps.executeUpdate();
            }
            return load(c, user);
        }));
    }

    private Response remove(Request r) throws Exception {
        long user = tokens.userId(r);
        long productId = r.pathId("productId", "product");
        return Response.ok(db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cart_items WHERE user_id = ? AND product_id = ?")) {
                ps.setLong(1, user);
                ps.setLong(2, productId);
                ps.executeUpdate();
            }
            return load(c, user);
        }));
    }

    private static Cart load(Connection c, long user) throws Exception {
        List<CartLine> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT p.id, p.name, p.price, ci.quantity FROM cart_items ci JOIN products p ON p.id = ci.product_id "
                        + "WHERE ci.user_id = ? ORDER BY p.id")) {
            ps.setLong(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal price = rs.getBigDecimal(3);
                    int qty = rs.getInt(4);
                    BigDecimal lineTotal = price.multiply(BigDecimal.valueOf(qty));
                    lines.add(new CartLine(rs.getLong(1), rs.getString(2), price, qty, lineTotal));
                    total = total.add(lineTotal);
                }
            }
        }
        return new Cart(lines, total);
    }
}
