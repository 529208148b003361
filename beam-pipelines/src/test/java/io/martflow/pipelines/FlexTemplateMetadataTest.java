package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.martflow.warehouse.CloudSql;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.SecretRef;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.junit.jupiter.api.Test;

/**
 * deploy/dataflow/metadata.json declares exactly the launcher's options (none missing, none
 * stale), each with a label, help text and a validation regex that accepts the option's default
 * and, for the shared formats, is the very pattern the Java checks use.
 */
class FlexTemplateMetadataTest {
  static final Path DEPLOY = Path.of(System.getProperty("user.dir")).resolve("../deploy/dataflow").normalize();

  static Map<String, JsonNode> parameters() throws Exception {
    JsonNode meta = new ObjectMapper().readTree(Files.readString(DEPLOY.resolve("metadata.json")));
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode p : meta.path("parameters")) {
      assertThat("parameter " + p.path("name") + " declared once", byName.put(p.path("name").asText(), p),
          is((JsonNode) null));
    }
    return byName;
  }

  /** Our options (declared in io.martflow interfaces) of an options interface: name -> getter. */
  static Map<String, Method> martflowOptions(Class<?> options) {
    Map<String, Method> out = new LinkedHashMap<>();
    List<Class<?>> todo = new ArrayList<>(List.of(options));
    while (!todo.isEmpty()) {
      Class<?> c = todo.remove(0);
      if (!c.getPackageName().startsWith("io.martflow")) {
        continue;
      }
      for (Method m : c.getDeclaredMethods()) {
        String n = m.getName();
        if (m.getParameterCount() == 0 && (n.startsWith("get") || n.startsWith("is")) && !m.isDefault()) {
          String property = n.startsWith("get") ? n.substring(3) : n.substring(2);
          out.put(Character.toLowerCase(property.charAt(0)) + property.substring(1), m);
        }
      }
      todo.addAll(List.of(c.getInterfaces()));
    }
    return out;
  }

  @Test
  void metadataParametersAreExactlyTheLauncherOptions() throws Exception {
    Set<String> declared = new TreeSet<>(parameters().keySet());
    Set<String> options = new TreeSet<>(martflowOptions(FlexTemplateLauncher.Options.class).keySet());
    Set<String> missing = new TreeSet<>(options);
    missing.removeAll(declared);
    Set<String> stale = new TreeSet<>(declared);
    stale.removeAll(options);
    assertThat("options without a template parameter", missing, empty());
    assertThat("template parameters without an option", stale, empty());
    // Every domain's own options reach its pipeline through the launcher.
    for (Manifest.Domain d : Manifest.load().domains()) {
      Set<String> domainOptions = martflowOptions(Pipelines.definition(d).optionsClass()).keySet();
      Set<String> notPassed = new TreeSet<>(domainOptions);
      notPassed.removeAll(declared);
      assertThat(d.name() + " options missing from the template", notPassed, empty());
    }
  }

  @Test
  void everyParameterHasALabelHelpAndARegexThatAcceptsItsDefault() throws Exception {
    Map<String, Method> options = martflowOptions(FlexTemplateLauncher.Options.class);
    for (Map.Entry<String, JsonNode> e : parameters().entrySet()) {
      JsonNode p = e.getValue();
      Method getter = options.get(e.getKey());
      assertThat(e.getKey() + " label", p.path("label").asText(), not(equalTo("")));
      assertThat(e.getKey() + " helpText", p.path("helpText").asText().length() > 20, is(true));
      assertThat(e.getKey() + " regexes", p.path("regexes").size(), is(1));
      Pattern regex = Pattern.compile(p.path("regexes").get(0).asText());
      assertThat(e.getKey() + " has a description", getter.getAnnotation(Description.class) != null, is(true));
      boolean required = getter.getAnnotation(Validation.Required.class) != null;
      assertThat(e.getKey() + " isOptional", p.path("isOptional").asBoolean(), is(!required));
      String defaultValue = defaultOf(getter);
      if (defaultValue != null) {
        assertThat(e.getKey() + " regex accepts its default " + defaultValue,
            regex.matcher(defaultValue).matches(), is(true));
      }
    }
  }

  @Test
  void sharedFormatsUseTheJavaPatterns() throws Exception {
    Map<String, JsonNode> p = parameters();
    assertThat(regex(p, "cloudSqlInstance"), equalTo("^" + CloudSql.INSTANCE.pattern() + "$"));
    assertThat(regex(p, "sourceCloudSqlInstance"), equalTo("^" + CloudSql.INSTANCE.pattern() + "$"));
    assertThat(regex(p, "dbPasswordSecret"), equalTo("^" + SecretRef.SECRET_VERSION.pattern() + "$"));
    assertThat(regex(p, "sourceDbPasswordSecret"), equalTo("^" + SecretRef.SECRET_VERSION.pattern() + "$"));
    assertThat(regex(p, "cloudSqlIpTypes"), equalTo("^" + CloudSql.IP_TYPES.pattern() + "$"));
    assertThat(regex(p, "dbName"), equalTo("^" + CloudSql.DATABASE.pattern() + "$"));
    assertThat(regex(p, "domain"), equalTo("^(" + String.join("|", Manifest.load().domainNames()) + ")$"));
    assertThat(Pattern.matches(regex(p, "dbUrl"), "jdbc:postgresql://10.20.0.3:5432/martflow"), is(true));
    assertThat("no credentials in a URL", Pattern.matches(regex(p, "dbUrl"), "postgresql://u:pw@host/db"), is(false));
  }

  @Test
  void theImageLaunchesTheLauncherOnTheJava17Base() throws Exception {
    String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertThat(dockerfile, containsString("FROM gcr.io/dataflow-templates-base/java17-template-launcher-base"));
    assertThat(dockerfile, containsString("FLEX_TEMPLATE_JAVA_MAIN_CLASS=\"" + FlexTemplateLauncher.class.getName() + "\""));
    assertThat(dockerfile, containsString("FLEX_TEMPLATE_JAVA_CLASSPATH=\"/template/martflow.jar\""));
    // The launcher accepts every parameter the metadata declares (strict option parsing).
    List<String> args = new ArrayList<>();
    for (String name : parameters().keySet()) {
      args.add("--" + name + "=" + sample(name));
    }
    FlexTemplateLauncher.Options parsed = PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(FlexTemplateLauncher.Options.class);
    assertThat(parsed.getDomain(), is("customers"));
    assertThat(args, hasSize(parameters().size()));
  }

  private static String sample(String name) {
    return switch (name) {
      case "domain" -> "customers";
      case "fullRefresh", "dbIamAuth", "sourceDbIamAuth", "pricesIncludeTax" -> "false";
      case "rowsPerRange", "minRanges", "fetchSize", "maxWriters" -> "4";
      default -> "x";
    };
  }

  private static String regex(Map<String, JsonNode> p, String name) {
    return p.get(name).path("regexes").get(0).asText();
  }

  private static String defaultOf(Method getter) {
    if (getter.getAnnotation(Default.String.class) != null) {
      return getter.getAnnotation(Default.String.class).value();
    }
    if (getter.getAnnotation(Default.Boolean.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Boolean.class).value());
    }
    if (getter.getAnnotation(Default.Integer.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Integer.class).value());
    }
    if (getter.getAnnotation(Default.Long.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Long.class).value());
    }
    if (getter.getAnnotation(Default.InstanceFactory.class) != null && getter.getName().equals("getMaxWriters")) {
      return String.valueOf(LoadOptions.MaxWritersFactory.DATAFLOW_DEFAULT); // the template runs on Dataflow
    }
    return null;
  }
}
