package io.martflow.warehouse;

/** Reads a Google Secret Manager secret version. Wired to the client library in production builds. */
final class SecretManagerAccess {
  private SecretManagerAccess() {}

  static String read(String resourceName) {
    throw new UnsupportedOperationException(
        "Secret Manager references need the Google Cloud Secret Manager client: " + resourceName);
  }
}
