package dev.gameday.shop.account;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * The RS256 key pair all tasks share: the first task to start creates it (under the migration
 * lock) and stores it in the database; every other task loads it. Keeping a private key in the
 * application database is fine for a test shop; a real one would use a KMS or Cognito.
 */
public final class SigningKeys {

    private SigningKeys() {
    }

    /** Loads the shared key, creating it if this is the first task ever; the caller holds the lock. */
    public static RSAKey loadOrCreate(Connection c) throws Exception {
        RSAKey existing = load(c);
        if (existing != null) {
            return existing;
        }
        RSAKey key = new RSAKeyGenerator(2048)
                .keyID(UUID.randomUUID().toString())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO signing_keys (kid, jwk) VALUES (?, ?)")) {
            ps.setString(1, key.getKeyID());
            ps.setString(2, key.toJSONString());
            ps.executeUpdate();
        }
        return key;
    }

    private static RSAKey load(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT jwk FROM signing_keys ORDER BY created_at, kid LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? RSAKey.parse(rs.getString(1)) : null;
        }
    }
}
