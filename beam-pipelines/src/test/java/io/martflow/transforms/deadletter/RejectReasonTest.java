package io.martflow.transforms.deadletter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.blankOrNullString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RejectReasonTest {

  @Test
  void everyCodeThePipelinesNeedExists() {
    List<String> codes = Arrays.stream(RejectReason.values()).map(Enum::name).toList();
    assertThat(codes, hasItems("MISSING_KEY", "MISSING_CUSTOMER_KEY", "MISSING_PRODUCT_KEY",
        "NO_CONTACT", "NEGATIVE_PRICE", "INVALID_QUANTITY", "INVALID_UNIT_PRICE", "INVALID_DISCOUNT",
        "MISSING_ORDER_TS", "ORDER_TS_TOO_OLD", "ORDER_TS_IN_FUTURE", "UNKNOWN_STATUS",
        "ORDER_NOT_FOUND", "ORDER_REJECTED", "DUPLICATE", "PARSE_ERROR"));
  }

  @ParameterizedTest
  @EnumSource(RejectReason.class)
  void everyCodeHasAOneLineSentence(RejectReason reason) {
    assertThat(reason.description(), not(blankOrNullString()));
    assertThat(reason.description(), endsWith("."));
    assertThat(reason.description().contains("\n"), is(false));
  }

  @ParameterizedTest
  @EnumSource(RejectReason.class)
  void everyCodeIsInTheUsersTableWithItsDescription(RejectReason reason) throws IOException {
    // Tests run from the module directory; the docs live at the repository root.
    String doc = Files.readString(Path.of("..", "docs", "business-rules.md"));
    assertThat(doc, containsString("| `" + reason.name() + "` | " + reason.description() + " |"));
  }

  @Test
  void descriptionsAreDistinct() {
    List<String> descriptions = Arrays.stream(RejectReason.values()).map(RejectReason::description).toList();
    assertThat(new HashSet<>(descriptions), containsInAnyOrder(descriptions.toArray()));
  }
}
