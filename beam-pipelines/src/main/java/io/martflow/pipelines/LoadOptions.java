package io.martflow.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options every domain pipeline shares. Connections default to the MARTFLOW_* environment (or the
 * embedded server) when no URL is given. Passwords are never options: only where to find them.
 */
public interface LoadOptions extends PipelineOptions {
  @Description("Run id tagging staged rows, rejects and the run log; generated when absent.")
  String getRunId();

  void setRunId(String value);

  @Description("Start of the change window, inclusive (ISO date or timestamp, e.g. 2026-11-01T00:00:00Z).")
  String getWindowStart();

  void setWindowStart(String value);

  @Description("End of the change window, exclusive (ISO date or timestamp).")
  String getWindowEnd();

  void setWindowEnd(String value);

  @Description("Read every source row instead of a window (the window end, if given, is the reference time).")
  @Default.Boolean(false)
  boolean getFullRefresh();

  void setFullRefresh(boolean value);

  @Description("Warehouse JDBC URL; default MARTFLOW_DB_URL, else the embedded server.")
  String getDbUrl();

  void setDbUrl(String value);

  @Description("Warehouse user; default MARTFLOW_DB_USER.")
  String getDbUser();

  void setDbUser(String value);

  @Description("Environment variable holding the warehouse password (read where the pipeline runs).")
  String getDbPasswordEnv();

  void setDbPasswordEnv(String value);

  @Description("File holding the warehouse password.")
  String getDbPasswordFile();

  void setDbPasswordFile(String value);

  @Description("Secret Manager version holding the warehouse password: projects/P/secrets/S/versions/V.")
  String getDbPasswordSecret();

  void setDbPasswordSecret(String value);

  @Description("Cloud SQL instance of the warehouse, PROJECT:REGION:INSTANCE: connect through the Cloud SQL JDBC"
      + " socket factory (TLS, IAM-authorized; give --dbName instead of --dbUrl).")
  String getCloudSqlInstance();

  void setCloudSqlInstance(String value);

  @Description("Warehouse database on the Cloud SQL instance (with --cloudSqlInstance).")
  @Default.String("martflow")
  String getDbName();

  void setDbName(String value);

  @Description("Log in to the Cloud SQL warehouse with IAM database authentication as this machine's service account"
      + " (--dbUser is its email without .gserviceaccount.com); no password.")
  @Default.Boolean(false)
  boolean getDbIamAuth();

  void setDbIamAuth(boolean value);

  @Description("Cloud SQL IP types the socket factory tries, in order (PRIVATE, PUBLIC, PSC; comma-separated).")
  @Default.String("PRIVATE")
  String getCloudSqlIpTypes();

  void setCloudSqlIpTypes(String value);

  @Description("Source JDBC URL; default MARTFLOW_SOURCE_DB_URL, else the warehouse connection.")
  String getSourceDbUrl();

  void setSourceDbUrl(String value);

  @Description("Source user; default MARTFLOW_SOURCE_DB_USER.")
  String getSourceDbUser();

  void setSourceDbUser(String value);

  @Description("Environment variable holding the source password.")
  String getSourceDbPasswordEnv();

  void setSourceDbPasswordEnv(String value);

  @Description("File holding the source password.")
  String getSourceDbPasswordFile();

  void setSourceDbPasswordFile(String value);

  @Description("Secret Manager version holding the source password.")
  String getSourceDbPasswordSecret();

  void setSourceDbPasswordSecret(String value);

  @Description("Cloud SQL instance of the source, PROJECT:REGION:INSTANCE (instead of --sourceDbUrl).")
  String getSourceCloudSqlInstance();

  void setSourceCloudSqlInstance(String value);

  @Description("Source database on its Cloud SQL instance; default: --dbName.")
  String getSourceDbName();

  void setSourceDbName(String value);

  @Description("Log in to the Cloud SQL source with IAM database authentication; no password.")
  @Default.Boolean(false)
  boolean getSourceDbIamAuth();

  void setSourceDbIamAuth(boolean value);

  @Description("Source mapping file (YAML, docs/sources.md) naming every source the domains read: JDBC tables or"
      + " queries, CSV files, HTTP endpoints. Default: the bundled mapping of the demo shop (schema --sourceSchema,"
      + " key namespace --sourceSystem).")
  String getSources();

  void setSources(String value);

  @Description("Schema of the demo source tables.")
  @Default.String("shop")
  String getSourceSchema();

  void setSourceSchema(String value);

  @Description("Key namespace of the demo source (part of every natural key in the warehouse).")
  @Default.String("shop")
  String getSourceSystem();

  void setSourceSystem(String value);

  @Description("Whether the source's prices include tax.")
  @Default.Boolean(false)
  boolean getPricesIncludeTax();

  void setPricesIncludeTax(boolean value);

  @Description("Target rows per key range: the unit of parallel extraction and of memory per worker.")
  @Default.Long(100_000L)
  long getRowsPerRange();

  void setRowsPerRange(long value);

  @Description("At least this many key ranges per source, so every worker has work on small windows.")
  @Default.Integer(4)
  int getMinRanges();

  void setMinRanges(int value);

  @Description("JDBC cursor fetch size.")
  @Default.Integer(10_000)
  int getFetchSize();

  void setFetchSize(int value);

  @Description("Concurrent writer connections per sink (stage table, rejects): rows are spread over this many shards"
      + " and each shard is written through one connection at a time. 0 = no shuffle, one connection per writer"
      + " thread (the DirectRunner's default: it has few threads). Default 0 on the DirectRunner, "
      + MaxWritersFactory.DATAFLOW_DEFAULT + " on Dataflow, where 0 is refused.")
  @Default.InstanceFactory(MaxWritersFactory.class)
  Integer getMaxWriters();

  void setMaxWriters(Integer value);

  /** 0 (no writer shards) on the DirectRunner, a bounded number on Dataflow. */
  final class MaxWritersFactory implements org.apache.beam.sdk.options.DefaultValueFactory<Integer> {
    /** Two sinks x 8 = 16 COPY connections per load: comfortable for a 2-vCPU Cloud SQL instance. */
    public static final int DATAFLOW_DEFAULT = 8;

    @Override
    public Integer create(PipelineOptions options) {
      return RunnerChecks.isDataflow(options) ? DATAFLOW_DEFAULT : 0;
    }
  }
}
