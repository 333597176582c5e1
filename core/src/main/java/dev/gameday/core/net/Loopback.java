package dev.gameday.core.net;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a URL stays on this machine, for the rule that secrets (the shop's admin token, signed AWS
 * requests) only travel over plain http on the loopback interface. Decided from the host as written,
 * never by a name lookup, which whoever controls DNS could answer.
 */
public final class Loopback {

    private Loopback() {
    }

    /** Whether {@code host} is {@code localhost}, in 127.0.0.0/8, or {@code ::1} (brackets allowed). */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Whether a secret sent to {@code uri} would cross a network in clear: plain http off the loopback interface. */
    public static boolean isCleartextOffHost(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost());
    }
}
