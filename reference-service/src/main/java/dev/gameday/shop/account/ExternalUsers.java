package dev.gameday.shop.account;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gameday.shop.db.ShopDataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shop users for identities issued elsewhere (a Cognito user pool on AWS): a token's subject is
 * an opaque id there (a UUID for Cognito), so the first request with a new subject creates a shop
 * user for it and later ones find that user. Identities are never linked to existing accounts by
 * email — whoever controls an external account could otherwise take over a local one.
 */
public final class ExternalUsers {

    private final ShopDataSource db;
    // Subjects never change user, so a found mapping can be kept for the task's life.
    private final Map<String, Long> known = new ConcurrentHashMap<>();

    public ExternalUsers(ShopDataSource db) {
        this.db = db;
    }

    /** The shop user id for the token's subject, created on first use. */
    public long userIdFor(JWTClaimsSet claims) throws Exception {
        String subject = claims.getSubject();
        Long id = known.get(subject);
        if (id == null) {
            id = findOrCreate(subject, displayName(claims));
            known.put(subject, id);
        }
        return id;
    }

    private long findOrCreate(String subject, String name) throws Exception {
        return db.withConnection(c -> {
            // Insert-or-nothing, then read: two tasks racing on one new subject create one user.
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO users (email, name, password_hash, external_subject) VALUES (?, ?, NULL, ?) "
                            + "ON CONFLICT (external_subject) DO NOTHING")) {
                // The email column is unique and required; an external user's is a name no local
                // registration can take (a registered email always has an '@', this one never does).
                insert.setString(1, "external:" + subject);
                insert.setString(2, name);
                insert.setString(3, subject);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT id FROM users WHERE external_subject = ?")) {
                select.setString(1, subject);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static String displayName(JWTClaimsSet claims) throws Exception {
        // ID tokens carry name/email; Cognito access tokens only username.
        for (String claim : new String[] {"name", "email", "cognito:username", "username"}) {
            String value = claims.getStringClaim(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return claims.getSubject();
    }
}
