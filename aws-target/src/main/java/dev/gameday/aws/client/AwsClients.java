package dev.gameday.aws.client;

import dev.gameday.aws.config.AwsService;
import dev.gameday.aws.config.EndpointRule;
import dev.gameday.core.event.EventLog;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.fis.FisClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SDK clients of one {@code aws} target, all built alike: one region, one credentials provider,
 * the JDK's HTTP stack (url-connection client), the target file's endpoint overrides, the harness's
 * retries ({@link AwsRetries}), a {@link MutatingCallRecorder} and a {@link ReadCallCounter}. Each
 * client is built on first use, so a refused account costs one STS call and nothing else. Closing
 * closes every client built.
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Map<AwsService, URI> endpoints;
    private final MutatingCallRecorder recorder;
    private final ReadCallCounter readCalls = new ReadCallCounter();
    private final List<SdkAutoCloseable> built = new ArrayList<>();
    private StsClient sts;
    private EcsClient ecs;
    private RdsClient rds;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private FisClient fis;
    private Route53Client route53;
    private S3Client s3;
    private CloudWatchClient cloudWatch;

    /**
     * Clients for {@code region}.
     *
     * @param credentials the credentials, or {@code null} for the SDK's default chain
     * @param endpoints   endpoint overrides per service (may be empty), as {@link EndpointRule} allows them
     * @param events      where mutating calls are recorded
     * @throws IllegalArgumentException when an override breaks {@link EndpointRule} (the target file refuses
     *                                  it first, with its line; this guards every other caller)
     */
    public AwsClients(String region, AwsCredentialsProvider credentials, Map<AwsService, URI> endpoints, EventLog events) {
        // Route 53 and S3 count only when stood in: a target without a route53 (injectors) block never
        // builds their clients.
        EnumSet<AwsService> used = EnumSet.complementOf(EnumSet.of(AwsService.ROUTE53, AwsService.S3));
        for (AwsService optional : List.of(AwsService.ROUTE53, AwsService.S3)) {
            if (endpoints.containsKey(optional)) {
                used.add(optional);
            }
        }
        EndpointRule.check(endpoints, used).ifPresent(refusal -> {
            throw new IllegalArgumentException("endpoint override of " + refusal.service().key() + ": " + refusal.reason());
        });
        this.region = Region.of(Objects.requireNonNull(region, "region"));
        // Resolved once: the default chain caches what it finds, and every client should share that.
        this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
        this.endpoints = endpoints.isEmpty() ? Map.of() : new EnumMap<>(endpoints);
        this.recorder = new MutatingCallRecorder(events);
    }

    /** The region every client calls. */
    public Region region() {
        return region;
    }

    /** The credentials provider every client uses. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** The endpoint override of {@code service}, or {@code null}. */
    public URI endpoint(AwsService service) {
        return endpoints.get(service);
    }

    /** STS, for the account check. */
    public synchronized StsClient sts() {
        return sts = sts != null ? sts : build(StsClient.builder(), AwsService.STS);
    }

    /** ECS, for the inventory and the live status (reads only). */
    public synchronized EcsClient ecs() {
        return ecs = ecs != null ? ecs : build(EcsClient.builder(), AwsService.ECS);
    }

    /** RDS, for the inventory (reads only). */
    public synchronized RdsClient rds() {
        return rds = rds != null ? rds : build(RdsClient.builder(), AwsService.RDS);
    }

    /** EC2, for the inventory's subnets (reads only). */
    public synchronized Ec2Client ec2() {
        return ec2 = ec2 != null ? ec2 : build(Ec2Client.builder(), AwsService.EC2);
    }

    /** Elastic Load Balancing v2, for the live status (reads only). */
    public synchronized ElasticLoadBalancingV2Client elb() {
        return elb = elb != null ? elb : build(ElasticLoadBalancingV2Client.builder(), AwsService.ELASTIC_LOAD_BALANCING);
    }

    /**
     * The FIS client, handed to {@code FisFaultInjector.builder().client(…)} so that its calls
     * (which create templates and start and stop experiments) are recorded too.
     */
    public synchronized FisClient fis() {
        return fis = fis != null ? fis : build(FisClient.builder(), AwsService.FIS);
    }

    /**
     * CloudWatch, for the alarms' history at the end of a run (reads only); the metrics have their own
     * client ({@code CloudWatchMetricsSource}), which counts what GetMetricData is billed by.
     */
    public synchronized CloudWatchClient cloudWatch() {
        return cloudWatch = cloudWatch != null ? cloudWatch : build(CloudWatchClient.builder(), AwsService.CLOUDWATCH);
    }

    /** The requests marked {@link ReadCallCounter#COUNTED} sent so far, by {@code service:Operation}. */
    public Map<String, Long> countedReadCalls() {
        return readCalls.counts();
    }

    /**
     * Route 53, for health check status and {@code TestDNSAnswer} (reads only). Route 53 is a global
     * service: whatever the target's region, it is called at its one endpoint, signed for us-east-1.
     */
    public synchronized Route53Client route53() {
        if (route53 == null) {
            route53 = build(Route53Client.builder(), AwsService.ROUTE53);
        }
        return route53;
    }

    /**
     * S3, for the injectors' results and finished seconds (an {@code injectors:} block). With an
     * endpoint override (a stand-in, LocalStack) buckets are addressed by path, not by host name.
     */
    public synchronized S3Client s3() {
        if (s3 == null) {
            S3ClientBuilder builder = S3Client.builder();
            if (endpoints.containsKey(AwsService.S3)) {
                builder.forcePathStyle(true);
            }
            s3 = build(builder, AwsService.S3);
        }
        return s3;
    }

    private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
            B builder, AwsService service) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(service == AwsService.ROUTE53 ? route53SigningRegion(region) : region)
                .credentialsProvider(credentials())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetries.standard()).addExecutionInterceptor(recorder)
                        .addExecutionInterceptor(readCalls));
        URI endpoint = endpoints.get(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        C client = builder.build();
        built.add(client);
        return client;
    }

    /**
     * The region Route 53 is called in: its one global endpoint is signed for us-east-1 (in the
     * commercial partition; China and GovCloud have their own). Not {@code aws-global}: with an
     * endpoint override the SDK would sign for that name, which Route 53 refuses.
     */
    static Region route53SigningRegion(Region region) {
        String id = region.id();
        if (id.startsWith("cn-")) {
            return Region.CN_NORTHWEST_1;
        }
        if (id.startsWith("us-gov-")) {
            return Region.US_GOV_WEST_1;
        }
        return Region.US_EAST_1;
    }

    /** Closes every client built so far. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (SdkAutoCloseable client : built) {
            try {
                client.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        built.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
