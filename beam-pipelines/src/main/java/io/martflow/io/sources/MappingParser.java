package io.martflow.io.sources;

import io.martflow.io.SqlIdentifiers;
import io.martflow.warehouse.SecretRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a source mapping file (docs/sources.md) with SnakeYAML's node API, so every problem names
 * the file and line it is on. All problems are collected before failing. Identifiers that will
 * become SQL are validated; inline secrets are refused; {@code ${VAR}} and {@code ${VAR:-default}}
 * in values (not in column expressions) are taken from the environment.
 */
public final class MappingParser {
  public static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  public static final Pattern SOURCE_SYSTEM = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  /** Keys that would hold a secret: refused anywhere in a mapping. */
  static final Set<String> SECRET_KEYS = Set.of("password", "passwd", "pwd", "secret", "token", "bearer_token",
      "api_key", "apikey", "access_token", "client_secret", "auth_token");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final String RESOURCE_DIR = "config/sources/";

  private static final Set<String> TOP_KEYS = Set.of("version", "include", "sources");
  private static final Set<String> SOURCE_KEYS = Set.of("name", "domain", "source_system", "kind", "time_zone",
      "change_column", "prices_include_tax", "jdbc", "csv", "http", "columns", "description");
  private static final Set<String> FORMAT_KEYS = Set.of("decimal_separator", "grouping_separator", "date_format",
      "timestamp_format", "null_values", "true_values", "false_values");
  private static final Set<String> JDBC_KEYS = union(FORMAT_KEYS, Set.of("schema", "table", "query", "connection"));
  private static final Set<String> CONNECTION_KEYS = Set.of("url", "url_env", "user", "user_env", "password_env",
      "password_file", "password_secret");
  private static final Set<String> CSV_KEYS = union(FORMAT_KEYS, Set.of("path", "delimiter", "quote", "escape",
      "header", "columns", "encoding", "skip_lines"));
  private static final Set<String> HTTP_KEYS = union(FORMAT_KEYS, Set.of("url", "params", "records", "pagination",
      "window", "auth", "retry", "timeout_ms", "rate_limit", "max_pages"));
  private static final Set<String> PAGINATION_KEYS = Set.of("type", "page_param", "size_param", "page_size",
      "first_page", "cursor_param", "next_cursor");
  private static final Set<String> WINDOW_KEYS = Set.of("start_param", "end_param");
  private static final Set<String> AUTH_KEYS = Set.of("bearer_token_env", "bearer_token_file", "bearer_token_secret");
  private static final Set<String> RETRY_KEYS = Set.of("attempts", "backoff_ms", "max_backoff_ms");

  private final String file;
  /** Folder relative CSV paths are resolved against: a local directory or a URI prefix ending in '/'. */
  private final String baseDir;
  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  private MappingParser(String file, String baseDir, Map<String, String> env) {
    this.file = file;
    this.baseDir = baseDir;
    this.env = env;
  }

  // ---- entry points ----

