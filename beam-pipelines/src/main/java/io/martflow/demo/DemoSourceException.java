package io.martflow.demo;

/**
 * The demo source cannot be generated or simulated as asked (no generated shop to simulate,
 * reference data missing, options out of range). The message is one line for the command line.
 */
public class DemoSourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DemoSourceException(String message) {
    super(message);
  }
}
