package dev.gameday.platform.loadbalancer;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.Statistic;
import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The load balancer's own answers, against real sockets that misbehave on purpose. */
class LoadBalancerTest {

    private static final Zone ZONE = new Zone("local-1a");
    private final HttpClient client = HttpClient.newHttpClient();
    private final MetricStore store = new MetricStore();
    private final ResourceNames names = ResourceNames.fresh();
    private final List<AutoCloseable> open = new ArrayList<>();
    private TargetGroup targetGroup;
    private LoadBalancer loadBalancer;

    @BeforeEach
    void start() {
        targetGroup = new TargetGroup(names.targetGroup(), HealthCheck.scaledDefaults(), Duration.ofSeconds(1),
                EventLog.inMemory(Clock.systemUTC()));
        loadBalancer = LoadBalancer.start(0, 4, Duration.ofMillis(500), targetGroup, new PlatformMetrics(store, names));
    }

    @AfterEach
    void stop() throws Exception {
        loadBalancer.close();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void answers503WhenNoTargetIsRegistered() throws Exception {
        HttpResponse<String> response = get();
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Server")).hasValue("awselb/2.0");
        assertThat(sum("HTTPCode_ELB_503_Count")).isEqualTo(1);
        // ALB counts only requests for which it could choose a target.
        assertThat(sum("RequestCount")).isZero();
    }

    @Test
    void answers502WhenTheTargetRefusesTheConnection() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        targetGroup.register("dead", ZONE, closedPort);
        // The only target is not healthy: the load balancer fails open and tries it anyway.
        assertThat(get().statusCode()).isEqualTo(502);
        assertThat(sum("HTTPCode_ELB_502_Count")).isEqualTo(1);
        assertThat(sum("HTTPCode_ELB_5XX_Count")).isEqualTo(1);
        assertThat(sum("RequestCount")).isEqualTo(1);
    }

    @Test
    void answers504WhenTheTargetDoesNotAnswerInTime() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(silent);
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // accept, read nothing, answer nothing
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        targetGroup.register("silent", ZONE, silent.getLocalPort());
        assertThat(get().statusCode()).isEqualTo(504);
        assertThat(sum("HTTPCode_ELB_504_Count")).isEqualTo(1);
    }

    private double sum(String metric) {
        MetricQuery query = new MetricQuery(PlatformMetrics.ELB, metric, Map.of("LoadBalancer", names.loadBalancer()),
                Statistic.SUM, Duration.ofSeconds(1));
        return store.fetch(query, Instant.now().minusSeconds(60), Instant.now().plusSeconds(1)).sum();
    }

    private HttpResponse<String> get() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(loadBalancer.url() + "/products")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
