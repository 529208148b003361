package io.martflow.demo;

/**
 * What every part of the generator shares: the reference data, the data files, the dirty
 * spellings and the seed of the shop (the seed given to `generate`, which fixes customer and
 * product weights, home addresses and order life cycles for good).
 */
final class ShopContext {
  final ShopReference ref;
  final Places places;
  final People people;
  final Spellings spellings;
  final Catalog catalog;
  final long seed;
  final int maxSlaBusinessDays;

  ShopContext(ShopReference ref, long seed) {
    this.ref = ref;
    this.places = new Places(ref);
    this.people = new People(places);
    this.spellings = new Spellings(ref);
    this.catalog = new Catalog(ref);
    this.seed = seed;
    this.maxSlaBusinessDays = ref.shippingRates().stream().mapToInt(ShopReference.ShippingRate::slaBusinessDays)
        .max().orElse(5);
  }

  /** SLA in business days of a method for a ship country (by zone), 5 when unknown. */
  int slaDays(String method, String countryCode) {
    ShopReference.ShippingRate rate = ref.shippingRate(method, ref.zoneOf(countryCode));
    return rate == null ? 5 : rate.slaBusinessDays();
  }

  /** The home address of a customer in a country: the same wherever it is asked for. */
  Places.Address homeAddress(long customerId, int country) {
    return places.address(Seeds.random(seed, Seeds.HOME_ADDRESS, customerId, places.code(country).hashCode()), country);
  }
}
