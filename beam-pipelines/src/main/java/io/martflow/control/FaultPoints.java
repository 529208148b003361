package io.martflow.control;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named points between the steps of a run where tests inject failures. Off unless the system
 * property {@code martflow.fault} names a point: {@code after-load:orders}, {@code before-publish},
 * {@code after-publish:customers}, {@code after-models}, {@code before-control-update} ... A
 * point fails with an exception, or, with the prefix {@code kill:}, halts the JVM at once (exit
 * 137, as after SIGKILL: no finally blocks, no shutdown hooks).
 */
public final class FaultPoints {
  public static final String PROPERTY = "martflow.fault";

  private FaultPoints() {}

  /** An injected failure; never thrown unless a test asked for it. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String point) {
      super("injected failure at " + point);
    }
  }

  public static void hit(String point) {
    String configured = System.getProperty(PROPERTY);
    if (configured == null || configured.isBlank()) {
      return;
    }
    Set<String> points = Arrays.stream(configured.split(",")).map(String::trim).collect(Collectors.toSet());
    if (points.contains("kill:" + point)) {
      Runtime.getRuntime().halt(137);
    }
    if (points.contains(point)) {
      throw new InjectedFault(point);
    }
  }
}
