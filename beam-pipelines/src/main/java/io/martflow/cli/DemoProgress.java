package io.martflow.cli;

import io.martflow.demo.GenerationListener;

/** Shows the generator's progress as {@link Progress} lines: one per step, updates at most every 2 s. */
final class DemoProgress implements GenerationListener {
  private static final double UPDATE_SECONDS = 2.0;

  private String step;
  private Progress progress;
  private double lastUpdate;

  @Override
  public void progress(String name, long rows, boolean finished) {
    if (!name.equals(step)) {
      step = name;
      progress = Progress.start(name);
      lastUpdate = 0;
    }
    if (finished) {
      if (rows > 0) {
        progress.done(rows);
      } else {
        progress.done();
      }
      step = null;
    } else if (progress.elapsedSeconds() - lastUpdate >= UPDATE_SECONDS) {
      lastUpdate = progress.elapsedSeconds();
      progress.update(rows);
    }
  }
}
