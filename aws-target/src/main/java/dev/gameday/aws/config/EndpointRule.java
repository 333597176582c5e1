package dev.gameday.aws.config;

import dev.gameday.core.net.Loopback;

import java.net.URI;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an {@code endpoints:} override may point at, so that the account check cannot be fooled and
 * signed requests never travel in clear:
 * <ul>
 *   <li>a plain {@code http} URL only on the loopback interface (a stand-in on this machine);</li>
 *   <li>{@code sts} elsewhere than AWS (a stand-in answering GetCallerIdentity) only when every other
 *       service the target calls is stood in too, none of them at AWS: otherwise a stub could vouch
 *       for an allowed account while FIS acts with real credentials wherever they belong. An
 *       {@code https} override of {@code sts} at an AWS host (a VPC endpoint) is the real STS.</li>
 * </ul>
 */
public final class EndpointRule {

    /** Hosts AWS owns: VPC endpoints and regional endpoints of the commercial and China partitions. */
    private static final Pattern AWS_HOST = Pattern.compile("(.+\\.)?(amazonaws\\.com|amazonaws\\.com\\.cn|api\\.aws)");

    /** One override the rule refuses: the service whose entry is wrong, and why. */
    public record Refusal(AwsService service, String reason) {
    }

    private EndpointRule() {
    }

    /**
     * The first override the rule refuses, if any.
     *
     * @param endpoints the overrides, by service
     * @param used      the services the target calls (Route 53 only with a {@code route53:} block)
     */
    public static Optional<Refusal> check(Map<AwsService, URI> endpoints, Set<AwsService> used) {
        for (Map.Entry<AwsService, URI> e : endpoints.entrySet()) {
            URI uri = e.getValue();
            if (Loopback.isCleartextOffHost(uri)) {
                return Optional.of(new Refusal(e.getKey(), "plain http is only accepted on the loopback interface"
                        + " (127.0.0.1, ::1, localhost): signed requests and answers would cross the network in clear;"
                        + " use https, was '" + uri + "'"));
            }
        }
        URI sts = endpoints.get(AwsService.STS);
        if (sts == null || isAwsHost(sts)) {
            return Optional.empty();
        }
        EnumSet<AwsService> missing = EnumSet.noneOf(AwsService.class);
        for (AwsService service : used) {
            URI override = endpoints.get(service);
            if (override == null) {
                missing.add(service);
            } else if (isAwsHost(override)) {
                return Optional.of(new Refusal(service, "points at AWS (" + override.getHost() + ") while sts is a stand-in ("
                        + sts + "): the account check would ask the stand-in while " + service.key()
                        + " acts in a real account; stand in every service, or none"));
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of(new Refusal(AwsService.STS, "sts is overridden to a stand-in (" + sts + "), but "
                    + String.join(", ", missing.stream().map(AwsService::key).toList())
                    + " would still go to AWS: the account check would ask the stand-in while the real calls act"
                    + " with real credentials; override every service the target uses (a whole stand-in),"
                    + " or point sts at an AWS (VPC) endpoint over https"));
        }
        return Optional.empty();
    }

    private static boolean isAwsHost(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                && AWS_HOST.matcher(uri.getHost().toLowerCase(Locale.ROOT)).matches();
    }
}
