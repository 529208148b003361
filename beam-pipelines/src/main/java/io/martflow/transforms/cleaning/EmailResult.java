package io.martflow.transforms.cleaning;

/** A cleaned email: the lower-cased address and its domain when valid, else both null. */
public record EmailResult(String email, boolean valid, String domain) {
  static final EmailResult INVALID = new EmailResult(null, false, null);
}
