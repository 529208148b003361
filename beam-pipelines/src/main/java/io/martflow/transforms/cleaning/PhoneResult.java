package io.martflow.transforms.cleaning;

/** A cleaned phone: E.164 text when the number is valid, else null. */
public record PhoneResult(String e164, boolean valid) {
  static final PhoneResult INVALID = new PhoneResult(null, false);
}
