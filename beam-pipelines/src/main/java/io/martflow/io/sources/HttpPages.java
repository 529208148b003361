package io.martflow.io.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON endpoint page by page: page numbers until a short page, or a cursor until the page
 * gives none. Each request is retried on a timeout, a connection failure, 429 and 5xx, with
 * exponential backoff (backoff_ms, doubled per attempt, at most max_backoff_ms; a Retry-After
 * header within that bound is honoured); other statuses fail the read at once. An optional rate
 * limit spaces requests. A bearer token is read from where the mapping says, at request time.
 */
public final class HttpPages {
  // NaN and Infinity (which Python's json module writes) are read, so that the one record holding
  // them is rejected as INVALID_NUMBER instead of the whole page failing as not JSON.
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  /**
   * Stands for bytes of a page that are not UTF-8 (a noncharacter, which no JSON text needs): a
   * record holding it is rejected as ENCODING_ERROR, the rest of the page is read.
   */
  static final char UNDECODABLE = '\uFFFF';

  /** How the pager waits (the tests' clock can be faster); the default sleeps. */
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  public static final Sleeper SLEEP = Thread::sleep;

  /**
   * One element of a page: a record (flattened to dotted paths) or one that is not a JSON object
   * ({@code invalid}, its JSON text), or a record whose text was not valid UTF-8 ({@code undecodable}).
   */
  public record Element(int page, int index, Map<String, Object> record, String invalid, boolean undecodable) {
    public Element(int page, int index, Map<String, Object> record, String invalid) {
      this(page, index, record, invalid, false);
    }

    public String locator() {
      return "page:" + page + ":" + index;
    }
  }

  /** A request that could not be completed. */
  public static final class HttpSourceException extends IOException {
    private static final long serialVersionUID = 1L;

    HttpSourceException(String message) {
      super(message);
    }
  }

  private final SourceSpec source;
  private final HttpSpec spec;
  private final Sleeper sleeper;
  private final HttpClient client;
  private long lastRequestNanos;
  private int requests;

  public HttpPages(SourceSpec source, Sleeper sleeper) {
    this.source = source;
    this.spec = source.http();
    this.sleeper = sleeper;
    // HTTP/1.1: the h2c upgrade the client attempts on plain http stalls some servers (measured:
    // the JDK's own HttpServer answered each upgraded request seconds late).
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(spec.timeoutMillis()))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** Requests sent so far, retries included. */
  public int requests() {
    return requests;
  }

  /**
   * Every element of every page.
   *
   * @param windowStart sent as the window start parameter when the mapping names one (null: not sent)
   * @param maxPages stop after this many pages (a sample for `sources validate`)
   */
  public List<Element> readAll(Instant windowStart, Instant windowEnd, int maxPages) throws IOException,
      InterruptedException {
    List<Element> out = new ArrayList<>();
    HttpSpec.Pagination p = spec.pagination();
    int pageNo = p.firstPage();
    String cursor = null;
    int limit = Math.min(maxPages, spec.maxPages());
    for (int page = 1; page <= limit; page++) {
      Map<String, String> params = new LinkedHashMap<>(spec.params());
      if (windowStart != null && spec.windowStartParam() != null) {
        params.put(spec.windowStartParam(), windowStart.toString());
      }
      if (windowEnd != null && spec.windowEndParam() != null) {
        params.put(spec.windowEndParam(), windowEnd.toString());
      }
      switch (p.type()) {
        case PAGE -> {
          params.put(p.pageParam(), Integer.toString(pageNo));
          params.put(p.sizeParam(), Integer.toString(p.pageSize()));
        }
        case CURSOR -> {
          if (cursor != null) {
            params.put(p.cursorParam(), cursor);
          }
          if (p.sizeParam() != null && p.pageSize() > 0) {
            params.put(p.sizeParam(), Integer.toString(p.pageSize()));
          }
        }
        default -> { }
      }
      URI uri = uri(params);
      Fetched fetched = fetch(uri, page);
      JsonNode body = fetched.body();
      JsonNode records = at(body, spec.recordsPath());
      if (records == null || !records.isArray()) {
        throw new HttpSourceException(source.name() + ": page " + page + " (" + uri + ") has no array at '"
            + (spec.recordsPath().isEmpty() ? "(the body)" : spec.recordsPath()) + "'");
      }
      int index = 0;
      for (JsonNode r : records) {
        if (r.isObject() && fetched.undecodable() && r.toString().indexOf(UNDECODABLE) >= 0) {
          out.add(new Element(page, index, null, r.toString().replace(UNDECODABLE, '\uFFFD'), true));
        } else if (r.isObject()) {
          Map<String, Object> flat = new LinkedHashMap<>();
          flatten("", r, flat);
          out.add(new Element(page, index, flat, null));
        } else {
          out.add(new Element(page, index, null, r.toString()));
        }
        index++;
      }
      switch (p.type()) {
        case NONE -> {
          return out;
        }
        case PAGE -> {
          if (records.size() < p.pageSize()) {
            return out;
          }
          pageNo++;
        }
        case CURSOR -> {
          JsonNode next = at(body, p.nextCursorPath());
          if (next == null || next.isNull() || next.asText().isEmpty()) {
            return out;
          }
          cursor = next.asText();
        }
        default -> throw new IllegalStateException();
      }
    }
    if (maxPages >= spec.maxPages()) {
      throw new HttpSourceException(source.name() + ": more than max_pages " + spec.maxPages() + " pages; raise"
          + " max_pages if the endpoint really has that many");
    }
    return out;
  }

