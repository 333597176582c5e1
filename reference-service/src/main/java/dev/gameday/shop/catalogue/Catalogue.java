package dev.gameday.shop.catalogue;

import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.http.ApiException;
import dev.gameday.shop.http.Request;
import dev.gameday.shop.http.Response;
import dev.gameday.shop.http.Route;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Browsing the catalogue: product lists with filters and paging, one product, the categories. */
public final class Catalogue {

    private final ShopDataSource db;

    public Catalogue(ShopDataSource db) {
        this.db = db;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/products", this::list),
                Route.get("/products/{id}", this::one),
                Route.get("/categories", this::categories));
    }

    /** Loads one product, or {@code null}. */
    public static Product find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, category, price, stock FROM products WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? product(rs) : null;
            }
        }
    }

    private Response list(Request r) throws Exception {
        String category = r.queryText("category", 100);
        String q = r.queryText("q", 100);
        int page = r.queryInt("page", 0, 0, 1_000_000);
        int size = r.queryInt("size", 20, 1, 100);
        StringBuilder where = new StringBuilder(" WHERE true");
        List<String> args = new ArrayList<>();
        if (category != null) {
            where.append(" AND category = ?");
            args.add(category);
        }
        if (q != null) {
            where.append(" AND name ILIKE ? ESCAPE '\\'");
            args.add("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return db.withConnection(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM products" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Product> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, category, price, stock FROM products" + where + " ORDER BY id LIMIT ? OFFSET ?")) {
                int i = bind(ps, args);
                ps.setInt(i++, size);
                ps.setLong(i, (long) page * size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(product(rs));
                    }
                }
            }
            return Response.ok(new Page<>(items, page, size, total));
        });
    }

    private Response one(Request r) throws Exception {
        long id = r.pathId("id", "product");
        Product p = db.withConnection(c -> find(c, id));
        if (p == null) {
            throw ApiException.notFound("product not found");
        }
        return Response.ok(p);
    }

    private Response categories(Request r) throws Exception {
        return db.withConnection(c -> {
            List<Category> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT category, count(*) FROM products GROUP BY category ORDER BY category");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new Category(rs.getString(1), rs.getLong(2)));
                }
            }
            return Response.ok(new Page<>(items, 0, items.size(), items.size()));
        });
    }

    private static int bind(PreparedStatement ps, List<String> args) throws SQLException {
        int i = 1;
        for (String a : args) {
            ps.setString(i++, a);
        }
        return i;
    }

    private static Product product(ResultSet rs) throws SQLException {
        return new Product(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getInt(5));
    }
}
