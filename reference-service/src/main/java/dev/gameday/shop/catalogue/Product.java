package dev.gameday.shop.catalogue;

import java.math.BigDecimal;

/** One product of the catalogue as the API shows it. */
public record Product(long id, String name, String category, BigDecimal price, int stock) {
}
