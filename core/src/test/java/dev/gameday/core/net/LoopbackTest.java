package dev.gameday.core.net;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackTest {

    @Test
    void onlyHostsWrittenAsThisMachineAreLoopback() {
        assertThat(Loopback.isLoopback("localhost")).isTrue();
        assertThat(Loopback.isLoopback("127.0.0.1")).isTrue();
        assertThat(Loopback.isLoopback("127.1.2.3")).isTrue();
        assertThat(Loopback.isLoopback("[::1]")).isTrue();
        assertThat(Loopback.isLoopback("10.0.0.5")).isFalse();
        assertThat(Loopback.isLoopback("localhost.example.com")).isFalse();
        assertThat(Loopback.isLoopback("127.0.0.1.nip.io")).isFalse();
        assertThat(Loopback.isLoopback(null)).isFalse();
    }

    @Test
    void cleartextOffHostIsPlainHttpElsewhere() {
        assertThat(Loopback.isCleartextOffHost(URI.create("http://shop.example.com"))).isTrue();
        assertThat(Loopback.isCleartextOffHost(URI.create("https://shop.example.com"))).isFalse();
        assertThat(Loopback.isCleartextOffHost(URI.create("http://127.0.0.1:8080"))).isFalse();
    }
}
