package dev.gameday.orchestration.injection;

import dev.gameday.definition.LoadSpec;
import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.journey.Journey;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.profile.LoadProfile;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a game day's traffic is split over {@code load.injectors} injectors: each sends 1/N of the
 * arrivals (the profile's every rate scaled), the same journey mix and think time, and registers
 * its own part of the account pool (⌈accounts / N⌉, under names carrying its id, so no two
 * injectors share an account); injector {@code i} of N runs in zone {@code i mod zones}, and all
 * start at one instant.
 */
public final class InjectorPlan {

    /** The seed of the in-process run; injector i uses this + i, so injectors do not send the same sequence. */
    static final long BASE_SEED = 42;

    private InjectorPlan() {
    }

    /** The id of injector {@code index} (from 1): {@code inj-1}, {@code inj-2}, … */
    public static String id(int index) {
        return "inj-" + index;
    }

    /**
     * The specs of every injector of a game day.
     *
     * @param runId    the run's id
     * @param load     the game day's {@code load:} section ({@code injectors} of them)
     * @param profile  the game day's whole arrival profile
     * @param zones    the zones to place injectors in, round robin
     * @param target   the shop's base URL
     * @param startAt  the common start instant
     * @param outputOf where injector {@code id} writes its files
     * @param feedPort the harness's feed port
     */
    public static List<InjectorSpec> split(String runId, LoadSpec load, LoadProfile profile, List<String> zones,
                                           URI target, Instant startAt, java.util.function.Function<String, Path> outputOf,
                                           int feedPort) {
        int n = load.injectors();
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("injectors need at least one zone");
        }
        LoadProfile share = profile.scaled(1.0 / n);
        int shoppers = (int) Math.ceil(load.accountsAtStart() / (double) n);
        Map<String, Double> mix = new LinkedHashMap<>();
        JourneyMix journeys = JourneyMix.fromMap(load.mix());
        for (Journey j : Journey.values()) {
            mix.put(j.wireName(), journeys.weights().get(j));
        }
        List<InjectorSpec> specs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String id = id(i);
            specs.add(new InjectorSpec(runId, id, zones.get((i - 1) % zones.size()), target, share, mix,
                    load.thinkTime().toMap(), Math.max(1, shoppers), BASE_SEED + i, startAt, outputOf.apply(id), feedPort,
                    null));
        }
        return List.copyOf(specs);
    }
}
