package dev.gameday.shop.catalogue;

import java.util.List;

/** The shape of every list answer: {@code {"items":[...],"page","size","total"}}; pages count from 0. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
