package dev.gameday.shop.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the route for a method and path. A path that matches no pattern is a 404; a path that
 * matches only under other methods is a 405 naming the allowed ones.
 */
public final class Router {

    /** The route found and the path parameters it bound. */
    public record Match(Route route, Map<String, String> params) {
    }

    private record Compiled(Route route, List<String> segments) {
    }

    private final List<Compiled> routes = new ArrayList<>();

    public Router(List<Route> routes) {
        for (Route r : routes) {
            this.routes.add(new Compiled(r, r.segments()));
        }
    }

    public List<Route> routes() {
        return routes.stream().map(Compiled::route).toList();
    }

    public Match match(String method, String path) {
        List<String> parts = split(path);
        TreeSet<String> allowed = new TreeSet<>();
        for (Compiled c : routes) {
            Map<String, String> params = bind(c.segments(), parts);
            if (params == null) {
                continue;
            }
            if (c.route().method().equals(method)) {
                return new Match(c.route(), params);
            }
            allowed.add(c.route().method());
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("no such route: " + path);
        }
        throw new MethodNotAllowed(method, String.join(", ", allowed));
    }

    /** A 405 that also carries the {@code Allow} header value. */
    public static final class MethodNotAllowed extends RuntimeException {
        private final String allow;

        MethodNotAllowed(String method, String allow) {
            super("method " + method + " not allowed; allowed: " + allow, null, false, false);
            this.allow = allow;
        }

        public String allow() {
            return allow;
        }
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static Map<String, String> bind(List<String> pattern, List<String> parts) {
        if (pattern.size() != parts.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), parts.get(i));
            } else if (!p.equals(parts.get(i))) {
                return null;
            }
        }
        return params;
    }
}
