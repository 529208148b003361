package io.martflow.demo;

import static io.martflow.demo.ShopCalendar.DAY;

import java.util.SplittableRandom;

/** Builds customer rows: clean ones, and the dirty variants of {@link DirtyKind}. */
final class CustomerFactory {
  static final double WITH_PHONE = 0.88;
  static final double WITH_BIRTH_DATE = 0.95;
  static final double PROFILE_UPDATED = 0.15;
  static final double SOFT_DELETED = 0.01;

  private final ShopContext ctx;

  CustomerFactory(ShopContext ctx) {
    this.ctx = ctx;
  }

  /** A clean customer created at {@code createdAt}, in its state just before {@code cutoff}. */
  Rows.Customer create(SplittableRandom r, long id, long createdAt, long cutoff) {
    Rows.Customer c = new Rows.Customer();
    int country = ctx.places.pickCountry(r);
    c.countryIndex = country;
    c.customerId = id;
    c.firstName = ctx.people.firstName(r, country);
    c.lastName = ctx.people.lastName(r, country);
    c.email = ctx.people.email(r, country, c.firstName, c.lastName);
    c.phone = r.nextDouble() < WITH_PHONE ? ctx.people.phoneE164(r, country) : null;
    Places.Address home = ctx.homeAddress(id, country);
    c.country = home.country();
    c.state = home.state();
    c.city = home.city();
    c.postalCode = home.postalCode();
    if (r.nextDouble() < WITH_BIRTH_DATE) {
      int age = 18 + (int) (62 * Math.pow(r.nextDouble(), 1.6));
      c.birthDate = ShopCalendar.epochDay(createdAt) - Math.round(age * 365.25) - r.nextInt(365);
    }
    c.createdAt = createdAt;
    c.updatedAt = createdAt;
    double fate = r.nextDouble();
    if (fate < SOFT_DELETED && cutoff - createdAt > 2 * DAY) {
      c.deleted = true;
      c.updatedAt = ShopCalendar.between(r, createdAt + DAY, cutoff);
    } else if (fate < SOFT_DELETED + PROFILE_UPDATED) {
      c.updatedAt = ShopCalendar.between(r, createdAt, cutoff);
    }
    return c;
  }

  /** Makes a clean customer dirty in the way of {@code kind} (values drawn from {@code v}). */
  void soil(Rows.Customer c, DirtyKind kind, SplittableRandom v) {
    switch (kind) {
      case CUSTOMER_MISSING_KEY -> c.customerId = null;
      case CUSTOMER_NO_CONTACT -> {
        c.firstName = null;
        c.lastName = null;
        c.email = null;
        c.phone = null;
      }
      case CUSTOMER_INVALID_EMAIL -> c.email = Spellings.invalidEmail(v, c.email);
      case CUSTOMER_EMAIL_NOT_NORMALIZED -> c.email = Spellings.unnormalizedEmail(v, c.email);
      case CUSTOMER_NAME_WHITESPACE -> {
        int which = v.nextInt(3);
        if (which != 1) {
          c.firstName = Spellings.spaced(v, c.firstName);
        }
        if (which != 0) {
          c.lastName = Spellings.spaced(v, c.lastName);
        }
      }
      case CUSTOMER_NAME_CASING -> {
        int which = v.nextInt(3);
        if (which != 1) {
          c.firstName = Spellings.miscased(v, c.firstName);
        }
        if (which != 0) {
          c.lastName = Spellings.miscased(v, c.lastName);
        }
      }
      case CUSTOMER_PHONE_FORMAT -> {
        String e164 = c.phone != null ? c.phone : ctx.people.phoneE164(v, c.countryIndex);
        c.phone = e164 == null ? null : People.retype(v, e164, c.country);
      }
      case CUSTOMER_COUNTRY_NAME -> c.country = ctx.spellings.country(v, c.country);
      case CUSTOMER_DUPLICATE -> { }
      default -> throw new IllegalArgumentException("not a customer kind: " + kind);
    }
  }
}
