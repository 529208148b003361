package io.martflow.warehouse;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a password comes from, never the password itself: {@code env:NAME}, {@code file:/path},
 * {@code secret:projects/P/secrets/S/versions/V} (Google Secret Manager), {@code iam} (Cloud SQL
 * IAM database authentication: no password exists) or {@code none}.
 *
 * <p>Only the reference travels through pipeline options, command lines and logs; the value is
 * resolved at connect time on the machine that connects.
 */
public final class SecretRef implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final SecretRef NONE = new SecretRef("none", "");
  /**
   * Cloud SQL IAM database authentication: the Cloud SQL socket factory logs in with an OAuth token
   * of the machine's service account. PostgreSQL's driver still insists on a non-empty password
   * property, so this reference resolves to a fixed placeholder that the connector ignores.
   */
  public static final SecretRef IAM = new SecretRef("iam", "");
  static final String IAM_PLACEHOLDER = "cloud-sql-iam-auth";
  /** A Secret Manager secret version: projects/P/secrets/S/versions/(N|latest). */
  public static final java.util.regex.Pattern SECRET_VERSION =
      java.util.regex.Pattern.compile("projects/([a-z][-a-z0-9]{4,28}[a-z0-9]|[0-9]{1,20})/secrets/[A-Za-z0-9_-]{1,255}/versions/([1-9][0-9]*|latest)");

  private final String kind;
  private final String location;

  private SecretRef(String kind, String location) {
    this.kind = kind;
    this.location = location;
  }

  public static SecretRef env(String variable) {
    return new SecretRef("env", variable);
  }

  public static SecretRef file(String path) {
    return new SecretRef("file", path);
  }

  public static SecretRef secretManager(String resourceName) {
    return new SecretRef("secret", resourceName);
  }

  /** Parses {@code kind:location}; a blank or {@code none} reference means no password. */
  public static SecretRef parse(String text) {
    if (text == null || text.isBlank() || text.equals("none")) {
      return NONE;
    }
    if (text.equals("iam")) {
      return IAM;
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "password reference must be env:NAME, file:/path or secret:projects/.../versions/...,"
              + " not '" + text + "'");
    }
    String kind = text.substring(0, colon);
    String location = text.substring(colon + 1);
    if (!kind.equals("env") && !kind.equals("file") && !kind.equals("secret")) {
      throw new IllegalArgumentException("unknown password reference kind '" + kind + "'");
    }
    return new SecretRef(kind, location);
  }

  public boolean isNone() {
    return kind.equals("none");
  }

  public String kind() {
    return kind;
  }

  public String location() {
    return location;
  }

  /** The password, or null when there is none. */
  public String resolve(Map<String, String> environment) {
    switch (kind) {
      case "none":
        return null;
      case "iam":
        return IAM_PLACEHOLDER;
      case "env":
        return environment.get(location);
      case "file":
        try {
          return Files.readString(Path.of(location), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new IllegalStateException("cannot read password file " + location + ": " + e.getMessage(), e);
        }
      case "secret":
        return SecretManagerAccess.read(location);
      default:
        throw new IllegalStateException("unknown password reference kind " + kind);
    }
  }

  public String resolve() {
    return resolve(System.getenv());
  }

  @Override
  public String toString() {
    return isNone() || kind.equals("iam") ? kind : kind + ":" + location;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretRef other && kind.equals(other.kind) && location.equals(other.location);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, location);
  }
}
