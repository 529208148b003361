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
 * {@code secret:projects/P/secrets/S/versions/V} (Google Secret Manager) or {@code none}.
 *
 * <p>Only the reference travels through pipeline options, command lines and logs; the value is
 * resolved at connect time on the machine that connects.
 */
public final class SecretRef implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final SecretRef NONE = new SecretRef("none", "");

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
    return isNone() ? "none" : kind + ":" + location;
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
