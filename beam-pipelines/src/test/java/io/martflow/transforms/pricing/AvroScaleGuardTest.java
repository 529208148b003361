package io.martflow.transforms.pricing;

import static io.martflow.testing.TestRecords.money;
import static io.martflow.testing.TestRecords.order;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.model.Order;
import io.martflow.testing.AvroAssertions;
import org.junit.jupiter.api.Test;

/** The scale check the other tests rely on does catch a wrong scale. */
class AvroScaleGuardTest {

  @Test
  void aDecimalWithTheWrongScaleIsCaught() {
    Order wrongScale = order(1).setItemsNet(money("5.0")).build();
    AssertionError e = assertThrows(AssertionError.class,
        () -> AvroAssertions.assertExactScalesAndRoundTrip(wrongScale));
    assertThat(e.getMessage(), containsString("items_net"));
  }

  @Test
  void exactScalesPass() {
    AvroAssertions.assertExactScalesAndRoundTrip(order(1).setItemsNet(Money.amount(money("5"))).build());
  }
}
