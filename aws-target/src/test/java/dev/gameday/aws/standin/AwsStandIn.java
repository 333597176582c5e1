package dev.gameday.aws.standin;

import dev.gameday.aws.client.AwsClients;
import dev.gameday.core.event.EventLog;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.config.AwsService;

import java.net.URI;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * One WireMock server standing in for every AWS endpoint the {@code aws} target calls, answering in
 * each API's documented wire format: STS, RDS and ELBv2 speak the Query protocol (form-encoded
 * {@code Action=…} in, XML out), EC2 the EC2 Query protocol (lower-camel XML, {@code item} lists),
 * ECS JSON 1.1 ({@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>}). Requests
 * are told apart by action or target header, so all services can share one base URL. Route 53 speaks
 * REST-XML under {@code /2013-04-01/}, FIS REST-JSON under {@code /experiment…}, S3 (path-style,
 * {@link #s3Bucket}) under {@code /<bucket>/}, so they share it too.
 */
public final class AwsStandIn implements AutoCloseable {

    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "123456789012";
    public static final String ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

    private final S3Objects s3 = new S3Objects();
    private final WireMockServer server = new WireMockServer(options().dynamicPort().extensions(s3));

    public AwsStandIn() {
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    /** Credentials the stand-in takes (it checks no signature; tests that do read the header). */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

    /** Clients of every service, pointed at this stand-in. */
    public AwsClients clients(EventLog events) {
        return new AwsClients(REGION, CREDENTIALS, endpoints(), events);
    }

    /** Every service pointed at this stand-in. */
    public Map<AwsService, URI> endpoints() {
        Map<AwsService, URI> out = new EnumMap<>(AwsService.class);
        for (AwsService service : AwsService.values()) {
            out.put(service, URI.create(server.baseUrl()));
        }
        return out;
    }

    /** The {@code endpoints:} block of a target file pointing every service here. */
    public String endpointsYaml() {
        return "endpoints:\n" + java.util.Arrays.stream(AwsService.values())
                .map(s -> "  " + s.key() + ": " + server.baseUrl() + "\n").collect(Collectors.joining());
    }

    // ---- request matching ----------------------------------------------------------------------

    /** A Query-protocol (STS, RDS, ELBv2, EC2) request for {@code action}. */
    public static MappingBuilder query(String action) {
        return post(urlEqualTo("/")).withFormParam("Action", equalTo(action));
    }

    public static RequestPatternBuilder queryRequested(String action) {
        return postRequestedFor(urlEqualTo("/")).withFormParam("Action", equalTo(action));
    }

    /** An ECS (JSON 1.1) request for {@code operation}. */
    public static MappingBuilder ecs(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS_TARGET_PREFIX + operation));
    }

    public static RequestPatternBuilder ecsRequested(String operation) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS_TARGET_PREFIX + operation));
    }

    public void stub(MappingBuilder mapping, String contentType, String body) {
        server.stubFor(mapping.willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType)
                .withHeader("x-amzn-RequestId", "4c7b2f8e-1d3a-4b5c-9e6f-0a1b2c3d4e5f")
                .withBody(body)));
    }

    public void stubXml(String action, String body) {
        stub(query(action), "text/xml", body);
    }

    public void stubEcs(String operation, String body) {
        stub(ecs(operation), "application/x-amz-json-1.1", body);
    }

    /**
     * Stands in S3 for {@code bucket} (path-style requests {@code /<bucket>/<key>}): PutObject,
     * GetObject and ListObjectsV2 answered from the objects put ({@link S3Objects}).
     */
    public S3Objects s3Bucket(String bucket) {
        s3.create(bucket);
        server.stubFor(any(urlPathMatching("/" + Pattern.quote(bucket) + "(/.*)?"))
                .atPriority(10)
                .willReturn(aResponse().withTransformers(S3Objects.NAME)));
        return s3;
    }

    /** The S3 requests sent for {@code bucket} with {@code method} (GET, PUT). */
    public List<LoggedRequest> s3Requests(String bucket, String method) {
        return server.findAll(anyRequestedFor(urlPathMatching("/" + Pattern.quote(bucket) + "(/.*)?")))
                .stream().filter(r -> r.getMethod().getName().equals(method)).toList();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- STS -----------------------------------------------------------------------------------

    /** GetCallerIdentity's documented response for an assumed role in {@code account}. */
    public static String callerIdentity(String account) {
        return """
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <GetCallerIdentityResult>
                    <Arn>arn:aws:sts::%1$s:assumed-role/gameday-operator/sre-session</Arn>
                    <UserId>AROA3XFRBF23EXAMPLE:sre-session</UserId>
                    <Account>%1$s</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata>
                    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
                  </ResponseMetadata>
                </GetCallerIdentityResponse>
                """.formatted(account);
    }

    // ---- ECS -----------------------------------------------------------------------------------

    /** A ListTasks page; {@code nextToken} null on the last page. */
    public static String listTasks(List<String> arns, String nextToken) {
        String list = arns.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", "));
        return "{\"taskArns\": [" + list + "]" + (nextToken == null ? "" : ", \"nextToken\": \"" + nextToken + "\"") + "}";
    }

    public static String taskArn(String cluster, String id) {
        return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/" + cluster + "/" + id;
    }

    /** One task of DescribeTasks' {@code tasks} list, a Fargate task of {@code service} with an awsvpc ENI. */
    public static String task(String cluster, String service, String id, String zone, String lastStatus, String ip) {
        return """
                {
                  "taskArn": "%s",
                  "clusterArn": "arn:aws:ecs:%s:%s:cluster/%s",
                  "taskDefinitionArn": "arn:aws:ecs:%s:%s:task-definition/shop-api:7",
                  "availabilityZone": "%s",
                  "group": "service:%s",
                  "lastStatus": "%s",
                  "desiredStatus": "RUNNING",
                  "launchType": "FARGATE",
                  "platformVersion": "1.4.0",
                  "cpu": "512",
                  "memory": "1024",
                  "connectivity": "CONNECTED",
                  "healthStatus": "UNKNOWN",
                  "createdAt": 1.700500000123E9,
                  "startedAt": 1.700500042456E9,
                  "startedBy": "ecs-svc/1234567890123456789",
                  "version": 3,
                  "attachments": [{
                    "id": "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE",
                    "type": "ElasticNetworkInterface",
                    "status": "ATTACHED",
                    "details": [
                      {"name": "subnetId", "value": "subnet-0a1b2c3d4e5f60001"},
                      {"name": "networkInterfaceId", "value": "eni-0a1b2c3d4e5f6aaaa"},
                      {"name": "macAddress", "value": "0a:1b:2c:3d:4e:5f"},
                      {"name": "privateDnsName", "value": "ip-%s.%s.compute.internal"},
                      {"name": "privateIPv4Address", "value": "%s"}
                    ]
                  }],
                  "containers": [{
                    "containerArn": "arn:aws:ecs:%s:%s:container/%s/%s/5f6a7b8c-0000-1111-2222-333344445555",
                    "taskArn": "%s",
                    "name": "shop",
                    "lastStatus": "%s",
                    "networkInterfaces": [{"attachmentId": "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE", "privateIpv4Address": "%s"}]
                  }],
                  "tags": [{"key": "Service", "value": "%s"}, {"key": "AzImpairmentPower", "value": "StopTasks"}]
                }
                """.formatted(taskArn(cluster, id), REGION, ACCOUNT, cluster, REGION, ACCOUNT, zone, service, lastStatus,
                ip.replace('.', '-'), REGION, ip, REGION, ACCOUNT, cluster, id, taskArn(cluster, id), lastStatus, ip, service);
    }

    /**
     * An injector task as DescribeTasks reports it: a stand-alone task ({@code group} {@code family:<family>}),
     * started by the harness, tagged with its run and injector id; {@code exitCode} of its container once stopped.
     */
    public static String injectorTask(String cluster, String id, String injector, String zone, String lastStatus,
                                      Integer exitCode) {
        return injectorTask(cluster, id, injector, zone, lastStatus, exitCode, Map.of());
    }

    /** An injector task with its harness's tags too ({@code gameday:host}, {@code gameday:pid}, …). */
    public static String injectorTask(String cluster, String id, String injector, String zone, String lastStatus,
                                      Integer exitCode, Map<String, String> harnessTags) {
        String extra = harnessTags.entrySet().stream()
                .map(e -> ", {\"key\": \"" + e.getKey() + "\", \"value\": \"" + e.getValue() + "\"}")
                .collect(Collectors.joining());
        boolean stopped = lastStatus.equals("STOPPED");
        return """
                {
                  "taskArn": "%s",
                  "clusterArn": "arn:aws:ecs:%s:%s:cluster/%s",
                  "taskDefinitionArn": "arn:aws:ecs:%s:%s:task-definition/gameday-injector:3",
                  "availabilityZone": "%s",
                  "group": "family:gameday-injector",
                  "lastStatus": "%s",
                  "desiredStatus": "%s",
                  "launchType": "FARGATE",
                  "startedBy": "gameday-20261207-061840-smoke",
                  %s
                  "containers": [{"name": "injector", "lastStatus": "%s"%s}],
                  "tags": [{"key": "gameday:run", "value": "20261207-061840-smoke"}, {"key": "gameday:injector", "value": "%s"}%s]
                }
                """.formatted(taskArn(cluster, id), REGION, ACCOUNT, cluster, REGION, ACCOUNT, zone, lastStatus,
                stopped ? "STOPPED" : "RUNNING",
                stopped ? "\"stopCode\": \"EssentialContainerExited\", \"stoppedReason\": \"Essential container in task exited\"," : "",
                lastStatus, exitCode == null ? "" : ", \"exitCode\": " + exitCode, injector, extra);
    }

    public static String describeTasks(String... tasks) {
        return "{\"tasks\": [" + String.join(",", tasks) + "], \"failures\": []}";
    }

    public static String describeServices(String cluster, String service, int desired, int running) {
        return service(cluster, service, desired, running, "");
    }

    /** DescribeServices' answer for one Fargate service with its {@code events} list (JSON members). */
    private static String service(String cluster, String service, int desired, int running, String events) {
        return """
                {"services": [{
                  "serviceArn": "arn:aws:ecs:%1$s:%2$s:service/%3$s/%4$s",
                  "serviceName": "%4$s",
                  "clusterArn": "arn:aws:ecs:%1$s:%2$s:cluster/%3$s",
                  "status": "ACTIVE",
                  "desiredCount": %5$d,
                  "runningCount": %6$d,
                  "pendingCount": %7$d,
                  "launchType": "FARGATE"%8$s
                }], "failures": []}
                """.formatted(REGION, ACCOUNT, cluster, service, desired, running, Math.max(0, desired - running),
                events.isEmpty() ? "" : ",\n  \"events\": [" + events + "]");
    }

    /**
     * DescribeServices answering one service with its {@code events} (newest first, as ECS lists them):
     * {@code events} alternate an instant and the message.
     */
    public static String describeServicesWithEvents(String cluster, String service, Object... events) {
        StringBuilder list = new StringBuilder();
        for (int i = events.length - 2; i >= 0; i -= 2) {
            Instant at = (Instant) events[i];
            list.append(list.isEmpty() ? "" : ",\n").append("""
                    {"id": "e%d-1b2c-4d5e-8f90-a1b2c3d4e5f6", "createdAt": %d.%03d, "message": "%s"}"""
                    .formatted(1000 + i, at.getEpochSecond(), at.getNano() / 1_000_000, events[i + 1]));
        }
        return service(cluster, service, 4, 4, list.toString());
    }

    // ---- CloudWatch ----------------------------------------------------------------------------

    /**
     * One {@code AlarmHistoryItem} of DescribeAlarmHistory, a {@code StateUpdate} from {@code from} to
     * {@code to}; its {@code HistoryData} is the JSON document CloudWatch writes (XML-escaped).
     */
    public static String alarmStateUpdate(String alarm, Instant at, String from, String to, String reason) {
        String data = "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"%s\",\"stateReason\":\"Threshold Crossed: no datapoints were received\"},"
                + "\"newState\":{\"stateValue\":\"%s\",\"stateReason\":\"%s\",\"stateReasonData\":{\"version\":\"1.0\","
                + "\"queryDate\":\"%s\",\"statistic\":\"Sum\",\"period\":60,\"recentDatapoints\":[12.0],\"threshold\":5.0}}}";
        data = data.formatted(from, to, reason, at);
        return """
                <member>
                  <AlarmName>%s</AlarmName>
                  <AlarmType>MetricAlarm</AlarmType>
                  <HistoryItemType>StateUpdate</HistoryItemType>
                  <HistorySummary>Alarm updated from %s to %s</HistorySummary>
                  <HistoryData>%s</HistoryData>
                  <Timestamp>%s</Timestamp>
                </member>
                """.formatted(alarm, from, to, xml(data), at);
    }

    /** A DescribeAlarmHistory page; {@code nextToken} null on the last one. */
    public static String describeAlarmHistory(String nextToken, String... items) {
        return queryPage("DescribeAlarmHistory", "http://monitoring.amazonaws.com/doc/2010-08-01/", "AlarmHistoryItems",
                String.join("", items), "NextToken", nextToken);
    }

    /**
     * A Query-protocol response page: {@code <ActionResponse><ActionResult><list>items</list><token/>}, the
     * request id in {@code ResponseMetadata}; {@code token} null on the last page.
     */
    private static String queryPage(String action, String xmlns, String list, String items, String tokenName, String token) {
        return """
                <%1$sResponse xmlns="%2$s">
                  <%1$sResult>
                    <%3$s>
                %4$s    </%3$s>
                %5$s  </%1$sResult>
                  <ResponseMetadata>
                    <RequestId>8d4f4b1a-0c2e-4f6b-9a3d-5e6f7a8b9c0d</RequestId>
                  </ResponseMetadata>
                </%1$sResponse>
                """.formatted(action, xmlns, list, items,
                token == null ? "" : "    <" + tokenName + ">" + token + "</" + tokenName + ">\n");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---- RDS -----------------------------------------------------------------------------------

    /** DescribeDBClusters with one Multi-AZ cluster whose writer is {@code writer}. */
    public static String describeDbClusters(String clusterId, String writer, List<String> readers) {
        String members = "<DBClusterMember><DBInstanceIdentifier>" + writer + "</DBInstanceIdentifier>"
                + "<IsClusterWriter>true</IsClusterWriter><DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus>"
                + "<PromotionTier>1</PromotionTier></DBClusterMember>"
                + readers.stream().map(r -> "<DBClusterMember><DBInstanceIdentifier>" + r + "</DBInstanceIdentifier>"
                        + "<IsClusterWriter>false</IsClusterWriter><DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus>"
                        + "<PromotionTier>1</PromotionTier></DBClusterMember>").collect(Collectors.joining());
        return """
                <DescribeDBClustersResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                  <DescribeDBClustersResult>
                    <DBClusters>
                      <DBCluster>
                        <AllocatedStorage>1</AllocatedStorage>
                        <AvailabilityZones>
                          <AvailabilityZone>eu-west-1a</AvailabilityZone>
                          <AvailabilityZone>eu-west-1b</AvailabilityZone>
                          <AvailabilityZone>eu-west-1c</AvailabilityZone>
                        </AvailabilityZones>
                        <BackupRetentionPeriod>7</BackupRetentionPeriod>
                        <DBClusterIdentifier>%1$s</DBClusterIdentifier>
                        <DBClusterParameterGroup>default.aurora-postgresql16</DBClusterParameterGroup>
                        <DBSubnetGroup>shop-db-subnets</DBSubnetGroup>
                        <Status>available</Status>
                        <Endpoint>%1$s.cluster-c0example.eu-west-1.rds.amazonaws.com</Endpoint>
                        <ReaderEndpoint>%1$s.cluster-ro-c0example.eu-west-1.rds.amazonaws.com</ReaderEndpoint>
                        <MultiAZ>true</MultiAZ>
                        <Engine>aurora-postgresql</Engine>
                        <EngineVersion>16.4</EngineVersion>
                        <Port>5432</Port>
                        <MasterUsername>shop</MasterUsername>
                        <DBClusterMembers>%2$s</DBClusterMembers>
                        <StorageEncrypted>true</StorageEncrypted>
                        <DbClusterResourceId>cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ</DbClusterResourceId>
                        <DBClusterArn>arn:aws:rds:%3$s:%4$s:cluster:%1$s</DBClusterArn>
                        <ClusterCreateTime>2025-11-02T09:12:45.123Z</ClusterCreateTime>
                        <TagList>
                          <Tag><Key>AzImpairmentPower</Key><Value>DisruptRds</Value></Tag>
                        </TagList>
                      </DBCluster>
                    </DBClusters>
                  </DescribeDBClustersResult>
                  <ResponseMetadata>
                    <RequestId>d0b5f0f3-3a5e-4d5e-9a9f-1b2c3d4e5f60</RequestId>
                  </ResponseMetadata>
                </DescribeDBClustersResponse>
                """.formatted(clusterId, members, REGION, ACCOUNT);
    }

    /** One DBInstance element of DescribeDBInstances. */
    /** One {@code Event} of RDS DescribeEvents in category {@code failover}. */
    public static String rdsEvent(String sourceType, String sourceId, Instant at, String message) {
        String arn = "arn:aws:rds:" + REGION + ":" + ACCOUNT + (sourceType.equals("db-cluster") ? ":cluster:" : ":db:") + sourceId;
        return """
                <Event>
                  <Message>%s</Message>
                  <SourceType>%s</SourceType>
                  <EventCategories>
                    <EventCategory>failover</EventCategory>
                  </EventCategories>
                  <Date>%s</Date>
                  <SourceIdentifier>%s</SourceIdentifier>
                  <SourceArn>%s</SourceArn>
                </Event>
                """.formatted(message, sourceType, at, sourceId, arn);
    }

    /** A DescribeEvents page; {@code marker} null on the last one. */
    public static String describeEvents(String marker, String... events) {
        return queryPage("DescribeEvents", "http://rds.amazonaws.com/doc/2014-10-31/", "Events", String.join("", events),
                "Marker", marker);
    }

    public static String dbInstance(String id, String clusterId, String zone) {
        return """
                <DBInstance>
                  <DBInstanceIdentifier>%1$s</DBInstanceIdentifier>
                  <DBInstanceClass>db.r6g.large</DBInstanceClass>
                  <Engine>aurora-postgresql</Engine>
                  <DBInstanceStatus>available</DBInstanceStatus>
                  <Endpoint><Address>%1$s.c0example.eu-west-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>
                  <AvailabilityZone>%3$s</AvailabilityZone>
                  <MultiAZ>false</MultiAZ>
                  %2$s
                  <DBInstanceArn>arn:aws:rds:%4$s:%5$s:db:%1$s</DBInstanceArn>
                  <TagList><Tag><Key>AzImpairmentPower</Key><Value>DisruptRds</Value></Tag></TagList>
                </DBInstance>
                """.formatted(id, clusterId == null ? "" : "<DBClusterIdentifier>" + clusterId + "</DBClusterIdentifier>",
                zone, REGION, ACCOUNT);
    }

    public static String describeDbInstances(String... instances) {
        return """
                <DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                  <DescribeDBInstancesResult>
                    <DBInstances>%s</DBInstances>
                  </DescribeDBInstancesResult>
                  <ResponseMetadata>
                    <RequestId>5e6f7a8b-1c2d-3e4f-5a6b-7c8d9e0f1a2b</RequestId>
                  </ResponseMetadata>
                </DescribeDBInstancesResponse>
                """.formatted(String.join("", instances));
    }

    // ---- EC2 -----------------------------------------------------------------------------------

    /** One subnet {@code item} of DescribeSubnets' {@code subnetSet}, tagged for the AZ power scenario. */
    public static String subnet(String id, String zone, String cidr) {
        return """
                <item>
                  <subnetId>%1$s</subnetId>
                  <subnetArn>arn:aws:ec2:%4$s:%5$s:subnet/%1$s</subnetArn>
                  <state>available</state>
                  <ownerId>%5$s</ownerId>
                  <vpcId>vpc-0a1b2c3d4e5f60000</vpcId>
                  <cidrBlock>%3$s</cidrBlock>
                  <ipv6CidrBlockAssociationSet/>
                  <availableIpAddressCount>247</availableIpAddressCount>
                  <availabilityZone>%2$s</availabilityZone>
                  <availabilityZoneId>euw1-az%6$s</availabilityZoneId>
                  <defaultForAz>false</defaultForAz>
                  <mapPublicIpOnLaunch>false</mapPublicIpOnLaunch>
                  <assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation>
                  <tagSet>
                    <item><key>Name</key><value>shop-private-%2$s</value></item>
                    <item><key>AzImpairmentPower</key><value>DisruptSubnet</value></item>
                  </tagSet>
                </item>
                """.formatted(id, zone, cidr, REGION, ACCOUNT, zone.substring(zone.length() - 1));
    }

    public static String describeSubnets(String... subnets) {
        return """
                <DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                  <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
                  <subnetSet>%s</subnetSet>
                </DescribeSubnetsResponse>
                """.formatted(String.join("", subnets));
    }

    // ---- ELBv2 ---------------------------------------------------------------------------------

    /** DescribeTargetGroups with one ip target group behind {@code loadBalancerArn}. */
    public static String describeTargetGroups(String targetGroupArn, String loadBalancerArn) {
        String name = targetGroupArn.split("/")[1];
        return """
                <DescribeTargetGroupsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
                  <DescribeTargetGroupsResult>
                    <TargetGroups>
                      <member>
                        <TargetGroupArn>%s</TargetGroupArn>
                        <TargetGroupName>%s</TargetGroupName>
                        <Protocol>HTTP</Protocol>
                        <Port>8080</Port>
                        <VpcId>vpc-0a1b2c3d4e5f60000</VpcId>
                        <HealthCheckProtocol>HTTP</HealthCheckProtocol>
                        <HealthCheckPort>traffic-port</HealthCheckPort>
                        <HealthCheckEnabled>true</HealthCheckEnabled>
                        <HealthCheckIntervalSeconds>30</HealthCheckIntervalSeconds>
                        <HealthCheckTimeoutSeconds>5</HealthCheckTimeoutSeconds>
                        <HealthyThresholdCount>5</HealthyThresholdCount>
                        <UnhealthyThresholdCount>2</UnhealthyThresholdCount>
                        <HealthCheckPath>/health/ready</HealthCheckPath>
                        <Matcher><HttpCode>200</HttpCode></Matcher>
                        <LoadBalancerArns>%s</LoadBalancerArns>
                        <TargetType>ip</TargetType>
                        <ProtocolVersion>HTTP1</ProtocolVersion>
                        <IpAddressType>ipv4</IpAddressType>
                      </member>
                    </TargetGroups>
                  </DescribeTargetGroupsResult>
                  <ResponseMetadata>
                    <RequestId>3c4d5e6f-7a8b-9c0d-1e2f-3a4b5c6d7e8f</RequestId>
                  </ResponseMetadata>
                </DescribeTargetGroupsResponse>
                """.formatted(targetGroupArn, name, loadBalancerArn == null ? "" : "<member>" + loadBalancerArn + "</member>");
    }

    /** One {@code member} of DescribeTargetHealth's list: an ip target and its state. */
    public static String targetHealth(String ip, String state) {
        String reason = state.equals("healthy") ? ""
                : "<Reason>Target.FailedHealthChecks</Reason><Description>Health checks failed</Description>";
        return """
                <member>
                  <HealthCheckPort>8080</HealthCheckPort>
                  <TargetHealth><State>%s</State>%s</TargetHealth>
                  <Target><Port>8080</Port><Id>%s</Id></Target>
                </member>
                """.formatted(state, reason, ip);
    }

    public static String describeTargetHealth(String... members) {
        return """
                <DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
                  <DescribeTargetHealthResult>
                    <TargetHealthDescriptions>%s</TargetHealthDescriptions>
                  </DescribeTargetHealthResult>
                  <ResponseMetadata>
                    <RequestId>b2f1a7c4-9e3d-4b6a-8f21-0c5d7e9a1b3c</RequestId>
                  </ResponseMetadata>
                </DescribeTargetHealthResponse>
                """.formatted(String.join("", members));
    }

    // ---- Route 53 (REST-XML) -------------------------------------------------------------------

    /** The path GetHealthCheckStatus asks for one health check. */
    public static String healthCheckStatusPath(String healthCheckId) {
        return "/2013-04-01/healthcheck/" + healthCheckId + "/status";
    }

    /** The path TestDNSAnswer is asked on (its parameters are in the query string). */
    public static final String TEST_DNS_ANSWER_PATH = "/2013-04-01/testdnsanswer";

    /**
     * GetHealthCheckStatus's documented response: one observation per health checker, {@code succeeding}
     * of them reporting success and {@code failing} a timeout.
     */
    public static String healthCheckStatus(int succeeding, int failing) {
        String[] regions = {"us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2",
                "ap-northeast-1", "sa-east-1"};
        StringBuilder observations = new StringBuilder();
        for (int i = 0; i < succeeding + failing; i++) {
            String status = i < succeeding ? "Success: HTTP Status Code 200, OK"
                    : "Failure: Connection timed out. The endpoint or the internet connection is down, or requests are being blocked by your firewall.";
            observations.append("""
                    <HealthCheckObservation>
                      <Region>%s</Region>
                      <IPAddress>15.177.%d.%d</IPAddress>
                      <StatusReport><Status>%s</Status><CheckedTime>2026-11-23T12:00:%02d.000Z</CheckedTime></StatusReport>
                    </HealthCheckObservation>
                    """.formatted(regions[i % regions.length], i / 8 + 2, i % 8 + 10, status, i % 60));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <GetHealthCheckStatusResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                  <HealthCheckObservations>%s</HealthCheckObservations>
                </GetHealthCheckStatusResponse>
                """.formatted(observations);
    }

    /** TestDNSAnswer's documented response: the values a Route 53 name server answered for the record. */
    public static String testDnsAnswer(String recordName, String type, String... values) {
        StringBuilder data = new StringBuilder();
        for (String value : values) {
            data.append("<RecordDataEntry>").append(value).append("</RecordDataEntry>");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <TestDNSAnswerResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                  <Nameserver>ns-1203.awsdns-22.org</Nameserver>
                  <RecordName>%s</RecordName>
                  <RecordType>%s</RecordType>
                  <RecordData>%s</RecordData>
                  <ResponseCode>NOERROR</ResponseCode>
                  <Protocol>UDP</Protocol>
                </TestDNSAnswerResponse>
                """.formatted(recordName, type, data);
    }
}
