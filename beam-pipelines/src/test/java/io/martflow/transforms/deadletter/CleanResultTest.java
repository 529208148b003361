package io.martflow.transforms.deadletter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CleanResultTest {

  @Test
  void okCarriesTheValueAndNoRejection() {
    CleanResult<String> result = CleanResult.ok("row");
    assertThat(result.isOk(), is(true));
    assertThat(result.isRejected(), is(false));
    assertThat(result.value(), equalTo("row"));
    assertThrows(IllegalStateException.class, result::rejection);
  }

  @Test
  void rejectedCarriesTheReasonAndMessageAndNoValue() {
    CleanResult<String> result = CleanResult.rejected(RejectReason.NO_CONTACT, "customer 7");
    assertThat(result.isOk(), is(false));
    assertThat(result.isRejected(), is(true));
    assertThat(result.rejection(), equalTo(new Rejection(RejectReason.NO_CONTACT, "customer 7")));
    assertThrows(IllegalStateException.class, result::value);
  }

  @Test
  void okNeedsAValueAndARejectionNeedsAReasonAndMessage() {
    assertThrows(NullPointerException.class, () -> CleanResult.ok(null));
    assertThrows(NullPointerException.class, () -> CleanResult.rejected(null, "m"));
    assertThrows(NullPointerException.class, () -> CleanResult.rejected(RejectReason.DUPLICATE, null));
  }
}
