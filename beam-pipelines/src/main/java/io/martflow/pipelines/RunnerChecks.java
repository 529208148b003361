package io.martflow.pipelines;

import io.martflow.warehouse.CloudSql;
import io.martflow.warehouse.SecretRef;
import java.net.URI;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Refuses impossible combinations of load options at start, each with one line that says what to
 * do. Most are about where a pipeline runs: on Dataflow the DoFns open connections on workers that
 * have neither the launcher's environment variables, nor its files, nor its localhost, so a
 * password can only come from Secret Manager (or not exist: IAM database authentication), and the
 * warehouse must be a server the workers reach (a Cloud SQL instance, or a host on their network).
 */
public final class RunnerChecks {
  private RunnerChecks() {}

  /** DataflowRunner, or a subclass such as TestDataflowRunner. */
  public static boolean isDataflow(PipelineOptions options) {
    Class<?> runner = options.getRunner();
    return runner != null && runner.getSimpleName().endsWith("DataflowRunner");
  }

  /** Throws {@link IllegalArgumentException} (exit code 2, nothing done) on the first problem found. */
  public static void validate(LoadOptions o) {
    boolean dataflow = isDataflow(o);
    Integer writers = o.getMaxWriters();
    if (writers == null || writers < 0) {
      throw fail("--maxWriters must be 0 or more, not " + writers);
    }
    if (!CloudSql.IP_TYPES.matcher(String.valueOf(o.getCloudSqlIpTypes())).matches()) {
      throw fail("--cloudSqlIpTypes must be a comma-separated list of PRIVATE, PUBLIC, PSC, not '"
          + o.getCloudSqlIpTypes() + "'");
    }
    Database warehouse = new Database("", "db", "cloudSqlInstance", o.getDbUrl(), o.getCloudSqlInstance(),
        o.getDbName(), o.getDbUser(), o.getDbIamAuth(), o.getDbPasswordEnv(), o.getDbPasswordFile(),
        o.getDbPasswordSecret());
    warehouse.check(dataflow, true);
    Database source = new Database("source", "sourceDb", "sourceCloudSqlInstance", o.getSourceDbUrl(),
        o.getSourceCloudSqlInstance(), o.getSourceDbName() == null ? o.getDbName() : o.getSourceDbName(),
        o.getSourceDbUser(), o.getSourceDbIamAuth(), o.getSourceDbPasswordEnv(), o.getSourceDbPasswordFile(),
        o.getSourceDbPasswordSecret());
    if (source.url() == null && source.instance() == null) {
      if (source.passwordGiven() > 0 || source.iamAuth() || o.getSourceDbUser() != null) {
        throw fail("--sourceDbUser, --sourceDbPassword* and --sourceDbIamAuth need --sourceDbUrl or"
            + " --sourceCloudSqlInstance (without them the source is the warehouse connection)");
      }
    } else {
      source.check(dataflow, false);
    }
    if (dataflow) {
      if (writers == 0) {
        throw fail("DataflowRunner needs --maxWriters of 1 or more: with 0 every worker thread opens its own"
            + " connections to the warehouse");
      }
      DataflowPipelineOptions d = o.as(DataflowPipelineOptions.class);
      if (blank(d.getProject())) {
        throw fail("DataflowRunner needs --project (the Google Cloud project that runs the job)");
      }
      if (blank(d.getRegion())) {
        throw fail("DataflowRunner needs --region (the Dataflow region, e.g. europe-west1)");
      }
      if (blank(d.getTempLocation())) {
        throw fail("DataflowRunner needs --tempLocation=gs://BUCKET/tmp (staging and temporary files)");
      }
    }
  }

  /** The connection options of one database, named as its flags are. */
  private record Database(String role, String prefix, String instanceFlag, String url, String instance,
      String name, String user, boolean iamAuth, String passwordEnv, String passwordFile, String passwordSecret) {

    int passwordGiven() {
      return (passwordEnv != null ? 1 : 0) + (passwordFile != null ? 1 : 0) + (passwordSecret != null ? 1 : 0);
    }

    String what() {
      return role.isEmpty() ? "the warehouse" : "the source";
    }

    void check(boolean dataflow, boolean required) {
      String p = "--" + prefix;
      if (passwordGiven() > 1) {
        throw fail("give one of " + p + "PasswordEnv, " + p + "PasswordFile, " + p + "PasswordSecret");
      }
      if (passwordSecret != null && !SecretRef.SECRET_VERSION.matcher(passwordSecret).matches()) {
        throw fail(p + "PasswordSecret must name a secret version, projects/PROJECT/secrets/SECRET/versions/VERSION"
            + " (a number or latest), not '" + passwordSecret + "'");
      }
      if (instance != null && url != null) {
        throw fail("give --" + instanceFlag + " or " + p + "Url for " + what() + ", not both");
      }
      if (instance != null && !CloudSql.INSTANCE.matcher(instance).matches()) {
        throw fail("--" + instanceFlag + " must be PROJECT:REGION:INSTANCE, not '" + instance + "'");
      }
      if (instance != null && (name == null || !CloudSql.DATABASE.matcher(name).matches())) {
        throw fail(p + "Name must name a database on " + instance + ", not '" + name + "'");
      }
      if (iamAuth && instance == null) {
        throw fail(p + "IamAuth needs --" + instanceFlag + ": IAM database authentication goes through the Cloud SQL"
            + " socket factory");
      }
      if (iamAuth && passwordGiven() > 0) {
        throw fail(p + "IamAuth logs in without a password: drop " + p + "PasswordEnv/File/Secret");
      }
      if (!dataflow) {
        return;
      }
      if (passwordEnv != null || passwordFile != null) {
        throw fail("DataflowRunner: " + p + "PasswordEnv/" + p + "PasswordFile would be read on each worker, which has"
            + " neither the launcher's environment nor its files; use " + p
            + "PasswordSecret=projects/P/secrets/S/versions/V or " + p + "IamAuth");
      }
      if (required && url == null && instance == null) {
        throw fail("DataflowRunner needs " + what() + " as --" + instanceFlag + "=PROJECT:REGION:INSTANCE (or a " + p
            + "Url its workers reach): MARTFLOW_DB_* and the embedded server exist only on the launching machine");
      }
      if (url != null && isLocal(url)) {
        throw fail("DataflowRunner cannot use a database on localhost (" + p + "Url=" + url + "): Dataflow workers are"
            + " other machines; use --" + instanceFlag + " or a host on the workers' network");
      }
      if (blank(user)) {
        throw fail("DataflowRunner needs " + p + "User for " + what()
            + (iamAuth ? " (the service account's email without .gserviceaccount.com)" : ""));
      }
      if (!iamAuth && passwordSecret == null) {
        throw fail("DataflowRunner needs " + p + "PasswordSecret=projects/P/secrets/S/versions/V or " + p
            + "IamAuth for " + what() + " (passwords are never flags)");
      }
    }
  }

  static boolean isLocal(String url) {
    String rest = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    String host;
    try {
      host = URI.create(rest).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null || host.isEmpty()) {
      return CloudSql.instanceOf(url) == null; // jdbc:postgresql:///db is localhost, unless a socket factory
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1") || h.equals("0.0.0.0");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static IllegalArgumentException fail(String message) {
    return new IllegalArgumentException(message);
  }
}
