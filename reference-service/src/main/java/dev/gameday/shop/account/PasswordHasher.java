package dev.gameday.shop.account;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and checks passwords with the JDK's PBKDF2-HMAC-SHA256, stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}.
 */
public final class PasswordHasher {

    /**
     * Deliberately modest. OWASP asks for 600,000 iterations for real credentials; at that cost
     * one login burns ~0.3 s of CPU and a game day driving logins on a two-core task would measure
     * the hash, not the shop. These are throw-away shopper accounts, so the load profile wins.
     */
    static final int ITERATIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A hash no password matches (of random bytes nobody keeps), at the same cost as a real one:
     * a login for an unknown email is checked against it, so it takes as long as a wrong password
     * and the answer's timing does not tell which emails are registered.
     */
    public static final String UNUSABLE = hash(randomSecret());

    private PasswordHasher() {
    }

    private static String randomSecret() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    public static boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}
