package io.martflow.io.sources;

import io.martflow.warehouse.SecretRef;
import java.io.Serializable;
import java.util.Map;

/**
 * A JSON-over-HTTP source: the endpoint, where the records are in a page ({@code recordsPath},
 * dotted; empty: the body is the array), pagination, optional window parameters, authentication,
 * retries and an optional rate limit.
 */
public record HttpSpec(
    String url,
    Map<String, String> params,
    String recordsPath,
    Pagination pagination,
    String windowStartParam,
    String windowEndParam,
    SecretRef bearerToken,
    int attempts,
    long backoffMillis,
    long maxBackoffMillis,
    long timeoutMillis,
    double requestsPerSecond,
    int maxPages) implements Serializable {

  public HttpSpec {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  /** none: one request; page: page numbers until a short page; cursor: follow the next cursor. */
  public enum PaginationType { NONE, PAGE, CURSOR }

  public record Pagination(PaginationType type, String pageParam, String sizeParam, int pageSize, int firstPage,
      String cursorParam, String nextCursorPath) implements Serializable {
    public static final Pagination NONE = new Pagination(PaginationType.NONE, null, null, 0, 0, null, null);
  }
}
