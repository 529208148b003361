package io.martflow.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ranges cover [min, max] exactly, contiguous and closed, over the whole bigint domain. */
class KeyRangePlannerTest {

  @ParameterizedTest(name = "[{0}, {1}], {2} rows")
  @CsvSource({
      "1, 100, 100",
      "5, 5, 1",
      "-9223372036854775808, 9223372036854775807, 3",
      "9223372036854775807, 9223372036854775807, 1",
      "-9223372036854775808, -9223372036854775808, 1",
      "-9223372036854775807, 9223372036854775806, 100000",
      "0, 9223372036854775807, 2"})
  void rangesCoverEveryKeyOnce(long min, long max, long rows) {
    List<KeyRange> ranges = KeyRangePlanner.plan(min, max, rows, 10, 4);
    KeyRange nulls = ranges.get(ranges.size() - 1);
    assertThat(nulls.nullKeys(), equalTo(true));
    List<KeyRange> keyed = ranges.subList(0, ranges.size() - 1);
    assertThat(keyed.get(0).lo(), equalTo(min));
    assertThat(keyed.get(keyed.size() - 1).hi(), equalTo(max));
    for (int i = 0; i < keyed.size(); i++) {
      KeyRange r = keyed.get(i);
      assertThat(r.toString(), r.lo(), lessThanOrEqualTo(r.hi()));
      if (i > 0) {
        assertThat("contiguous at " + r, r.lo() - 1, equalTo(keyed.get(i - 1).hi()));
      }
    }
    assertThat(keyed.size(), lessThanOrEqualTo(KeyRangePlanner.MAX_RANGES));
  }
}
