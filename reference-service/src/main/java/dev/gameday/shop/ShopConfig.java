package dev.gameday.shop;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a shop task needs to run, parsed and validated once at the edge. Build it with
 * {@link #builder(String, String, String)} in tests, or {@link #fromEnv(Map)} from the {@code SHOP_*}
 * environment variables; {@link #toEnv()} gives those variables back for launching a child process.
 *
 * @param port HTTP port, 0 for an ephemeral one
 * @param dbUrl JDBC URL of the single database writer endpoint
 * @param dbReaderUrl JDBC URL of the database's reader endpoint (a Multi-AZ DB cluster's or Aurora's),
 *        which catalogue reads use; {@code null}: every read goes to the writer
 * @param adminToken bearer token for {@code /admin/*}; {@code null} disables the admin routes
 * @param jwtIssuer the {@code iss} every accepted token carries (the shop's own, or a Cognito user pool's URL)
 * @param jwtAudience the audience accepted tokens are for: their {@code aud}, or for a Cognito access
 *        token (which has no {@code aud}) its {@code client_id}; a Cognito app client id on AWS
 * @param jwksUrl when set, tokens are validated against this JWKS instead of the shop's own key,
 *        and their subjects are external identities mapped to shop users on first use
 * @param queueUrl SQS queue URL for fulfilment; {@code null} means no worker and orders stay PLACED
 * @param sqsEndpoint endpoint override for SQS (ElasticMQ locally); {@code null} for AWS's own
 * @param sqsRegion AWS region for the SQS client
 * @param emfNamespace when set, one CloudWatch embedded-metric-format line a second on stdout
 *        (high-resolution metrics under this namespace); {@code null} publishes nothing
 * @param emfService the {@code Service} dimension of those metrics
 * @param bindAddress the IP address the HTTP server listens on: {@code 127.0.0.1} by default, so a
 *        shop on a shared host is reachable from that host only; a container sets {@code 0.0.0.0}
 * @param httpQueue requests accepted beyond the busy worker threads; when they are queued too, a
 *        request is answered 503 at once instead of waiting
 * @param requestTimeout how long a client may take to send a whole request (headers and body)
 *        before its connection is closed, so slow clients cannot hold worker threads
 */
public record ShopConfig(
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String dbReaderUrl,
        String zone,
        String taskId,
        Duration drainTimeout,
        String adminToken,
        String jwtIssuer,
        String jwtAudience,
        URI jwksUrl,
        String queueUrl,
        URI sqsEndpoint,
        String sqsRegion,
        int seedProducts,
        boolean watchStdin,
        int dbPoolSize,
        int httpThreads,
        String emfNamespace,
        String emfService,
        String bindAddress,
        int httpQueue,
        Duration requestTimeout) {

    /*
     * The environment variables a shop task reads, one per setting: what fromEnv parses, toEnv writes
     * and a launcher (the local platform, the ECS task definition) sets. Named here once.
     */
    public static final String SHOP_PORT = "SHOP_PORT";
    public static final String SHOP_DB_URL = "SHOP_DB_URL";
    public static final String SHOP_DB_USER = "SHOP_DB_USER";
    public static final String SHOP_DB_PASSWORD = "SHOP_DB_PASSWORD";
    public static final String SHOP_DB_READER_URL = "SHOP_DB_READER_URL";
    public static final String SHOP_ZONE = "SHOP_ZONE";
    public static final String SHOP_TASK_ID = "SHOP_TASK_ID";
    public static final String SHOP_DRAIN_TIMEOUT = "SHOP_DRAIN_TIMEOUT";
    public static final String SHOP_ADMIN_TOKEN = "SHOP_ADMIN_TOKEN";
    public static final String SHOP_JWT_ISSUER = "SHOP_JWT_ISSUER";
    public static final String SHOP_JWT_AUDIENCE = "SHOP_JWT_AUDIENCE";
    public static final String SHOP_JWKS_URL = "SHOP_JWKS_URL";
    public static final String SHOP_QUEUE_URL = "SHOP_QUEUE_URL";
    public static final String SHOP_SQS_ENDPOINT = "SHOP_SQS_ENDPOINT";
    public static final String SHOP_SQS_REGION = "SHOP_SQS_REGION";
    public static final String SHOP_SEED_PRODUCTS = "SHOP_SEED_PRODUCTS";
    public static final String SHOP_WATCH_STDIN = "SHOP_WATCH_STDIN";
    public static final String SHOP_DB_POOL_SIZE = "SHOP_DB_POOL_SIZE";
    public static final String SHOP_HTTP_THREADS = "SHOP_HTTP_THREADS";
    public static final String SHOP_EMF_NAMESPACE = "SHOP_EMF_NAMESPACE";
    public static final String SHOP_EMF_SERVICE = "SHOP_EMF_SERVICE";
    public static final String SHOP_BIND_ADDRESS = "SHOP_BIND_ADDRESS";
    public static final String SHOP_HTTP_QUEUE = "SHOP_HTTP_QUEUE";
    public static final String SHOP_REQUEST_TIMEOUT = "SHOP_REQUEST_TIMEOUT";

    /** The audience the shop's own tokens carry and every shop task requires unless configured otherwise. */
    public static final String AUDIENCE = "gameday-shop";

    public ShopConfig {
        // Every problem is collected, so that one start-up names them all.
        Map<String, String> problems = new LinkedHashMap<>();
        require(problems, port >= 0 && port <= 65535, SHOP_PORT, "must be 0..65535, was " + port);
        require(problems, dbUrl != null && dbUrl.startsWith("jdbc:postgresql:"), SHOP_DB_URL,
                "is required and must be a jdbc:postgresql: URL, was " + dbUrl);
        require(problems, dbUser != null && !dbUser.isBlank(), SHOP_DB_USER, "is required");
        dbPassword = dbPassword == null ? "" : dbPassword;
        dbReaderUrl = dbReaderUrl == null || dbReaderUrl.isBlank() ? null : dbReaderUrl.trim();
        require(problems, dbReaderUrl == null || dbReaderUrl.startsWith("jdbc:postgresql:"), SHOP_DB_READER_URL,
                "must be a jdbc:postgresql: URL, was " + dbReaderUrl);
        zone = blankToDefault(zone, "local");
        taskId = blankToDefault(taskId, "task-" + ProcessHandle.current().pid());
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(10) : drainTimeout;
        require(problems, !drainTimeout.isNegative(), SHOP_DRAIN_TIMEOUT, "must not be negative, was " + drainTimeout);
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
        jwtIssuer = blankToDefault(jwtIssuer, "gameday-shop");
        jwtAudience = blankToDefault(jwtAudience, AUDIENCE);
        queueUrl = queueUrl == null || queueUrl.isBlank() ? null : queueUrl;
        sqsRegion = blankToDefault(sqsRegion, "us-east-1");
        require(problems, seedProducts >= 0, SHOP_SEED_PRODUCTS, "must not be negative, was " + seedProducts);
        require(problems, dbPoolSize >= 1, SHOP_DB_POOL_SIZE, "must be at least 1, was " + dbPoolSize);
        require(problems, httpThreads >= 1, SHOP_HTTP_THREADS, "must be at least 1, was " + httpThreads);
        emfNamespace = emfNamespace == null || emfNamespace.isBlank() ? null : emfNamespace.trim();
        require(problems, emfNamespace == null || !emfNamespace.startsWith("AWS/"), SHOP_EMF_NAMESPACE,
                "must not start with AWS/ (reserved for AWS's own metrics), was " + emfNamespace);
        emfService = blankToDefault(emfService, "shop");
        bindAddress = blankToDefault(bindAddress, LOOPBACK).trim();
        require(problems, isIpLiteral(bindAddress), SHOP_BIND_ADDRESS,
                "must be an IP address such as 127.0.0.1 or 0.0.0.0, was " + bindAddress);
        require(problems, httpQueue >= 0, SHOP_HTTP_QUEUE, "must not be negative, was " + httpQueue);
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        require(problems, requestTimeout.toSeconds() >= 1, SHOP_REQUEST_TIMEOUT,
                "must be at least one second (PT1S), was " + requestTimeout);
        require(problems, jwksUrl == null || isSecureOrLoopback(jwksUrl), SHOP_JWKS_URL,
                "must be https (plain http only to a loopback host: 127.0.0.0/8, ::1, localhost), was " + jwksUrl);
        if (!problems.isEmpty()) {
            throw new ShopConfigException(problems);
        }
    }

    /** The default bind address: the loopback interface only. */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * Whether {@code url} is https, or plain http to this host's loopback interface (127.0.0.0/8,
     * ::1, localhost): the only places a secret or a key set may travel unencrypted.
     */
    public static boolean isSecureOrLoopback(URI url) {
        String scheme = url.getScheme();
        if ("https".equalsIgnoreCase(scheme)) {
            return true;
        }
        if (!"http".equalsIgnoreCase(scheme) || url.getHost() == null) {
            return false;
        }
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literals are judged: resolving a name here would trust whatever DNS answers.
        return isIpLiteral(host) && literal(host).isLoopbackAddress();
    }

    private static boolean isIpLiteral(String value) {
        // Digits, dots and colons (and hex digits for IPv6) only: InetAddress then parses without a DNS lookup.
        if (value.isEmpty() || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false;
        }
        if (value.indexOf(':') < 0 && !value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            literal(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InetAddress literal(String value) {
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + value, e);
        }
    }

    /** A builder with the defaults of every optional setting: port 0, 1,000 products, no queue, no admin. */
    public static Builder builder(String dbUrl, String dbUser, String dbPassword) {
        return new Builder(dbUrl, dbUser, dbPassword);
    }

    /**
     * Parses the {@code SHOP_*} variables; an unset or blank one keeps its default. Throws
     * {@link ShopConfigException} naming every bad one.
     */
    public static ShopConfig fromEnv(Map<String, String> env) {
        Map<String, String> problems = new LinkedHashMap<>();
        Builder b = new Builder(env.get(SHOP_DB_URL), env.get(SHOP_DB_USER), env.get(SHOP_DB_PASSWORD));
        intVar(env, SHOP_PORT, problems).ifPresent(b::port);
        b.dbReaderUrl = env.get(SHOP_DB_READER_URL);
        b.zone = env.get(SHOP_ZONE);
        b.taskId = env.get(SHOP_TASK_ID);
        b.drainTimeout = durationVar(env, SHOP_DRAIN_TIMEOUT, problems);
        b.adminToken = env.get(SHOP_ADMIN_TOKEN);
        b.jwtIssuer = env.get(SHOP_JWT_ISSUER);
        b.jwtAudience = env.get(SHOP_JWT_AUDIENCE);
        b.jwksUrl = uriVar(env, SHOP_JWKS_URL, problems);
        b.queueUrl = env.get(SHOP_QUEUE_URL);
        b.sqsEndpoint = uriVar(env, SHOP_SQS_ENDPOINT, problems);
        b.sqsRegion = env.get(SHOP_SQS_REGION);
        intVar(env, SHOP_SEED_PRODUCTS, problems).ifPresent(b::seedProducts);
        String watch = env.get(SHOP_WATCH_STDIN);
        if (watch != null && !watch.isBlank() && !watch.equalsIgnoreCase("true") && !watch.equalsIgnoreCase("false")) {
            problems.put(SHOP_WATCH_STDIN, "must be true or false, was " + watch);
        }
        b.watchStdin = "true".equalsIgnoreCase(watch);
        intVar(env, SHOP_DB_POOL_SIZE, problems).ifPresent(b::dbPoolSize);
        intVar(env, SHOP_HTTP_THREADS, problems).ifPresent(b::httpThreads);
        b.emfNamespace = env.get(SHOP_EMF_NAMESPACE);
        b.emfService = env.get(SHOP_EMF_SERVICE);
        b.bindAddress = env.get(SHOP_BIND_ADDRESS);
        intVar(env, SHOP_HTTP_QUEUE, problems).ifPresent(b::httpQueue);
        b.requestTimeout = durationVar(env, SHOP_REQUEST_TIMEOUT, problems);
        // A variable that did not parse kept its default, so the rest is still checked: one pass names them all.
        try {
            ShopConfig config = b.build();
            if (problems.isEmpty()) {
                return config;
            }
        } catch (ShopConfigException e) {
            e.problems().forEach(problems::putIfAbsent);
        }
        throw new ShopConfigException(problems);
    }

    /** A builder holding this configuration, to derive a variant (another task, another port). */
    public Builder toBuilder() {
        Builder b = new Builder(dbUrl, dbUser, dbPassword);
        b.port = port;
        b.dbReaderUrl = dbReaderUrl;
        b.zone = zone;
        b.taskId = taskId;
        b.drainTimeout = drainTimeout;
        b.adminToken = adminToken;
        b.jwtIssuer = jwtIssuer;
        b.jwtAudience = jwtAudience;
        b.jwksUrl = jwksUrl;
        b.queueUrl = queueUrl;
        b.sqsEndpoint = sqsEndpoint;
        b.sqsRegion = sqsRegion;
        b.seedProducts = seedProducts;
        b.watchStdin = watchStdin;
        b.dbPoolSize = dbPoolSize;
        b.httpThreads = httpThreads;
        b.emfNamespace = emfNamespace;
        b.emfService = emfService;
        b.bindAddress = bindAddress;
        b.httpQueue = httpQueue;
        b.requestTimeout = requestTimeout;
        return b;
    }

    /** The environment variables that {@link #fromEnv(Map)} turns back into this configuration. */
    public Map<String, String> toEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SHOP_PORT, Integer.toString(port));
        env.put(SHOP_DB_URL, dbUrl);
        env.put(SHOP_DB_USER, dbUser);
        env.put(SHOP_DB_PASSWORD, dbPassword);
        if (dbReaderUrl != null) env.put(SHOP_DB_READER_URL, dbReaderUrl);
        env.put(SHOP_ZONE, zone);
        env.put(SHOP_TASK_ID, taskId);
        env.put(SHOP_DRAIN_TIMEOUT, drainTimeout.toString());
        if (adminToken != null) env.put(SHOP_ADMIN_TOKEN, adminToken);
        env.put(SHOP_JWT_ISSUER, jwtIssuer);
        env.put(SHOP_JWT_AUDIENCE, jwtAudience);
        if (jwksUrl != null) env.put(SHOP_JWKS_URL, jwksUrl.toString());
        if (queueUrl != null) env.put(SHOP_QUEUE_URL, queueUrl);
        if (sqsEndpoint != null) env.put(SHOP_SQS_ENDPOINT, sqsEndpoint.toString());
        env.put(SHOP_SQS_REGION, sqsRegion);
        env.put(SHOP_SEED_PRODUCTS, Integer.toString(seedProducts));
        env.put(SHOP_WATCH_STDIN, Boolean.toString(watchStdin));
        env.put(SHOP_DB_POOL_SIZE, Integer.toString(dbPoolSize));
        env.put(SHOP_HTTP_THREADS, Integer.toString(httpThreads));
        if (emfNamespace != null) env.put(SHOP_EMF_NAMESPACE, emfNamespace);
        env.put(SHOP_EMF_SERVICE, emfService);
        env.put(SHOP_BIND_ADDRESS, bindAddress);
        env.put(SHOP_HTTP_QUEUE, Integer.toString(httpQueue));
        env.put(SHOP_REQUEST_TIMEOUT, requestTimeout.toString());
        return env;
    }

    @Override
    public String toString() {
        // Never print secrets into logs: the JDBC URL may carry a password (and any other
        // parameter could be one), so only its address part is shown.
        return "ShopConfig[bind=" + bindAddress + ":" + port + ", db=" + redactedDbUrl() + ", zone=" + zone
                + ", task=" + taskId + ", queue=" + queueUrl + ", admin=" + (adminToken != null) + "]";
    }

    /** The JDBC URL without its query string or user info, e.g. {@code jdbc:postgresql://db:5432/shop?…}. */
    public String redactedDbUrl() {
        String url = dbUrl;
        int query = url.indexOf('?');
        String redacted = query < 0 ? url : url.substring(0, query) + "?…";
        // jdbc:postgresql://user:password@host/db is not what pgjdbc documents, but never print it either.
        int at = redacted.indexOf('@');
        int slashes = redacted.indexOf("//");
        if (at > 0 && slashes >= 0 && at > slashes) {
            redacted = redacted.substring(0, slashes + 2) + "…@" + redacted.substring(at + 1);
        }
        return redacted;
    }

    private static void require(Map<String, String> problems, boolean ok, String variable, String problem) {
        if (!ok) {
            problems.putIfAbsent(variable, problem);
        }
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The variable as an integer; empty when it is unset, blank or (noted in {@code problems}) not an integer. */
    private static Optional<Integer> intVar(Map<String, String> env, String name, Map<String, String> problems) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            problems.put(name, "must be an integer, was " + v);
            return Optional.empty();
        }
    }

    private static Duration durationVar(Map<String, String> env, String name, Map<String, String> problems) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(v.trim());
        } catch (DateTimeParseException e) {
            problems.put(name, "must be an ISO-8601 duration such as PT10S, was " + v);
            return null;
        }
    }

    private static URI uriVar(Map<String, String> env, String name, Map<String, String> problems) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(v.trim());
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below, as a URL without scheme or host is
        }
        problems.put(name, "must be an absolute URL, was " + v);
        return null;
    }

    /** Mutable builder for {@link ShopConfig}; every setting but the database has a default. */
    public static final class Builder {
        private int port;
        private final String dbUrl;
        private final String dbUser;
        private final String dbPassword;
        private String dbReaderUrl;
        private String zone;
        private String taskId;
        private Duration drainTimeout;
        private String adminToken;
        private String jwtIssuer;
        private String jwtAudience;
        private URI jwksUrl;
        private String queueUrl;
        private URI sqsEndpoint;
        private String sqsRegion;
        private int seedProducts = 1000;
        private boolean watchStdin;
        private int dbPoolSize = 10;
        private int httpThreads = 32;
        private String emfNamespace;
        private String emfService;
        private String bindAddress;
        private Integer httpQueue;
        private Duration requestTimeout;

        private Builder(String dbUrl, String dbUser, String dbPassword) {
            this.dbUrl = dbUrl;
            this.dbUser = dbUser;
            this.dbPassword = dbPassword;
        }

        public Builder port(int port) { this.port = port; return this; }
        public Builder zone(String zone) { this.zone = zone; return this; }
        /** The reader endpoint catalogue reads use; default none (they go to the writer). */
        public Builder dbReaderUrl(String dbReaderUrl) { this.dbReaderUrl = dbReaderUrl; return this; }
        public Builder taskId(String taskId) { this.taskId = taskId; return this; }
        public Builder drainTimeout(Duration drainTimeout) { this.drainTimeout = drainTimeout; return this; }
        public Builder adminToken(String adminToken) { this.adminToken = adminToken; return this; }
        public Builder jwtIssuer(String jwtIssuer) { this.jwtIssuer = jwtIssuer; return this; }
        public Builder jwtAudience(String jwtAudience) { this.jwtAudience = jwtAudience; return this; }
        public Builder jwksUrl(URI jwksUrl) { this.jwksUrl = jwksUrl; return this; }
        public Builder queue(String queueUrl, URI sqsEndpoint, String sqsRegion) {
            this.queueUrl = queueUrl;
            this.sqsEndpoint = sqsEndpoint;
            this.sqsRegion = sqsRegion;
            return this;
        }
        public Builder seedProducts(int seedProducts) { this.seedProducts = seedProducts; return this; }
        public Builder watchStdin(boolean watchStdin) { this.watchStdin = watchStdin; return this; }
        public Builder dbPoolSize(int dbPoolSize) { this.dbPoolSize = dbPoolSize; return this; }
        public Builder httpThreads(int httpThreads) { this.httpThreads = httpThreads; return this; }
        public Builder emf(String namespace, String service) {
            this.emfNamespace = namespace;
            this.emfService = service;
            return this;
        }

        /** The address to listen on; default {@code 127.0.0.1}, {@code 0.0.0.0} in a container. */
        public Builder bindAddress(String bindAddress) { this.bindAddress = bindAddress; return this; }
        /** Requests queued beyond the busy threads before 503s; default four per thread. */
        public Builder httpQueue(Integer httpQueue) { this.httpQueue = httpQueue; return this; }
        /** How long a client may take to send a request; default 10 s. */
        public Builder requestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; return this; }

        public ShopConfig build() {
            // The queue's default follows the thread count, whichever order they were set in.
            int queue = httpQueue == null ? 4 * httpThreads : httpQueue;
            return new ShopConfig(port, dbUrl, dbUser, dbPassword, dbReaderUrl, zone, taskId, drainTimeout, adminToken,
                    jwtIssuer, jwtAudience, jwksUrl, queueUrl, sqsEndpoint, sqsRegion, seedProducts, watchStdin,
                    dbPoolSize, httpThreads, emfNamespace, emfService, bindAddress, queue, requestTimeout);
        }
    }

}
