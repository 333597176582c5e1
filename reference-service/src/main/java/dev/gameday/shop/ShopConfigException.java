package dev.gameday.shop;

/**
 * A configuration value is missing or malformed; the message names the environment variable so
 * that an operator can fix it from one line of stderr.
 */
public final class ShopConfigException extends RuntimeException {

    private final String variable;

    public ShopConfigException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    /** The environment variable at fault, e.g. {@code SHOP_DB_URL}. */
    public String variable() {
        return variable;
    }
}
