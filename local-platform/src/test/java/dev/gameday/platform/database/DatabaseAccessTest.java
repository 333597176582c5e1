package dev.gameday.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.core.event.EventLog;
import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.zone.Zone;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster lets in only who has its password: over TCP (loopback only) and over its Unix socket,
 * which lives in the platform's work directory rather than {@code /tmp}.
 */
class DatabaseAccessTest {

    private static final Zone A = new Zone("local-1a");

    @Test
    void only_a_connection_with_the_clusters_password_gets_in_and_the_socket_lives_in_the_work_directory(@TempDir Path work)
            throws Exception {
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(List.of(A), network, 50, work, false, DatabaseEngine.defaults(),
                     EventLog.inMemory(Clock.systemUTC()))) {
            String url = db.writerUrl(A) + "?connectTimeout=5";
            assertThat(db.password()).hasSizeGreaterThanOrEqualTo(32);

            assertThatThrownBy(() -> DriverManager.getConnection(url, db.user(), "").close())
                    .as("no password").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, db.user(), "not-" + db.password()).close())
                    .as("a wrong password").isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");

            try (Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement s = c.createStatement()) {
                assertThat(single(s, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(single(s, "SHOW password_encryption")).isEqualTo("scram-sha-256");
                assertThat(single(s, "SHOW unix_socket_directories")).isEqualTo(db.socketDirectory().toString());
                assertThat(column(s, "SELECT auth_method FROM pg_hba_file_rules WHERE error IS NULL"))
                        .isNotEmpty().containsOnly("scram-sha-256");
                assertThat(column(s, "SELECT rolname FROM pg_authid WHERE rolcanlogin AND rolpassword IS NULL"))
                        .as("login roles without a password").isEmpty();
            }

            assertThat(db.socketDirectory()).startsWith(work.toAbsolutePath());
            Path socket = socketIn(db.socketDirectory());
            assertThat(Path.of("/tmp", socket.getFileName().toString())).doesNotExist();
            assertThat(authenticationRequestOver(socket)).as("what the server asks a client on its Unix socket")
                    .isEqualTo(10); // AuthenticationSASL (SCRAM-SHA-256); 0 would be AuthenticationOk: trust
        }
    }

    private static Path socketIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().matches("\\.s\\.PGSQL\\.\\d+")).findFirst()
                    .orElseThrow(() -> new AssertionError("no PostgreSQL socket in " + directory));
        }
    }

    /**
     * Speaks the first step of the PostgreSQL wire protocol over the Unix socket (pgjdbc has no
     * Unix socket support): a StartupMessage for the superuser, then the authentication request
     * the server answers with.
     */
    private static int authenticationRequestOver(Path socket) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            byte[] parameters = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer startup = ByteBuffer.allocate(8 + parameters.length);
            startup.putInt(8 + parameters.length).putInt(196_608).put(parameters).flip(); // protocol 3.0
            while (startup.hasRemaining()) {
                channel.write(startup);
            }
            ByteBuffer answer = ByteBuffer.allocate(9);
            while (answer.hasRemaining() && channel.read(answer) >= 0) {
                // read the message type, its length and the authentication code
            }
            answer.flip();
            assertThat((char) answer.get()).as("an Authentication message").isEqualTo('R');
            answer.getInt();
            return answer.getInt();
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> column(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
