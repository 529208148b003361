package io.martflow.demo;

/** A key sequence of the operational database: ids are handed out once, in order, never reused. */
final class IdSequence {
  private long next;

  IdSequence(long next) {
    this.next = next;
  }

  long next() {
    return next++;
  }

  /** The id the next call to {@link #next()} returns. */
  long peek() {
    return next;
  }
}
