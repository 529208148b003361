package io.martflow.warehouse;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads a Google Secret Manager secret version ({@code projects/P/secrets/S/versions/V}) with the
 * machine's Application Default Credentials: on Dataflow the worker service account, on Composer
 * the environment's, on a laptop the gcloud login. That principal needs
 * {@code roles/secretmanager.secretAccessor} on the secret.
 *
 * <p>Each secret version is fetched once per JVM and kept in memory: a Dataflow worker opens a
 * connection per key range and per writer shard, and must not call the API for each. A rotated
 * password ({@code versions/latest}) is therefore picked up by the next job, not by a running one.
 * Neither the value nor a part of it ever appears in an exception or a log line.
 */
final class SecretManagerAccess {
  private static final ConcurrentMap<String, String> CACHE = new ConcurrentHashMap<>();

  private SecretManagerAccess() {}

  static String read(String resourceName) {
    requireVersionName(resourceName);
    return CACHE.computeIfAbsent(resourceName, name -> {
      try {
        return fetch(name, SecretManagerServiceSettings.newBuilder().build());
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the Secret Manager client: " + e.getMessage(), e);
      }
    });
  }

  /** One uncached read through the given client settings (tests point them at a local server). */
  static String fetch(String resourceName, SecretManagerServiceSettings settings) throws IOException {
    requireVersionName(resourceName);
    try (SecretManagerServiceClient client = SecretManagerServiceClient.create(settings)) {
      AccessSecretVersionResponse response = client.accessSecretVersion(resourceName);
      return withoutLineEnd(response.getPayload().getData().toStringUtf8());
    } catch (ApiException e) {
      throw new IllegalStateException("cannot read Secret Manager secret " + resourceName + ": "
          + e.getStatusCode().getCode() + " (does it exist, and may this service account access it?"
          + " it needs roles/secretmanager.secretAccessor)", e);
    }
  }

  static void requireVersionName(String resourceName) {
    if (resourceName == null || !SecretRef.SECRET_VERSION.matcher(resourceName).matches()) {
      throw new IllegalArgumentException("a Secret Manager reference must be projects/PROJECT/secrets/SECRET/versions/"
          + "VERSION (a number or latest), not '" + resourceName + "'");
    }
  }

  /** A secret written with `echo ... | gcloud secrets versions add --data-file=-` ends in a newline. */
  static String withoutLineEnd(String value) {
    int end = value.length();
    while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
      end--;
    }
    return value.substring(0, end);
  }
}
