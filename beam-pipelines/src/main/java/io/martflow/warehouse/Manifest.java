package io.martflow.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** manifest.yml: the domains and SQL models, shared by the CLI and the Airflow DAGs. */
public final class Manifest {
  /** A domain: its pipeline class, stage and warehouse tables, publish SQL file. */
  public record Domain(String name, String pipeline, String stageTable, String dwTable, String publish) {}

  /** A SQL model: its file under sql/ and the models it reads. */
  public record Model(String name, String file, List<String> dependsOn) {}

  /** A quality check: its file under sql/ (returning violating rows) and its severity, error or warn. */
  public record QualityCheck(String name, String file, String severity) {}

  private final List<Domain> domains;
  private final List<Model> models;
  private final List<QualityCheck> quality;

  private Manifest(List<Domain> domains, List<Model> models, List<QualityCheck> quality) {
    this.domains = List.copyOf(domains);
    this.models = List.copyOf(models);
    this.quality = List.copyOf(quality);
  }

  /** The manifest the jar carries. */
  public static Manifest load() {
    try (InputStream in = Manifest.class.getClassLoader().getResourceAsStream("manifest.yml")) {
      if (in == null) {
        throw new IllegalStateException("manifest.yml is not on the classpath");
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Manifest parse(String yaml) {
    Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    List<Domain> domains = new ArrayList<>();
    for (Map<String, Object> d : (List<Map<String, Object>>) root.getOrDefault("domains", List.of())) {
      domains.add(new Domain(str(d, "name"), str(d, "pipeline"), str(d, "stage_table"), str(d, "dw_table"),
          str(d, "publish")));
    }
    List<Model> models = new ArrayList<>();
    Object modelList = root.get("models");
    if (modelList != null) {
      for (Map<String, Object> m : (List<Map<String, Object>>) modelList) {
        List<String> deps = (List<String>) m.getOrDefault("depends_on", List.of());
        models.add(new Model(str(m, "name"), str(m, "file"), deps == null ? List.of() : List.copyOf(deps)));
      }
    }
    List<QualityCheck> quality = new ArrayList<>();
    Object checkList = root.get("quality");
    if (checkList != null) {
      for (Map<String, Object> q : (List<Map<String, Object>>) checkList) {
        String severity = str(q, "severity");
        if (!severity.equals("error") && !severity.equals("warn")) {
          throw new IllegalStateException("manifest.yml: quality check '" + q.get("name")
              + "' has severity '" + severity + "'; it must be error or warn");
        }
        QualityCheck check = new QualityCheck(str(q, "name"), str(q, "file"), severity);
        if (quality.stream().anyMatch(c -> c.name().equals(check.name()))) {
          throw new IllegalStateException("manifest.yml: quality check '" + check.name() + "' is listed twice");
        }
        quality.add(check);
      }
    }
    return new Manifest(domains, models, quality);
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalStateException("manifest.yml: '" + key + "' missing in " + m);
    }
    return v.toString();
  }

  public List<Domain> domains() {
    return domains;
  }

  public List<String> domainNames() {
    return domains.stream().map(Domain::name).toList();
  }

  public Optional<Domain> domain(String name) {
    return domains.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /** The domain or a one-line error listing the valid names. */
  public Domain requireDomain(String name) {
    return domain(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown domain '" + name + "'; domains are " + String.join(", ", domainNames())));
  }

  public List<Model> models() {
    return models;
  }

  /** The quality checks, in the order they run. */
  public List<QualityCheck> quality() {
    return quality;
  }
}
