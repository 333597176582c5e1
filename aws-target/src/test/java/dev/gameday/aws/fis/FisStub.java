package dev.gameday.aws.fis;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gameday.core.event.EventLog;

import java.time.Clock;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server standing in for FIS and an injector talking to it (fast retries and polls,
 * events in memory), for one test; closing closes the injector, then the server.
 *
 * @param fis      the stand-in, to stub and verify
 * @param events   what the injector recorded
 * @param injector the injector under test
 */
record FisStub(WireMockServer fis, EventLog events, FisFaultInjector injector) implements AutoCloseable {

    /** Starts the stand-in and builds an injector for it, configured further by {@code configure}. */
    static FisStub start(UnaryOperator<FisFaultInjector.Builder> configure) {
        WireMockServer fis = new WireMockServer(options().dynamicPort());
        fis.start();
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        return new FisStub(fis, events, configure.apply(FisFaultInjectorTest.builder(fis, events)).build());
    }

    @Override
    public void close() {
        try {
            injector.close();
        } finally {
            fis.stop();
        }
    }
}
