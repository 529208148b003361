package io.martflow.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/composer/deploy.sh against a stand-in gcloud that records each call (its arguments and
 * what it read on stdin): the contract's Variables are set, exactly; the password reaches Secret
 * Manager only on stdin, never in an argument; DAGs, sql/ and the jar are uploaded.
 */
class ComposerDeployScriptTest {
  static final Path SCRIPT = Path.of(System.getProperty("user.dir")).resolve("../deploy/composer/deploy.sh").normalize();
  static final String PASSWORD = "pw-Only-On-Stdin-42";

  @Test
  void setsTheContractVariablesAndKeepsThePasswordOffCommandLines(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("calls.log");
    Files.writeString(bin.resolve("gcloud"), """
        #!/usr/bin/env bash
        printf 'ARGS' >> "$CALLS"; printf ' [%s]' "$@" >> "$CALLS"; printf '\\n' >> "$CALLS"
        case "$*" in
          *"--format=value(config.dagGcsPrefix)"*) echo "gs://composer-bucket/dags" ;;
          *"secrets describe"*) exit 1 ;;
          *"--data-file=-"*) printf 'STDIN %s\\n' "$(cat)" >> "$CALLS" ;;
        esac
        exit 0
        """);
    bin.resolve("gcloud").toFile().setExecutable(true);
    Path root = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(root.resolve("dags"));
    Files.writeString(root.resolve("dags/martflow_daily.py"), "# dag\n");
    Files.createDirectories(root.resolve("sql"));
    Files.writeString(root.resolve("manifest.yml"), "domains: []\n");
    Path jar = Files.writeString(dir.resolve("martflow.jar"), "jar");
    Path password = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");

    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
    var env = pb.environment();
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("CALLS", log.toString());
    env.put("MARTFLOW_ROOT", root.toString());
    env.put("JAR", jar.toString());
    env.putAll(java.util.Map.of("ENVIRONMENT", "martflow", "LOCATION", "europe-west1", "PROJECT", "martflow-prod",
        "DATAFLOW_BUCKET", "martflow-prod-dataflow", "SERVICE_ACCOUNT", "martflow-dataflow@martflow-prod.iam.gserviceaccount.com",
        "SUBNETWORK", "regions/europe-west1/subnetworks/martflow", "CLOUD_SQL_INSTANCE", "martflow-prod:europe-west1:martflow-pg",
        "WAREHOUSE_HOST", "10.20.0.3", "WAREHOUSE_USER", "martflow_loader"));
    env.put("WAREHOUSE_PASSWORD_FILE", password.toString());
    env.put("DB_PASSWORD_SECRET", "projects/martflow-prod/secrets/martflow-loader-password/versions/latest");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS), equalTo(true));
    assertThat(output, p.exitValue(), equalTo(0));

    List<String> calls = Files.readAllLines(log);
    String all = String.join("\n", calls);
    for (String call : calls) {
      if (call.startsWith("ARGS")) {
        assertThat("no password in any gcloud argument", call, not(containsString(PASSWORD)));
      }
    }
    assertThat(all, containsString("STDIN {\"conn_type\": \"postgres\", \"host\": \"10.20.0.3\""));
    assertThat(all, containsString("\"password\": \"" + PASSWORD + "\"}"));
    assertThat(all, containsString("[secrets] [versions] [add] [airflow-connections-martflow_warehouse] [--data-file=-]"));
    assertThat(all, containsString("[gs://composer-bucket/data/martflow/martflow.jar]"));
    assertThat(all, containsString("[gs://composer-bucket/dags]"));
    assertThat(all, containsString("[gs://composer-bucket/data/martflow/sql]"));

    Set<String> variables = new TreeSet<>();
    JsonNode dataflow = null;
    for (String call : calls) {
      int at = call.indexOf("[variables] [set] [--] [");
      if (at >= 0) {
        String[] parts = call.substring(at + "[variables] [set] [--] [".length()).split("\\] \\[", 2);
        variables.add(parts[0]);
        if (parts[0].equals("martflow_dataflow")) {
          dataflow = new ObjectMapper().readTree(parts[1].substring(0, parts[1].length() - 1));
        }
      }
    }
    assertThat(variables, equalTo(Set.of("martflow_runner", "martflow_jar", "martflow_dataflow")));
    Set<String> keys = new TreeSet<>();
    dataflow.fieldNames().forEachRemaining(keys::add);
    assertThat(keys, equalTo(new TreeSet<>(List.of("project", "region", "temp_location", "staging_location",
        "service_account", "network", "subnetwork", "max_workers", "machine_type", "cloud_sql_instance",
        "db_password_secret", "source_db_password_secret"))));
    assertThat(dataflow.path("temp_location").asText(), equalTo("gs://martflow-prod-dataflow/tmp"));
    assertThat(all, containsString("[martflow_runner] [DataflowRunner]"));
  }
}
