package dev.krr.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies so a receiver can tell they come from krr and are fresh: the signature is
 * {@code v1=} + hex(HMAC-SHA256(secret, timestamp + "." + body)), with the timestamp in Unix
 * seconds sent alongside. Binding the timestamp stops replays of an old body outside the
 * receiver's tolerance window (e.g. 5 minutes).
 *
 * <p>Example: secret {@code s3cret}, timestamp {@code 1700000000}, body {@code {}}: the MAC input
 * is the 13 bytes {@code 1700000000.{}}.
 */
public final class WebhookSigner {

    public static final String SCHEME = "v1=";

    /** The signature header value for {@code body} sent at {@code epochSeconds}. */
    public String sign(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return SCHEME + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable: " + e.getMessage(), e);
        }
    }

    /** Constant-time check of a received signature, as a receiver would do it. */
    public boolean verify(String secret, long epochSeconds, byte[] body, String signature) {
        byte[] expected = sign(secret, epochSeconds, body).getBytes(StandardCharsets.UTF_8);
        return signature != null && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }
}
