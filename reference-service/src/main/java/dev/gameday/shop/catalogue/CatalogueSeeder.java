package dev.gameday.shop.catalogue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

/**
 * Fills an empty catalogue with a believable, deterministic one: products spread over fifteen
 * categories, with prices that fit the category and stock deep enough for long game days.
 */
public final class CatalogueSeeder {

    private record Kind(String category, double minPrice, double maxPrice, List<String> nouns) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("books", 6, 45, List.of("Novel", "Cookbook", "Field Guide", "Atlas", "Biography", "Poetry Collection", "Travel Guide")),
            new Kind("electronics", 15, 900, List.of("Headphones", "Speaker", "Monitor", "Keyboard", "Charger", "Webcam", "Router", "Tablet")),
            new Kind("kitchen", 5, 250, List.of("Saucepan", "Chef's Knife", "Kettle", "Cutting Board", "Blender", "Teapot", "Frying Pan")),
            new Kind("garden", 4, 300, List.of("Hose", "Trowel", "Planter", "Rake", "Seed Kit", "Watering Can", "Bird Feeder")),
            new Kind("toys", 5, 120, List.of("Puzzle", "Building Set", "Plush Bear", "Kite", "Board Game", "Train Set", "Yo-Yo")),
            new Kind("sports", 8, 400, List.of("Yoga Mat", "Football", "Tennis Racket", "Water Bottle", "Dumbbell", "Bike Helmet", "Jump Rope")),
            new Kind("clothing", 10, 180, List.of("T-Shirt", "Hoodie", "Rain Jacket", "Scarf", "Jeans", "Wool Socks", "Beanie")),
            new Kind("shoes", 25, 220, List.of("Running Shoes", "Boots", "Sandals", "Sneakers", "Slippers", "Hiking Shoes")),
            new Kind("beauty", 4, 90, List.of("Face Cream", "Shampoo", "Lip Balm", "Hand Soap", "Perfume", "Sunscreen")),
            new Kind("grocery", 1, 30, List.of("Coffee Beans", "Olive Oil", "Dark Chocolate", "Green Tea", "Honey", "Pasta", "Granola")),
            new Kind("office", 2, 350, List.of("Notebook", "Desk Lamp", "Fountain Pen", "Stapler", "Office Chair", "Planner")),
            new Kind("pets", 3, 150, List.of("Dog Bed", "Cat Toy", "Leash", "Pet Bowl", "Scratching Post", "Aquarium Filter")),
            new Kind("automotive", 5, 260, List.of("Car Wax", "Floor Mats", "Jump Starter", "Tyre Gauge", "Phone Mount", "Seat Cover")),
            new Kind("music", 8, 700, List.of("Guitar Strings", "Ukulele", "Drumsticks", "Metronome", "Keyboard Stand", "Harmonica")),
            new Kind("tools", 6, 450, List.of("Cordless Drill", "Hammer", "Screwdriver Set", "Tape Measure", "Spirit Level", "Wrench")));

    private static final List<String> ADJECTIVES = List.of("Classic", "Compact", "Deluxe", "Everyday", "Premium",
            "Rugged", "Lightweight", "Vintage", "Modern", "Essential", "Pro", "Eco", "Smart", "Handmade", "Travel");

    private static final List<String> COLOURS = List.of("Black", "White", "Blue", "Red", "Green", "Grey", "Oak",
            "Steel", "Sand", "Navy", "Olive", "Copper");

    private CatalogueSeeder() {
    }

    /** Seeds {@code count} products when (and only when) the catalogue is empty; the caller holds the lock. */
    public static int seedIfEmpty(Connection c, int count) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM products)")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return 0;
            }
        }
        Random random = new Random(20261123L); // fixed: every fresh database gets the same catalogue
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (name, category, price, stock) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                Kind kind = KINDS.get(i % KINDS.size());
                String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + " "
                        + COLOURS.get(random.nextInt(COLOURS.size())) + " "
                        + kind.nouns().get(random.nextInt(kind.nouns().size()));
                double price = kind.minPrice() + random.nextDouble() * (kind.maxPrice() - kind.minPrice());
                ps.setString(1, name);
                ps.setString(2, kind.category());
                ps.setBigDecimal(3, BigDecimal.valueOf(price).setScale(0, RoundingMode.DOWN).add(new BigDecimal("0.99")));
                ps.setInt(4, 5_000 + random.nextInt(45_001));
                ps.addBatch();
                if (i % 500 == 499) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        return count;
    }
}
