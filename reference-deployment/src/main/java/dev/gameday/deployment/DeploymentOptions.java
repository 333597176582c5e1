package dev.gameday.deployment;

import software.constructs.Node;

import java.util.Locale;

/**
 * What is chosen when the template is synthesized (CDK context, {@code -c key=value} or
 * {@code cdk.json}), as opposed to what is chosen when it is deployed (the template's CloudFormation
 * parameters: image, NAT gateways, task counts, Route 53). The committed template is the defaults.
 *
 * @param database the database kind: a Multi-AZ DB cluster (default) or a Multi-AZ DB instance
 * @param cognito  whether a Cognito user pool is created and the shop trusts its tokens
 */
public record DeploymentOptions(Database database, boolean cognito) {

    /** The database the stack builds. */
    public enum Database {
        /** An Aurora PostgreSQL cluster: a writer and a reader in another zone; FIS {@code aws:rds:failover-db-cluster}. */
        CLUSTER,
        /** A Multi-AZ RDS for PostgreSQL instance with its standby; FIS {@code aws:rds:reboot-db-instances}. */
        INSTANCE
    }

    /** The options of the committed template. */
    public static DeploymentOptions defaults() {
        return new DeploymentOptions(Database.CLUSTER, false);
    }

    /** Reads {@code database} ({@code cluster}|{@code instance}) and {@code cognito} ({@code true}|{@code false}) from the app's context. */
    public static DeploymentOptions fromContext(Node node) {
        Object database = node.tryGetContext("database");
        Object cognito = node.tryGetContext("cognito");
        Database kind;
        try {
            kind = database == null ? Database.CLUSTER : Database.valueOf(database.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("context 'database' must be 'cluster' or 'instance', was '" + database + "'");
        }
        return new DeploymentOptions(kind, cognito != null && Boolean.parseBoolean(cognito.toString()));
    }
}
