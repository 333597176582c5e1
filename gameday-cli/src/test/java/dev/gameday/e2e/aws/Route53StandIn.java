package dev.gameday.e2e.aws;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.gameday.aws.standin.AwsStandIn;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * Route 53 as its API reference documents it (REST-XML), for a failover record in front of the
 * shop: while FIS's stand-in has the fault on, the primary's health check fails at every checker
 * and {@code TestDNSAnswer} answers the standby's address; otherwise all is healthy and the record
 * answers the primary.
 */
public final class Route53StandIn implements ResponseDefinitionTransformerV2 {

    static final String NAME = "route53-failover";
    static final String PRIMARY = "203.0.113.10";
    static final String STANDBY = "198.51.100.20";

    private final FisStandIn fis;

    Route53StandIn(FisStandIn fis) {
        this.fis = fis;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        boolean faultOn = fis.faultOn();
        String body;
        if (serveEvent.getRequest().getUrl().startsWith(AwsStandIn.TEST_DNS_ANSWER_PATH)) {
            String record = serveEvent.getRequest().queryParameter("recordname").firstValue();
            String type = serveEvent.getRequest().queryParameter("recordtype").firstValue();
            body = AwsStandIn.testDnsAnswer(record + ".", type, faultOn ? STANDBY : PRIMARY);
        } else {
            body = faultOn ? AwsStandIn.healthCheckStatus(0, 8) : AwsStandIn.healthCheckStatus(8, 0);
        }
        return responseDefinition().withStatus(200).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "2b3c4d5e-6f70-4a81-92a3-b4c5d6e7f809").withBody(body).build();
    }
}
