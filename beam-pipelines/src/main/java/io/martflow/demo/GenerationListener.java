package io.martflow.demo;

/** Hears how far `generate` or `simulate` got: a step, the rows written so far, whether it ended. */
@FunctionalInterface
public interface GenerationListener {
  GenerationListener NONE = (step, rows, finished) -> { };

  void progress(String step, long rows, boolean finished);
}
