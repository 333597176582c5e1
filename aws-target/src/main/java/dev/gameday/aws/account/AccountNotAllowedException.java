package dev.gameday.aws.account;

import java.util.List;

/**
 * The credentials belong to an account the target file does not allow: the game day is refused
 * before anything is looked up or started. The message names both the account found and the
 * accounts allowed, and the file that allows them.
 */
public final class AccountNotAllowedException extends IllegalStateException {

    private final CallerIdentity identity;
    private final List<String> allowed;

    public AccountNotAllowedException(CallerIdentity identity, List<String> allowed, String file) {
        super("refusing to play in account " + identity.account() + " (credentials: " + identity.arn() + "): "
                + file + " allows only " + String.join(", ", allowed)
                + ". Switch credentials (AWS_PROFILE) or add the account to allowedAccounts if it is really meant.");
        this.identity = identity;
        this.allowed = List.copyOf(allowed);
    }

    /** Who the credentials belong to. */
    public CallerIdentity identity() {
        return identity;
    }

    /** The accounts the target file allows. */
    public List<String> allowed() {
        return allowed;
    }
}
