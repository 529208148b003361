package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.cli.Errors;
import io.martflow.cli.ExitCodes;
import io.martflow.pipelines.customers.CustomersPipeline;
import io.martflow.warehouse.ConnectionSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Impossible combinations of options fail at start, before any connection or job, with one line
 * naming the fix and exit code 2; the valid production combinations build their connections.
 */
class RunnerChecksTest {
  static final String SECRET = "projects/martflow-prod/secrets/martflow-loader-password/versions/3";
  @TempDir Path dir;

  List<String> dataflow(String... extra) throws Exception {
    List<String> args = DataflowJobSpecTest.dataflowArgs(dir, "customers");
    for (String e : extra) {
      String flag = e.substring(0, e.indexOf('=') + 1);
      args.removeIf(a -> a.startsWith(flag));
      if (!e.endsWith("=")) {
        args.add(e);
      }
    }
    return args;
  }

  /** Runs the customers load as its main does; the failure must come before anything connects. */
  static String refusal(List<String> args) {
    Exception e = assertThrows(Exception.class,
        () -> LoadRunner.run(CustomersPipeline.definition(), args.toArray(new String[0])));
    assertThat(Errors.exitCode(e), is(ExitCodes.USAGE));
    String line = Errors.describe(e);
    assertThat(line, not(containsString("\n")));
    return line;
  }

  @Test
  void dataflowRefusesPasswordsFromTheLaunchersEnvironmentOrFiles() throws Exception {
    assertThat(refusal(dataflow("--dbPasswordSecret=", "--dbPasswordEnv=MARTFLOW_DB_PASSWORD")),
        containsString("use --dbPasswordSecret=projects/P/secrets/S/versions/V or --dbIamAuth"));
    assertThat(refusal(dataflow("--dbPasswordSecret=", "--dbPasswordFile=/run/secrets/pw")),
        containsString("neither the launcher's environment nor its files"));
    assertThat(refusal(dataflow("--sourceCloudSqlInstance=martflow-prod:europe-west1:shop-pg",
            "--sourceDbUser=reader", "--sourceDbPasswordEnv=SHOP_PASSWORD")),
        containsString("--sourceDbPasswordEnv/--sourceDbPasswordFile would be read on each worker"));
  }

  @Test
  void dataflowRefusesTheEmbeddedOrALocalDatabase() throws Exception {
    assertThat(refusal(dataflow("--cloudSqlInstance=")), containsString(
        "DataflowRunner needs the warehouse as --cloudSqlInstance=PROJECT:REGION:INSTANCE"));
    assertThat(refusal(dataflow("--cloudSqlInstance=", "--dbUrl=jdbc:postgresql://localhost:54329/martflow")),
        containsString("DataflowRunner cannot use a database on localhost"));
    assertThat(refusal(dataflow("--cloudSqlInstance=", "--dbUrl=postgresql://127.0.0.1/martflow")),
        containsString("cannot use a database on localhost"));
  }

  @Test
  void dataflowNeedsAPasswordSecretOrIamAuthAndBoundedWriters() throws Exception {
    assertThat(refusal(dataflow("--dbPasswordSecret=")),
        containsString("DataflowRunner needs --dbPasswordSecret=projects/P/secrets/S/versions/V or --dbIamAuth"));
    assertThat(refusal(dataflow("--maxWriters=0")), containsString("DataflowRunner needs --maxWriters of 1 or more"));
    assertThat(refusal(dataflow("--dbUser=")), containsString("DataflowRunner needs --dbUser"));
    assertThat(refusal(dataflow("--region=")), containsString("DataflowRunner needs --region"));
  }

  @Test
  void iamAuthExcludesPasswordsAndNeedsCloudSql() throws Exception {
    assertThat(refusal(dataflow("--dbIamAuth=true")),
        containsString("--dbIamAuth logs in without a password: drop --dbPasswordEnv/File/Secret"));
    List<String> direct = List.of("--runner=DirectRunner", "--dbUrl=jdbc:postgresql://db.internal/martflow",
        "--dbIamAuth=true", "--windowStart=2026-11-01", "--windowEnd=2026-11-02");
    assertThat(refusal(direct), containsString("--dbIamAuth needs --cloudSqlInstance"));
  }

