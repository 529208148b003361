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
}
