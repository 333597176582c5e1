package dev.gameday.platform.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Availability Zone of the local platform, e.g. {@code local-1a}, with the one subnet the
 * platform places tasks in there ({@code subnet-local-1a}).
 *
 * @param name the zone name as CloudWatch's {@code AvailabilityZone} dimension carries it
 */
public record Zone(String name) {

    /** The region the local platform pretends to be. */
    public static final String REGION = "local";
    /** Zones beyond {@code c} would not look like AWS any more; three are what the shop is built for. */
    private static final String LETTERS = "abcdef";

    public Zone {
        Objects.requireNonNull(name, "name");
        if (!name.matches("local-1[a-z]")) {
            throw new IllegalArgumentException("zone name must look like local-1a, was '" + name + "'");
        }
    }

    /** The first {@code count} zones: {@code local-1a}, {@code local-1b}, … */
    public static List<Zone> first(int count) {
        if (count < 1 || count > LETTERS.length()) {
            throw new IllegalArgumentException("zones must be 1.." + LETTERS.length() + ", was " + count);
        }
        List<Zone> zones = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            zones.add(new Zone("local-1" + LETTERS.charAt(i)));
        }
        return List.copyOf(zones);
    }

    /** The short form used in status lines, e.g. {@code 1a}. */
    public String shortName() {
        return name.substring("local-".length());
    }

    /** The zone's one subnet id, e.g. {@code subnet-local-1a}. */
    public String subnetId() {
        return "subnet-" + name;
    }

    /** The zone's subnet as an ARN, the form FIS resolves {@code aws:ec2:subnet} targets to. */
    public String subnetArn() {
        return "arn:aws:ec2:" + REGION + ":000000000000:subnet/" + subnetId();
    }

    @Override
    public String toString() {
        return name;
    }
}