  @Test
  void malformedReferencesAndConflictingTargetsAreRefused() throws Exception {
    assertThat(refusal(dataflow("--dbPasswordSecret=martflow-loader-password")),
        containsString("--dbPasswordSecret must name a secret version, projects/PROJECT/secrets/SECRET/versions/VERSION"));
    assertThat(refusal(dataflow("--cloudSqlInstance=martflow-pg")),
        containsString("--cloudSqlInstance must be PROJECT:REGION:INSTANCE"));
    assertThat(refusal(dataflow("--dbUrl=jdbc:postgresql://10.0.0.5/martflow")),
        containsString("give --cloudSqlInstance or --dbUrl for the warehouse, not both"));
    assertThat(refusal(dataflow("--cloudSqlIpTypes=INTERNAL")), containsString("--cloudSqlIpTypes must be"));
    assertThat(refusal(dataflow("--dbPasswordFile=/x")),
        containsString("give one of --dbPasswordEnv, --dbPasswordFile, --dbPasswordSecret"));
  }

  @Test
  void theProductionCombinationsBuildCloudSqlConnections() throws Exception {
    LoadContext secret = context(dataflow("--dbPasswordSecret=" + SECRET));
    ConnectionSpec w = secret.warehouse();
    assertThat(w.jdbcUrl(), equalTo("jdbc:postgresql:///martflow?cloudSqlInstance=martflow-prod:europe-west1:martflow-pg"
        + "&socketFactory=com.google.cloud.sql.postgres.SocketFactory&ipTypes=PRIVATE"));
    assertThat(w.password().toString(), equalTo("secret:" + SECRET));
    assertThat(w.describe(), equalTo("martflow_loader@cloudsql:martflow-prod:europe-west1:martflow-pg/martflow"));
    assertThat("the source defaults to the warehouse", secret.source(), equalTo(w));
    assertThat(secret.maxWriters(), is(4));

    LoadContext iam = context(dataflow("--dbPasswordSecret=", "--dbIamAuth=true",
        "--dbUser=martflow-dataflow@martflow-prod.iam", "--sourceCloudSqlInstance=martflow-prod:europe-west1:shop-pg",
        "--sourceDbName=shop", "--sourceDbUser=martflow-dataflow@martflow-prod.iam", "--sourceDbIamAuth=true"));
    assertThat(iam.warehouse().jdbcUrl(), containsString("&enableIamAuth=true&sslmode=disable"));
    assertThat(iam.warehouse().password().toString(), equalTo("iam"));
    assertThat(iam.source().jdbcUrl(), containsString("jdbc:postgresql:///shop?cloudSqlInstance=martflow-prod:europe-west1:shop-pg"));
    assertThat(iam.source().password().resolve(java.util.Map.of()), equalTo("cloud-sql-iam-auth"));
  }

  private static LoadContext context(List<String> args) {
    LoadOptions o = PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation()
        .as(CustomersPipeline.Options.class);
    return LoadContext.from("customers", o);
  }

  @Test
  void theDirectRunnerKeepsItsLocalDefaults() {
    LoadOptions o = PipelineOptionsFactory.fromArgs(new ArrayList<>(PipelineGraphTest.directArgs()).toArray(new String[0]))
        .withValidation().as(CustomersPipeline.Options.class);
    RunnerChecks.validate(o);
    assertThat("no writer shuffle by default on the DirectRunner", o.getMaxWriters(), is(0));
    assertThat(RunnerChecks.isLocal("jdbc:postgresql://localhost:54329/martflow"), is(true));
    assertThat(RunnerChecks.isLocal("jdbc:postgresql://10.20.0.3:5432/martflow"), is(false));
  }
}
