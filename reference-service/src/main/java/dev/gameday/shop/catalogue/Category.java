package dev.gameday.shop.catalogue;

/** A catalogue category and how many products it holds. */
public record Category(String name, long products) {
}
