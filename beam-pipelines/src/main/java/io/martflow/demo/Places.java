package io.martflow.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the demo customers live: the weighted countries of countries.tsv that ref.countries has
 * (mostly US, GB, DE, FR, then a long tail), and cities with their state and postal code format.
 */
final class Places {
  record Place(String state, String city, String postalPattern) {}

  record Address(String country, String state, String city, String postalCode) {}

  private final String[] codes;
  private final String[] languages;
  private final String[][] localDomains;
  private final double[] cumulativeWeight;
  private final Map<String, Integer> indexByCode = new LinkedHashMap<>();
  private final List<List<Place>> places = new ArrayList<>();

  Places(ShopReference ref) {
    List<String[]> rows = new ArrayList<>();
    for (String[] row : Resources.tsv("countries.tsv")) {
      if (ref.country(row[0]) != null) {
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      // ref.countries has none of the shop's markets: sell to its first countries instead.
      for (ShopReference.Country c : ref.countries().subList(0, Math.min(5, ref.countries().size()))) {
        rows.add(new String[] {c.code(), "1", "en", ""});
      }
    }
    int n = rows.size();
    codes = new String[n];
    languages = new String[n];
    localDomains = new String[n][];
    cumulativeWeight = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      String[] row = rows.get(i);
      codes[i] = row[0];
      languages[i] = row[2];
      localDomains[i] = row.length > 3 && !row[3].isBlank() ? row[3].split(",") : new String[0];
      total += Double.parseDouble(row[1]);
      cumulativeWeight[i] = total;
      indexByCode.put(codes[i], i);
      places.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      cumulativeWeight[i] /= total;
    }
    for (String[] row : Resources.tsv("places.tsv")) {
      Integer i = indexByCode.get(row[0]);
      if (i != null) {
        places.get(i).add(new Place(blankToNull(row[1]), row[2], blankToNull(row.length > 3 ? row[3] : "")));
      }
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  int size() {
    return codes.length;
  }

  /** A country index drawn by customer share. */
  int pickCountry(SplittableRandom r) {
    double u = r.nextDouble();
    for (int i = 0; i < cumulativeWeight.length; i++) {
      if (u < cumulativeWeight[i]) {
        return i;
      }
    }
    return cumulativeWeight.length - 1;
  }

  String code(int country) {
    return codes[country];
  }

  /** The index of a country code, or -1 when the shop does not sell there. */
  int indexOf(String code) {
    Integer i = code == null ? null : indexByCode.get(code);
    return i == null ? -1 : i;
  }

  String language(int country) {
    return languages[country];
  }

  String[] localDomains(int country) {
    return localDomains[country];
  }

  Address address(SplittableRandom r, int country) {
    List<Place> list = places.get(country);
    if (list.isEmpty()) {
      return new Address(codes[country], null, null, null);
    }
    Place p = list.get(r.nextInt(list.size()));
    return new Address(codes[country], p.state(), p.city(), postalCode(r, p.postalPattern()));
  }

  static String postalCode(SplittableRandom r, String pattern) {
    if (pattern == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(pattern.length());
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '#') {
        sb.append((char) ('0' + r.nextInt(10)));
      } else if (c == '@') {
        sb.append((char) ('A' + r.nextInt(26)));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