  private URI uri(Map<String, String> params) {
    StringBuilder sb = new StringBuilder(spec.url());
    char sep = spec.url().contains("?") ? '&' : '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return URI.create(sb.toString());
  }

  /** A page's JSON, and whether some of its bytes were not UTF-8. */
  private record Fetched(JsonNode body, boolean undecodable) {}

  private Fetched fetch(URI uri, int page) throws IOException, InterruptedException {
    String lastProblem = null;
    for (int attempt = 1; attempt <= spec.attempts(); attempt++) {
      pace();
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMillis(spec.timeoutMillis()))
          .header("Accept", "application/json");
      String token = spec.bearerToken().resolve();
      if (token != null && !token.isEmpty()) {
        request.header("Authorization", "Bearer " + token);
      }
      long retryAfter = -1;
      requests++;
      try {
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          try {
            Text text = decode(response.body());
            return new Fetched(JSON.readTree(text.text()), text.undecodable());
          } catch (IOException e) {
            throw new HttpSourceException(source.name() + ": page " + page + " (" + uri + ") is not JSON: "
                + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
          }
        }
        if (status != 429 && status < 500) {
          throw new HttpSourceException(source.name() + ": GET " + uri + " answered " + status
              + (status == 401 || status == 403 ? " (check the bearer token the mapping's auth names)" : ""));
        }
        lastProblem = "status " + status;
        retryAfter = response.headers().firstValue("Retry-After").map(HttpPages::seconds).orElse(-1L);
      } catch (HttpSourceException e) {
        throw e;
      } catch (IOException e) {
        lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      if (attempt < spec.attempts()) {
        long backoff = Math.min(spec.maxBackoffMillis(), spec.backoffMillis() << Math.min(20, attempt - 1));
        if (retryAfter >= 0) {
          backoff = Math.min(spec.maxBackoffMillis(), Math.max(backoff, retryAfter * 1000));
        }
        sleeper.sleep(backoff);
      }
    }
    throw new HttpSourceException(source.name() + ": GET " + uri + " failed after " + spec.attempts()
        + " attempt(s): " + lastProblem);
  }

  /** A body as text, and whether some of its bytes were not UTF-8 (they became {@link #UNDECODABLE}). */
  record Text(String text, boolean undecodable) {}

  /** UTF-8 text of a body; bytes that are not UTF-8 become {@link #UNDECODABLE}. */
  static Text decode(byte[] body) {
    try {
      return new Text(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString(), false);
    } catch (CharacterCodingException e) {
      try {
        return new Text(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .replaceWith(String.valueOf(UNDECODABLE))
            .decode(ByteBuffer.wrap(body)).toString(), true);
      } catch (CharacterCodingException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  private static long seconds(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Waits so that requests start at most requests_per_second apart. */
  private void pace() throws InterruptedException {
    if (spec.requestsPerSecond() <= 0) {
      return;
    }
    long interval = (long) (1_000_000_000L / spec.requestsPerSecond());
    long now = System.nanoTime();
    long wait = lastRequestNanos + interval - now;
    if (lastRequestNanos != 0 && wait > 0) {
      sleeper.sleep((wait + 999_999) / 1_000_000);
    }
    lastRequestNanos = System.nanoTime();
  }

  /** The node at a dotted path ("data", "meta.next"); "" is the node itself. */
  static JsonNode at(JsonNode node, String path) {
    if (path == null || path.isEmpty()) {
      return node;
    }
    JsonNode n = node;
    for (String part : path.split("\\.")) {
      if (n == null) {
        return null;
      }
      n = n.get(part);
    }
    return n;
  }

  /** A JSON object as dotted paths to scalars; arrays stay JSON text. */
  static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String key = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(key + ".", v, out);
      } else if (v.isNull()) {
        out.put(key, null);
      } else if (v.isBoolean()) {
        out.put(key, v.booleanValue());
      } else if (v.isIntegralNumber() && v.canConvertToLong()) {
        out.put(key, v.longValue());
      } else if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue()) && !v.isBigDecimal()) {
        out.put(key, v.asText()); // NaN, Infinity: text, which no number field accepts
      } else if (v.isNumber()) {
        out.put(key, new BigDecimal(v.asText()));
      } else if (v.isTextual()) {
        out.put(key, v.textValue());
      } else {
        out.put(key, v.toString());
      }
    }
  }
}
