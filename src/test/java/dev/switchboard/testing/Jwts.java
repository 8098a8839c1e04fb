package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Hand-made JWTs, for tokens the gateway's own issuer would never produce. */
public final class Jwts {

  private Jwts() {
  }

  /** An HS256-signed token with exactly these claims. */
  public static String hs256(JsonObject claims, String secret) {
    String signingInput = unsigned("HS256", claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Header and claims without a signature; with alg "none" plus a trailing dot it is an unsigned JWT. */
  public static String unsigned(String alg, JsonObject claims) {
    return b64(new JsonObject().put("alg", alg).put("typ", "JWT").encode()) + "." + b64(claims.encode());
  }

  /** An RS256-signed token naming key {@code kid}, for user 7 as an agent, from issuer {@code idp} to {@code switchboard}. */
  public static String rs256(KeyPair pair, String kid) {
    JsonObject claims = new JsonObject().put("sub", "7").put("name", "Ana").put("role", "agent").put("iss", "idp")
      .put("aud", "switchboard").put("exp", System.currentTimeMillis() / 1000 + 300);
    String signingInput = b64(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid).encode())
      + "." + b64(claims.encode());
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(pair.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public half of {@code pair} as a JWK with key id {@code kid}, as an identity provider lists it. */
  public static JsonObject rsaJwk(KeyPair pair, String kid) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("alg", "RS256").put("use", "sig")
      .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
  }

  /** A fresh 2048-bit RSA key pair. */
  public static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWK number: big-endian, base64url, without the sign byte. */
  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
