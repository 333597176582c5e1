package dev.gameday.shop;

import java.io.IOException;
import java.io.InputStream;

/**
 * The shop as a process: configuration from {@code SHOP_*} environment variables, {@code READY
 * port=<port>} on stdout once listening, drain and exit 0 on SIGTERM, exit 2 on bad configuration.
 */
public final class ShopMain {

    private ShopMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Our logging goes to stderr so stdout carries nothing but the READY line. Set before the
        // first logger is created; a launcher's own -Dlogback.configurationFile still wins.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/gameday/shop/logback-shop.xml");
        }
        ShopConfig config;
        try {
            config = ShopConfig.fromEnv(EcsMetadata.fillIn(System.getenv()));
        } catch (ShopConfigException e) {
            System.err.println("shop: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Shop shop;
        try {
            shop = Shop.start(config);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ShopMain.class).error("start failed", e);
            System.err.println("shop: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Plain stderr rather than the logger: a launcher can rely on these lines whatever logging it configured.
            System.err.println("shop: stopping, draining in-flight requests (up to " + config.drainTimeout() + ")");
            System.err.flush();
            shop.close();
            System.err.println("shop: stopped");
            System.out.flush();
            System.err.flush();
            // A JVM ended by SIGTERM exits 143; a drained shop has stopped cleanly, so say 0.
            Runtime.getRuntime().halt(0);
        }, "shop-shutdown"));
        if (config.watchStdin()) {
            watchStdin();
        }
        System.out.println("READY port=" + shop.port());
        System.out.flush();
        shop.awaitClosed();
    }

    /** The parent-death watch: the launcher holds our stdin open; EOF means it is gone. */
    private static void watchStdin() {
        Thread t = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // ignore input; only the end of it matters
                }
            } catch (IOException e) {
                // a broken pipe is the same news as EOF
            }
            System.err.println("shop: standard input closed, the launcher is gone; shutting down");
            System.exit(0);
        }, "shop-stdin-watch");
        t.setDaemon(true);
        t.start();
    }
}
