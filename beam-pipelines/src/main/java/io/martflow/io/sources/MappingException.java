package io.martflow.io.sources;

import java.util.List;

/**
 * A mapping file that cannot be used: every problem found, each as "file:line: message". The
 * message of the exception is the first problem (one line for the CLI); {@link #problems()} has
 * them all.
 */
public final class MappingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public MappingException(List<String> problems) {
    super(problems.isEmpty() ? "invalid mapping" : problems.get(0)
        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s); run 'martflow sources"
        + " validate' to see them all)" : ""));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
