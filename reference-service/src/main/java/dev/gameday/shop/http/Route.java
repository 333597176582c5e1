package dev.gameday.shop.http;

import java.util.List;

/**
 * One endpoint: an HTTP method, a path pattern with {@code {name}} segments, and its handler.
 * The pattern doubles as the metrics label, so metrics never explode with ids.
 */
public record Route(String method, String pattern, Handler handler) {

    /** Answers one matched request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    public static Route get(String pattern, Handler handler) {
        return new Route("GET", pattern, handler);
    }

    public static Route post(String pattern, Handler handler) {
        return new Route("POST", pattern, handler);
    }

    public static Route put(String pattern, Handler handler) {
        return new Route("PUT", pattern, handler);
    }

    public static Route delete(String pattern, Handler handler) {
        return new Route("DELETE", pattern, handler);
    }

    List<String> segments() {
        return Router.split(pattern);
    }

    /** {@code GET /products/{id}}: how the route reads in metrics and documents. */
    public String label() {
        return method + " " + pattern;
    }
}
