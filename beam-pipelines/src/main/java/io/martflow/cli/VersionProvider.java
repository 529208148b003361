package io.martflow.cli;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar's manifest at build time. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = MartflowCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "martflow " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version") + ", Apache Beam 2.70.0"
    };
  }
}
