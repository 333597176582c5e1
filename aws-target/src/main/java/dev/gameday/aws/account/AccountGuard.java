package dev.gameday.aws.account;

import dev.gameday.core.event.EventLog;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The first thing the {@code aws} target does: asks STS whose credentials it holds
 * ({@code GetCallerIdentity}, which needs no permission and cannot be denied by a policy) and
 * refuses an account the target file does not allow, before any other call is made.
 */
public final class AccountGuard {

    /** The {@code source} of the events the guard records. */
    public static final String EVENT_SOURCE = "aws";

    private final StsClient sts;
    private final EventLog events;

    public AccountGuard(StsClient sts, EventLog events) {
        this.sts = Objects.requireNonNull(sts, "sts");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * The caller's identity when its account is in {@code allowed}; records {@code account.verified}
     * or {@code account.refused}.
     *
     * @param file the target file that allows them (named in the refusal)
     * @throws AccountNotAllowedException when the account is not allowed
     * @throws IllegalArgumentException   when {@code allowed} is empty: a target without an allow-list is never played
     */
    public CallerIdentity verify(List<String> allowed, String file) {
        if (allowed == null || allowed.isEmpty()) {
            throw new IllegalArgumentException(file + ": no allowedAccounts: refusing to play in an account nobody allowed");
        }
        GetCallerIdentityResponse response = sts.getCallerIdentity();
        CallerIdentity identity = new CallerIdentity(response.account(), response.arn(), response.userId());
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("account", identity.account());
        attrs.put("arn", identity.arn());
        attrs.put("allowed", String.join(",", allowed));
        if (!allowed.contains(identity.account())) {
            events.emit(EVENT_SOURCE, "account.refused", attrs);
            throw new AccountNotAllowedException(identity, allowed, file);
        }
        events.emit(EVENT_SOURCE, "account.verified", attrs);
        return identity;
    }
}
