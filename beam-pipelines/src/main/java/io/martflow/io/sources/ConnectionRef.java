package io.martflow.io.sources;

import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.SecretRef;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A JDBC source's connection as the mapping names it: the URL (or the environment variable holding
 * it), the user, and where the password is (an environment variable, a file, a Secret Manager
 * version). Never a password.
 */
public record ConnectionRef(String url, String urlEnv, String user, String userEnv, String passwordEnv,
    String passwordFile, String passwordSecret) implements Serializable {

  /** Refuses URLs that carry credentials: they belong in password_env. */
  static void checkUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.matches(".*[?&;](password|pwd|passwd)=.*")) {
      throw new IllegalArgumentException("the URL carries a password; give it by environment variable instead"
          + " (password_env: VARIABLE)");
    }
    if (lower.matches("^(jdbc:)?postgres(ql)?://[^/@]*@.*")) {
      throw new IllegalArgumentException("the URL carries a user or password (user@host); give user: and"
          + " password_env: instead");
    }
  }

  /** The connection, with URL and user taken from {@code env} where the mapping names variables. */
  public ConnectionSpec resolve(Map<String, String> env) {
    String u = url;
    if (urlEnv != null) {
      u = env.get(urlEnv);
      if (u == null || u.isBlank()) {
        throw new IllegalArgumentException("environment variable " + urlEnv + " (url_env) is not set");
      }
      checkUrl(u.trim());
    }
    String who = user;
    if (userEnv != null) {
      who = env.get(userEnv);
      if (who == null || who.isBlank()) {
        throw new IllegalArgumentException("environment variable " + userEnv + " (user_env) is not set");
      }
    }
    SecretRef password = passwordEnv != null ? SecretRef.env(passwordEnv)
        : passwordFile != null ? SecretRef.file(passwordFile)
        : passwordSecret != null ? SecretRef.secretManager(passwordSecret)
        : SecretRef.NONE;
    return new ConnectionSpec(Objects.requireNonNull(u, "url").trim(), who == null ? null : who.trim(), password);
  }

  /** For messages: where the connection comes from, never a secret. */
  public String describe() {
    return (url != null ? url : "$" + urlEnv) + (user != null ? " as " + user : userEnv != null ? " as $" + userEnv : "");
  }
}
