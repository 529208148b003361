package io.martflow.pipelines;

import io.martflow.warehouse.Manifest;

/** Finds a domain's pipeline through the manifest (its class's static {@code definition()}). */
public final class Pipelines {
  private Pipelines() {}

  public static LoadDefinition<?> definition(Manifest.Domain domain) {
    try {
      Class<?> pipeline = Class.forName(domain.pipeline());
      return (LoadDefinition<?>) pipeline.getMethod("definition").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("manifest.yml: pipeline " + domain.pipeline() + " of domain " + domain.name()
          + " has no static definition(): " + e, e);
    }
  }
}