  /** Reads a mapping file; relative CSV paths are relative to the file's folder. */
  public static SourceConfig load(Path path, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the source mapping " + path + ": " + e);
    }
    Path abs = path.toAbsolutePath().normalize();
    return parse(text, path.toString(), abs.getParent().toString(), env);
  }

  /** A local path or a URI Beam's FileSystems reads (gs://bucket/sources.yml). */
  public static SourceConfig load(String location, Map<String, String> env) {
    if (!location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return load(Path.of(location), env);
    }
    String text;
    try {
      text = new String(CsvFiles.read(location), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the source mapping " + location + ": " + e);
    }
    return parse(text, location, location.substring(0, location.lastIndexOf('/') + 1), env);
  }

  /** A mapping bundled in the jar under config/sources/NAME.yml (the default: "shop"). */
  public static SourceConfig bundled(String name, Map<String, String> env) {
    return parse(bundledText(name), "config/sources/" + name + ".yml (bundled)",
        Path.of("").toAbsolutePath().toString(), env);
  }

  static String bundledText(String name) {
    try (InputStream in = MappingParser.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name + ".yml")) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled source mapping '" + name + "' (bundled: shop)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SourceConfig parse(String text, String file, String baseDir, Map<String, String> env) {
    MappingParser p = new MappingParser(file, baseDir, env);
    List<SourceSpec> sources = p.document(text);
    if (!p.problems.isEmpty()) {
      throw new MappingException(p.problems);
    }
    return new SourceConfig(file, sources);
  }

  // ---- the document ----

  private List<SourceSpec> document(String text) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      problems.add(file + ":" + line + ": not valid YAML: " + e.getProblem());
      return List.of();
    } catch (RuntimeException e) {
      problems.add(file + ": not valid YAML: " + e.getMessage());
      return List.of();
    }
    if (root == null) {
      problems.add(file + ":1: the mapping is empty; it needs a 'sources:' list");
      return List.of();
    }
    refuseSecrets(root);
    Obj top = obj(root, "the mapping file");
    if (top == null) {
      return List.of();
    }
    top.allow(TOP_KEYS);
    List<SourceSpec> sources = new ArrayList<>();
    Node version = top.node("version");
    if (version != null && !"1".equals(scalar(version, "version"))) {
      error(version, "version must be 1");
    }
    Node include = top.node("include");
    if (include != null) {
      for (Node n : seq(include, "include")) {
        String name = scalar(n, "include");
        if (name == null) {
          continue;
        }
        try {
          SourceConfig included = parse(bundledText(name), "config/sources/" + name + ".yml (bundled, included at "
              + file + ":" + line(n) + ")", baseDir, env);
          sources.addAll(included.sources());
        } catch (MappingException e) {
          problems.addAll(e.problems());
        } catch (IllegalArgumentException e) {
          error(n, e.getMessage());
        }
      }
    }
    Node list = top.node("sources");
    if (list == null && include == null) {
      error(root, "missing 'sources:' (a list of sources)");
    }
    if (list != null) {
      for (Node n : seq(list, "sources")) {
        SourceSpec s = source(n);
        if (s != null) {
          sources.add(s);
        }
      }
    }
    crossChecks(sources);
    return sources;
  }

  /** Rules between sources: unique names and namespaces, orders paired with their lines. */
  private void crossChecks(List<SourceSpec> sources) {
    Map<String, SourceSpec> names = new HashMap<>();
    Map<String, SourceSpec> domainSystems = new HashMap<>();
    for (SourceSpec s : sources) {
      SourceSpec other = names.put(s.name(), s);
      if (other != null) {
        problems.add(s.where("name") + ": source name '" + s.name() + "' is used twice (also at "
            + other.where("name") + ")");
      }
      SourceSpec same = domainSystems.put(s.domain() + "/" + s.sourceSystem(), s);
      if (same != null && same != other) {
        problems.add(s.where("source_system") + ": sources '" + same.name() + "' and '" + s.name() + "' both feed "
            + s.domain() + " under source_system '" + s.sourceSystem() + "': their keys would collide; give each"
            + " its own source_system");
      }
    }
    for (SourceSpec s : sources) {
      if (!s.domain().equals("orders") && !s.domain().equals("order_items")) {
        continue;
      }
      String partnerDomain = s.domain().equals("orders") ? "order_items" : "orders";
      SourceSpec partner = domainSystems.get(partnerDomain + "/" + s.sourceSystem());
      if (partner == null) {
        problems.add(s.where("domain") + ": " + s.domain() + " source '" + s.name() + "' (source_system '"
            + s.sourceSystem() + "') needs an " + partnerDomain + " source with the same source_system: orders are"
            + " priced from their lines");
      } else if (s.domain().equals("orders")) {
        if (partner.kind() == SourceKind.JDBC != (s.kind() == SourceKind.JDBC)) {
          problems.add(partner.where("kind") + ": orders '" + s.name() + "' and lines '" + partner.name()
              + "' must both be jdbc, or both csv/http: they are joined where they are read");
        } else if (s.kind() == SourceKind.JDBC
            && !java.util.Objects.equals(s.jdbc().connection(), partner.jdbc().connection())) {
          problems.add(partner.where("jdbc") + ": orders '" + s.name() + "' and lines '" + partner.name()
              + "' must use the same connection: they are merge-joined in one database session");
        }
      }
    }
  }

  // ---- one source ----

  private SourceSpec source(Node node) {
    Obj o = obj(node, "a source");
    if (o == null) {
      return null;
    }
    int before = problems.size();
    o.allow(SOURCE_KEYS);
    Map<String, Integer> lines = new LinkedHashMap<>();
    lines.put("", line(node));
    String name = o.requiredString("name");
    if (name != null && !SOURCE_NAME.matcher(name).matches()) {
      error(o.node("name"), "source name '" + name + "' must be letters, digits, '_', '.' or '-' (at most 63)");
    }
    String domain = o.requiredString("domain");
    if (domain != null && !SourceDomains.DOMAINS.containsKey(domain)) {
      error(o.node("domain"), "unknown domain '" + domain + "' (domains: " + String.join(", ", SourceDomains.NAMES)
          + ")");
      domain = null;
    }
    String system = o.requiredString("source_system");
    if (system != null && !SOURCE_SYSTEM.matcher(system).matches()) {
      error(o.node("source_system"), "source_system '" + system + "' must be lower-case letters, digits and _,"
          + " starting with a letter or _ (at most 63)");
    }
    String kindText = o.requiredString("kind");
    SourceKind kind = null;
    if (kindText != null) {
      try {
        kind = SourceKind.valueOf(kindText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        error(o.node("kind"), "unknown kind '" + kindText + "' (jdbc, csv or http)");
      }
    }
    String zone = o.string("time_zone", "UTC");
    try {
      ZoneId.of(zone);
    } catch (RuntimeException e) {
      error(o.node("time_zone"), "unknown time zone '" + zone + "' (an IANA name such as Europe/Berlin, or UTC)");
      zone = "UTC";
    }
    String change = o.string("change_column", null);
    Boolean pricesIncludeTax = o.bool("prices_include_tax", null);
    for (String key : List.of("name", "domain", "source_system", "kind", "change_column", "jdbc", "csv", "http",
        "columns")) {
      if (o.node(key) != null) {
        lines.put(key, line(o.node(key)));
      }
    }

    JdbcSpec jdbc = null;
    CsvSpec csv = null;
    HttpSpec http = null;
    ValueFormats formats = ValueFormats.DEFAULT;
    for (SourceKind k : SourceKind.values()) {
      if (o.node(k.label()) != null && k != kind && kind != null) {
        error(o.node(k.label()), "a " + kind.label() + " source has no '" + k.label() + ":' block");
      }
    }
    if (kind != null) {
      Obj block = o.node(kind.label()) == null ? null : obj(o.node(kind.label()), kind.label());
      if (block == null && o.node(kind.label()) == null) {
        error(node, "a " + kind.label() + " source needs a '" + kind.label() + ":' block");
      }
      if (block != null) {
        formats = formats(block, zone, kind);
        switch (kind) {
          case JDBC -> jdbc = jdbc(block);
          case CSV -> csv = csv(block);
          case HTTP -> http = http(block);
          default -> throw new IllegalStateException();
        }
      }
    }

    Map<String, Expr> columns = new LinkedHashMap<>();
    Node columnsNode = o.node("columns");
    if (columnsNode == null) {
      error(node, "missing 'columns:' (domain field: source column or expression)");
    } else if (domain != null) {
      columns(columnsNode, SourceDomains.of(domain), kind, columns, lines);
    }
    if (kind == SourceKind.JDBC && change != null) {
      identifier(o.node("change_column"), change, "change_column");
    }
    if (problems.size() > before) {
      return null;
    }
    return new SourceSpec(name, domain, system, kind, change, formats, columns, jdbc, csv, http, pricesIncludeTax,
        file, lines);
  }

  private void columns(Node node, SourceDomains.Domain domain, SourceKind kind, Map<String, Expr> out,
      Map<String, Integer> lines) {
    Obj m = obj(node, "columns");
    if (m == null) {
      return;
    }
    for (Map.Entry<String, NodeTuple> e : m.entries.entrySet()) {
      String field = e.getKey();
      Node keyNode = e.getValue().getKeyNode();
      Node valueNode = e.getValue().getValueNode();
      lines.put("columns." + field, line(keyNode));
      if (!domain.hasField(field)) {
        error(keyNode, domain.name() + " has no field '" + field + "' to map (fields: "
            + String.join(", ", domain.fields()) + ")");
        continue;
      }
      if (!(valueNode instanceof ScalarNode sv)) {
        error(valueNode, "columns." + field + ": give a column name, a constant or an expression as text");
        continue;
      }
      if (sv.getTag().equals(Tag.NULL)) {
        out.put(field, new Expr.Literal(null));
        continue;
      }
      String text = sv.getValue();
      Expr expr;
      try {
        // A YAML number or boolean is a constant; text is an expression.
        if (sv.getTag().equals(Tag.INT) || sv.getTag().equals(Tag.FLOAT)) {
          expr = new Expr.Literal(new java.math.BigDecimal(text));
        } else if (sv.getTag().equals(Tag.BOOL)) {
          expr = new Expr.Literal(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
        } else {
          expr = ExprParser.parse(text);
        }
      } catch (ExprParser.ExprException ex) {
        error(valueNode, "columns." + field + ": " + ex.getMessage() + " in '" + text + "'");
        continue;
      } catch (NumberFormatException ex) {
        error(valueNode, "columns." + field + ": not a number: " + text);
        continue;
      }
      if (kind == SourceKind.JDBC) {
        for (String c : expr.columns()) {
          identifier(valueNode, c, "columns." + field);
        }
      }
      out.put(field, expr);
    }
    for (String key : domain.keyFields()) {
      Expr e = out.get(key);
      if (e == null && m.entries.containsKey(key)) {
        continue; // reported above
      }
      if (e == null) {
        error(node, "columns: the key field '" + key + "' of " + domain.name() + " must be mapped");
      } else if (kind == SourceKind.JDBC && e.plainColumn() == null) {
        error(m.entries.get(key).getValueNode(), "columns." + key + ": a jdbc source's key must be a column (the"
            + " extraction is split by its ranges); compute it in a 'query:' instead");
      }
    }
  }

  private ValueFormats formats(Obj block, String zone, SourceKind kind) {
    String dec = block.string("decimal_separator", ".");
    String grp = block.string("grouping_separator", null);
    char decimal = '.';
    if (dec.length() != 1 || !(dec.equals(".") || dec.equals(","))) {
      error(block.node("decimal_separator"), "decimal_separator must be '.' or ','");
    } else {
      decimal = dec.charAt(0);
    }
    Character grouping = null;
    if (grp != null) {
      if (grp.length() != 1 || ".,' _".indexOf(grp.charAt(0)) < 0 || grp.charAt(0) == decimal) {
        error(block.node("grouping_separator"), "grouping_separator must be one of . , ' _ or a space, and not the"
            + " decimal separator");
      } else {
        grouping = grp.charAt(0);
      }
    }
    String date = block.string("date_format", null);
    String ts = block.string("timestamp_format", null);
    for (String key : List.of("date_format", "timestamp_format")) {
      String pattern = block.string(key, null);
      if (pattern != null) {
        try {
          TypedValues.formatter(pattern);
        } catch (IllegalArgumentException e) {
          error(block.node(key), key + ": " + e.getMessage());
        }
      }
    }
    List<String> nulls = block.strings("null_values", kind == SourceKind.CSV ? List.of("") : List.of());
    List<String> trues = block.strings("true_values", ValueFormats.DEFAULT_TRUE);
    List<String> falses = block.strings("false_values", ValueFormats.DEFAULT_FALSE);
    try {
      return new ValueFormats(decimal, grouping, date, ts, nulls, trues, falses, zone);
    } catch (IllegalArgumentException e) {
      error(block.self, e.getMessage());
      return ValueFormats.DEFAULT;
    }
  }

  private JdbcSpec jdbc(Obj b) {
    b.allow(JDBC_KEYS);
    String schema = b.string("schema", null);
    String table = b.string("table", null);
    String query = b.string("query", null);
    if ((table == null) == (query == null)) {
      error(b.self, "a jdbc source reads a 'table:' (with 'schema:') or a 'query:', one of them");
    }
    if (table != null) {
      identifier(b.node("table"), table, "table");
      identifier(b.node("schema"), schema == null ? "public" : schema, "schema");
    }
    if (query != null) {
      String q = query.strip();
      String lower = q.toLowerCase(Locale.ROOT);
      if (!(lower.startsWith("select") || lower.startsWith("with"))) {
        error(b.node("query"), "query must be one SELECT (or WITH ... SELECT) statement");
      }
      if (q.contains(";")) {
        error(b.node("query"), "query must be one statement without ';' (it is run as a subquery, read-only)");
      }
      if (schema != null) {
        error(b.node("schema"), "schema applies to a table, not to a query");
      }
      query = q;
    }
    ConnectionRef connection = null;
    Node cn = b.node("connection");
    if (cn != null) {
      Obj c = obj(cn, "connection");
      if (c != null) {
        c.allow(CONNECTION_KEYS);
        String url = c.string("url", null);
        String urlEnv = c.string("url_env", null);
        if ((url == null) == (urlEnv == null)) {
          error(cn, "connection: give 'url:' or 'url_env:' (the environment variable holding the URL), one of them");
        }
        if (url != null) {
          try {
            ConnectionRef.checkUrl(url);
            io.martflow.warehouse.ConnectionSpec probe = new io.martflow.warehouse.ConnectionSpec(url, null, null);
            probe.jdbcUrl();
          } catch (IllegalArgumentException e) {
            error(c.node("url"), "connection.url: " + e.getMessage());
          }
        }
        for (String envKey : List.of("url_env", "user_env", "password_env")) {
          String v = c.string(envKey, null);
          if (v != null && !v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            error(c.node(envKey), envKey + " names an environment variable (letters, digits, _), not '" + v + "'");
          }
        }
        String secret = c.string("password_secret", null);
        if (secret != null && !SecretRef.SECRET_VERSION.matcher(secret).matches()) {
          error(c.node("password_secret"), "password_secret must be a Secret Manager version:"
              + " projects/P/secrets/S/versions/V");
        }
        int passwords = (c.string("password_env", null) != null ? 1 : 0)
            + (c.string("password_file", null) != null ? 1 : 0) + (secret != null ? 1 : 0);
        if (passwords > 1) {
          error(cn, "connection: give one of password_env, password_file, password_secret");
        }
        connection = new ConnectionRef(url, urlEnv, c.string("user", null), c.string("user_env", null),
            c.string("password_env", null), c.string("password_file", null), secret);
      }
    }
    return new JdbcSpec(table == null ? null : schema == null ? "public" : schema, table, query, connection);
  }

  private CsvSpec csv(Obj b) {
    b.allow(CSV_KEYS);
    String path = b.requiredString("path");
    if (path != null) {
      path = resolvePath(path);
    }
    char delimiter = ',';
    String d = b.string("delimiter", ",");
    if (d.equals("\\t") || d.equals("\t") || d.equalsIgnoreCase("tab")) {
      delimiter = '\t';
    } else if (d.length() != 1 || d.charAt(0) > 127 || Character.isLetterOrDigit(d.charAt(0)) || d.equals("\n")
        || d.equals("\r")) {
      error(b.node("delimiter"), "delimiter must be one ASCII punctuation character or tab ('\\t'), not '" + d + "'");
    } else {
      delimiter = d.charAt(0);
    }
    Character quote = '"';
    Node qn = b.node("quote");
    if (qn != null) {
      String q = scalar(qn, "quote");
      if (q == null || q.isEmpty() || q.equalsIgnoreCase("none")) {
        quote = null;
      } else if (q.length() != 1 || q.charAt(0) > 127 || q.charAt(0) == delimiter) {
        error(qn, "quote must be one ASCII character other than the delimiter, or none");
      } else {
        quote = q.charAt(0);
      }
    }
    Character escape = null;
    String e = b.string("escape", null);
    if (e != null && !e.isEmpty() && !(quote != null && e.charAt(0) == quote)) {
      if (e.length() != 1 || e.charAt(0) > 127) {
        error(b.node("escape"), "escape must be one ASCII character (\\ for backslash escapes); default: a doubled"
            + " quote");
      } else {
        escape = e.charAt(0);
      }
    }
    Boolean header = b.bool("header", true);
    List<String> fileColumns = b.strings("columns", List.of());
    if (Boolean.FALSE.equals(header) && fileColumns.isEmpty()) {
      error(b.self, "a CSV without a header line needs 'columns:' (the file's columns in order)");
    }
    if (Boolean.TRUE.equals(header) && !fileColumns.isEmpty()) {
      error(b.node("columns"), "'columns:' names the columns of files without a header: set header: false");
    }
    String encoding = b.string("encoding", "UTF-8");
    String canonical = switch (encoding.toUpperCase(Locale.ROOT).replace("_", "-")) {
      case "UTF-8", "UTF8", "UTF-8-BOM" -> "UTF-8";
      case "ISO-8859-1", "LATIN-1", "LATIN1", "ISO8859-1" -> "ISO-8859-1";
      case "WINDOWS-1252", "CP1252" -> "windows-1252";
      default -> null;
    };
    if (canonical == null) {
      error(b.node("encoding"), "encoding must be UTF-8 (with or without BOM), ISO-8859-1 (Latin-1) or"
          + " windows-1252, not '" + encoding + "'");
      canonical = "UTF-8";
    }
    Integer skip = b.integer("skip_lines", 0);
    return new CsvSpec(path, delimiter, quote, escape, header == null || header, fileColumns, canonical,
        skip == null ? 0 : skip);
  }

  private HttpSpec http(Obj b) {
    b.allow(HTTP_KEYS);
    String url = b.requiredString("url");
    if (url != null) {
      String lower = url.toLowerCase(Locale.ROOT);
      if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
        error(b.node("url"), "url must start with http:// or https://");
      } else if (lower.matches("^https?://[^/]*@.*")) {
        error(b.node("url"), "url carries credentials (user@host); use auth: bearer_token_env");
      } else if (lower.matches(".*[?&](token|access_token|api_key|apikey|key|password)=.*")) {
        error(b.node("url"), "url carries a secret in its query; use auth: bearer_token_env");
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    Node pn = b.node("params");
    if (pn != null) {
      Obj p = obj(pn, "params");
      if (p != null) {
        for (String k : p.entries.keySet()) {
          params.put(k, p.string(k, ""));
        }
      }
    }
    String records = b.string("records", "");
    HttpSpec.Pagination pagination = HttpSpec.Pagination.NONE;
    Node pg = b.node("pagination");
    if (pg != null) {
      Obj p = obj(pg, "pagination");
      if (p != null) {
        p.allow(PAGINATION_KEYS);
        String type = p.string("type", "page");
        switch (type) {
          case "none" -> pagination = HttpSpec.Pagination.NONE;
          case "page" -> {
            Integer size = p.integer("page_size", 100);
            if (size != null && size < 1) {
              error(p.node("page_size"), "page_size must be at least 1");
            }
            pagination = new HttpSpec.Pagination(HttpSpec.PaginationType.PAGE, p.string("page_param", "page"),
                p.string("size_param", "per_page"), size == null ? 100 : size, orZero(p.integer("first_page", 1)),
                null, null);
          }
          case "cursor" -> {
            String next = p.requiredString("next_cursor");
            Integer size = p.integer("page_size", 0);
            pagination = new HttpSpec.Pagination(HttpSpec.PaginationType.CURSOR, null,
                p.string("size_param", null), size == null ? 0 : size, 0, p.string("cursor_param", "cursor"), next);
          }
          default -> error(p.node("type"), "pagination type must be none, page or cursor, not '" + type + "'");
        }
      }
    }
    String startParam = null;
    String endParam = null;
    Node wn = b.node("window");
    if (wn != null) {
      Obj w = obj(wn, "window");
      if (w != null) {
        w.allow(WINDOW_KEYS);
        startParam = w.string("start_param", null);
        endParam = w.string("end_param", null);
      }
    }
    SecretRef token = SecretRef.NONE;
    Node an = b.node("auth");
    if (an != null) {
      Obj a = obj(an, "auth");
      if (a != null) {
        a.allow(AUTH_KEYS);
        String tEnv = a.string("bearer_token_env", null);
        String tFile = a.string("bearer_token_file", null);
        String tSecret = a.string("bearer_token_secret", null);
        boolean inlineSecret = a.entries.keySet().stream().anyMatch(k -> SECRET_KEYS.contains(k.toLowerCase(Locale.ROOT)));
        if ((tEnv != null ? 1 : 0) + (tFile != null ? 1 : 0) + (tSecret != null ? 1 : 0) != 1) {
          if (!inlineSecret) {
            error(an, "auth: give one of bearer_token_env, bearer_token_file, bearer_token_secret");
          }
        } else if (tEnv != null) {
          token = SecretRef.env(tEnv);
        } else if (tFile != null) {
          token = SecretRef.file(resolvePath(tFile));
        } else if (!SecretRef.SECRET_VERSION.matcher(tSecret).matches()) {
          error(a.node("bearer_token_secret"), "bearer_token_secret must be projects/P/secrets/S/versions/V");
        } else {
          token = SecretRef.secretManager(tSecret);
        }
      }
    }
    int attempts = 5;
    long backoff = 500;
    long maxBackoff = 30_000;
    Node rn = b.node("retry");
    if (rn != null) {
      Obj r = obj(rn, "retry");
      if (r != null) {
        r.allow(RETRY_KEYS);
        attempts = orZero(r.integer("attempts", 5));
        backoff = orZero(r.integer("backoff_ms", 500));
        maxBackoff = orZero(r.integer("max_backoff_ms", 30_000));
        if (attempts < 1) {
          error(r.node("attempts"), "attempts must be at least 1");
        }
      }
    }
    Integer timeout = b.integer("timeout_ms", 30_000);
    double rate = 0;
    Node rl = b.node("rate_limit");
    if (rl != null) {
      try {
        rate = Double.parseDouble(scalar(rl, "rate_limit"));
        if (!(rate > 0)) {
          throw new NumberFormatException();
        }
      } catch (RuntimeException e) {
        error(rl, "rate_limit is requests per second, a positive number (e.g. 5 or 0.5)");
      }
    }
    Integer maxPages = b.integer("max_pages", 100_000);
    return new HttpSpec(url, params, records, pagination, startParam, endParam, token, attempts, backoff, maxBackoff,
        timeout == null ? 30_000 : timeout, rate, maxPages == null ? 100_000 : maxPages);
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private String resolvePath(String path) {
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return path; // gs://, file://: Beam FileSystems
    }
    if (baseDir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return path.startsWith("/") ? path : baseDir + path;
    }
    Path p = Path.of(path);
    return (p.isAbsolute() ? p : Path.of(baseDir).resolve(p)).normalize().toString();
  }

  private void identifier(Node at, String name, String what) {
    try {
      SqlIdentifiers.quote(name);
    } catch (IllegalArgumentException e) {
      error(at, what + ": " + e.getMessage() + "; configuration never becomes SQL text");
    }
  }

  /** Inline secrets anywhere in the file are refused before anything else is read. */
  private void refuseSecrets(Node node) {
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && SECRET_KEYS.contains(k.getValue().toLowerCase(Locale.ROOT))) {
          String key = k.getValue();
          String hint = key.toLowerCase(Locale.ROOT).contains("token") ? "bearer_token_env: VARIABLE (in auth:)"
              : key + "_env: VARIABLE";
          if (key.equalsIgnoreCase("password") || key.equalsIgnoreCase("passwd") || key.equalsIgnoreCase("pwd")) {
            hint = "password_env: VARIABLE (or password_file, password_secret)";
          }
          error(k, "inline secret '" + key + "' is not allowed in a mapping file; name the environment variable"
              + " that holds it instead: " + hint);
        }
        refuseSecrets(t.getValueNode());
      }
    } else if (node instanceof SequenceNode s) {
      s.getValue().forEach(this::refuseSecrets);
    }
  }

  // ---- YAML helpers ----

  private static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  private void error(Node at, String message) {
    problems.add(file + (at == null ? "" : ":" + line(at)) + ": " + message);
  }

  private String expand(Node at, String value) {
    if (value == null || value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = VARIABLE.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null || v.isEmpty()) {
        v = m.group(3);
      }
      if (v == null) {
        error(at, "environment variable " + m.group(1) + " is not set (write ${" + m.group(1) + ":-default} for a"
            + " default)");
        v = "";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private String scalar(Node n, String what) {
    if (!(n instanceof ScalarNode s)) {
      error(n, what + " must be a single value");
      return null;
    }
    if (s.getTag().equals(Tag.NULL)) {
      return null;
    }
    return expand(n, s.getValue());
  }

  private List<Node> seq(Node n, String what) {
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    error(n, what + " must be a list");
    return List.of();
  }

  private Obj obj(Node n, String what) {
    if (!(n instanceof MappingNode m)) {
      error(n, what + " must be a mapping of keys to values");
      return null;
    }
    Obj o = new Obj(m);
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        error(t.getKeyNode(), "keys must be plain names");
        continue;
      }
      if (o.entries.put(k.getValue(), t) != null) {
        error(k, "'" + k.getValue() + "' is given twice");
      }
    }
    return o;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }

  /** A YAML mapping with typed, line-aware accessors. */
  private final class Obj {
    final MappingNode self;
    final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    Obj(MappingNode self) {
      this.self = self;
    }

    Node node(String key) {
      NodeTuple t = entries.get(key);
      return t == null ? null : t.getValueNode();
    }

    void allow(Set<String> keys) {
      for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
        if (!keys.contains(e.getKey()) && !SECRET_KEYS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
          String suggestion = closest(e.getKey(), keys);
          error(e.getValue().getKeyNode(), "unknown key '" + e.getKey() + "'"
              + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)") + "; known: "
              + String.join(", ", new java.util.TreeSet<>(keys)));
        }
      }
    }

    String requiredString(String key) {
      Node n = node(key);
      if (n == null) {
        error(self, "missing '" + key + ":'");
        return null;
      }
      String v = scalar(n, key);
      if (v == null || v.isBlank()) {
        error(n, "'" + key + "' is empty");
        return null;
      }
      return v.strip();
    }

    String string(String key, String fallback) {
      Node n = node(key);
      if (n == null) {
        return fallback;
      }
      String v = scalar(n, key);
      return v == null ? fallback : v;
    }

    Boolean bool(String key, Boolean fallback) {
      String v = string(key, null);
      if (v == null) {
        return fallback;
      }
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> {
          error(node(key), key + " must be true or false, not '" + v + "'");
          yield fallback;
        }
      };
    }

    Integer integer(String key, Integer fallback) {
      String v = string(key, null);
      if (v == null) {
        return fallback;
      }
      try {
        int i = Integer.parseInt(v.strip().replace("_", ""));
        if (i < 0) {
          throw new NumberFormatException();
        }
        return i;
      } catch (NumberFormatException e) {
        error(node(key), key + " must be a whole number >= 0, not '" + v + "'");
        return fallback;
      }
    }

    List<String> strings(String key, List<String> fallback) {
      Node n = node(key);
      if (n == null) {
        return fallback;
      }
      if (n instanceof ScalarNode) {
        String v = scalar(n, key);
        return v == null ? fallback : List.of(v);
      }
      List<String> out = new ArrayList<>();
      for (Node item : seq(n, key)) {
        // An unquoted NULL or ~ in a list of markers means that text, not YAML's null.
        String v = item instanceof ScalarNode s && s.getTag().equals(Tag.NULL) ? s.getValue() : scalar(item, key);
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
  }

  private static String closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
