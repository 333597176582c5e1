package dev.gameday.aws.account;

/**
 * Who the harness's credentials belong to, as STS {@code GetCallerIdentity} says.
 *
 * @param account the 12-digit account id
 * @param arn     the calling principal's ARN (an assumed role, a user…)
 * @param userId  the principal's unique id
 */
public record CallerIdentity(String account, String arn, String userId) {
}
