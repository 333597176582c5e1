package dev.gameday.aws.target;

import software.amazon.awssdk.services.fis.FisClient;

/** Reaches into an {@link AwsTarget} for tests of this package. */
final class AwsTargetTestAccess {

    private AwsTargetTestAccess() {
    }

    static FisClient fis(AwsTarget target) {
        return target.clients().fis();
    }
}
