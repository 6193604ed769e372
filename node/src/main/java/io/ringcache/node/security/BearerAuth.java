package io.ringcache.node.security;

import io.ringcache.node.config.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code authorization: Bearer <token>} headers against the configured token. Both
 * sides are hashed first and compared with {@link MessageDigest#isEqual}, so the time a check
 * takes says nothing about how much of a guess was right, nor about the token's length.
 * With no token configured every request is allowed.
 */
public final class BearerAuth {

    private static final String SCHEME = "bearer ";

    private final byte[] expectedDigest;

    public BearerAuth(Secret token) {
        this.expectedDigest = token.isEmpty() ? null : sha256(token.reveal());
    }

    /** Whether a token is required at all. */
    public boolean enabled() {
        return expectedDigest != null;
    }

    /** Whether a request carrying this {@code authorization} header value (null if absent) may proceed. */
    public boolean allows(String authorization) {
        if (expectedDigest == null) {
            return true;
        }
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(SCHEME.length()).trim()));
    }

    /** Whether {@code token} itself (as RESP's AUTH sends it, no scheme) is the configured token. */
    public boolean acceptsToken(byte[] token) {
        return expectedDigest == null || MessageDigest.isEqual(expectedDigest, sha256(token));
    }

    private static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
