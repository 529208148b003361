package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RunContextTest {
  private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
  private static final Instant END = Instant.parse("2024-03-02T00:00:00Z");

  @Test
  void aWindowedRunIsNotAFullRefresh() {
    RunContext ctx = RunContext.window("r1", START, END, END, ZoneId.of("UTC"));
    assertThat(ctx.isFullRefresh(), is(false));
    assertThat(RunContext.fullRefresh("r2", END, ZoneId.of("UTC")).isFullRefresh(), is(true));
  }

  @Test
  void businessDatesUseTheBusinessZone() {
    Instant lateEveningInNewYork = Instant.parse("2024-03-02T03:30:00Z");
    RunContext newYork = RunContext.fullRefresh("r", lateEveningInNewYork, ZoneId.of("America/New_York"));
    RunContext utc = RunContext.fullRefresh("r", lateEveningInNewYork, ZoneId.of("UTC"));
    assertThat(newYork.businessDate(), equalTo(LocalDate.of(2024, 3, 1)));
    assertThat(utc.businessDate(), equalTo(LocalDate.of(2024, 3, 2)));
  }

  @Test
  void windowMustHaveBothEndsInOrder() {
    ZoneId utc = ZoneId.of("UTC");
    assertThrows(IllegalArgumentException.class, () -> new RunContext("r", START, null, END, utc));
    assertThrows(IllegalArgumentException.class, () -> new RunContext("r", null, END, END, utc));
    assertThrows(IllegalArgumentException.class, () -> RunContext.window("r", END, START, END, utc));
    assertThrows(IllegalArgumentException.class, () -> RunContext.window("r", END, END, END, utc));
    assertThrows(NullPointerException.class, () -> RunContext.fullRefresh("r", null, utc));
  }

  @Test
  void isSerializable() throws Exception {
    RunContext ctx = RunContext.window("r1", START, END, END, ZoneId.of("Europe/Paris"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(ctx);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject(), equalTo(ctx));
    }
  }
}
