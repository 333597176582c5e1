package dev.gameday.cli;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.zone.Zone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code gameday up}: starts the local platform alone, prints its endpoints and its events, and
 * runs until Ctrl-C, when it tears everything down. For trying the shop or a tool against it by hand.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Starts the local platform alone, prints its endpoints, runs until Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Option(names = "--zones", defaultValue = "2", description = "Availability zones, 1 to 3. Default: ${DEFAULT-VALUE}.")
    int zones;

    @Option(names = "--tasks-per-zone", defaultValue = "1", description = "Shop tasks per zone. Default: ${DEFAULT-VALUE}.")
    int tasksPerZone;

    @Option(names = "--port", defaultValue = "0", description = "The load balancer's port (0: any free port).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        if (zones < 1 || zones > 3 || tasksPerZone < 1) {
            System.err.println("gameday: --zones must be 1 to 3 and --tasks-per-zone at least 1");
            return GamedayCommand.NOT_RUN;
        }
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        events.subscribe(UpCommand::print);
        System.out.println("gameday: starting the local platform (" + zones + " zones × " + tasksPerZone + " tasks)…");
        LocalPlatform platform = LocalPlatform.builder()
                .zones(zones).tasksPerZone(tasksPerZone).listenerPort(port).eventLog(events)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\ngameday: tearing the local platform down…");
            platform.close();
            stopped.countDown();
        }, "gameday-up-teardown"));

        Zone first = platform.zones().get(0);
        System.out.println("shop: " + platform.url());
        System.out.println("database (writer endpoint, " + first.name() + "): " + platform.database().writerUrl(first)
                + " user " + platform.database().user() + " password " + platform.database().password());
        platform.database().readerUrl(first).ifPresent(url ->
                System.out.println("database (reader endpoint, " + first.name() + "): " + url));
        if (platform.queue() != null) {
            System.out.println("queue: " + platform.queue().url(first));
        }
        System.out.println("admin token: " + platform.adminToken());
        System.out.println("load balancer: " + platform.names().loadBalancer() + "  cluster: " + platform.names().cluster()
                + "  service: " + platform.names().service());
        System.out.println("gameday: ready — Ctrl-C to stop.");
        stopped.await();
        return GamedayCommand.PASS;
    }

    private static void print(Event event) {
        System.out.println(TIME.format(event.ts()) + "  " + event.type() + " " + event.attrs());
    }
}
