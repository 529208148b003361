package io.martflow.demo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** docs/demo-data.md lists every dirty kind with the table, rate and outcome the code has. */
class ShopDocsTest {
  @Test
  void theDirtyDataTableMatchesDirtyKind() throws Exception {
    Path docs = Path.of("..", "docs", "demo-data.md");
    List<String> lines = Files.readAllLines(docs, StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    int documented = 0;
    for (String line : lines) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String name = cells[1].strip().replace("`", "");
      DirtyKind kind;
      try {
        kind = DirtyKind.valueOf(name);
      } catch (IllegalArgumentException e) {
        problems.add("documented kind that does not exist: " + name);
        continue;
      }
      documented++;
      String percent = new BigDecimal(Double.toString(kind.rate())).movePointRight(2).stripTrailingZeros().toPlainString() + " %";
      if (!cells[2].strip().equals(kind.table().tableName())) {
        problems.add(name + ": table " + cells[2].strip());
      }
      if (!cells[3].strip().equals(percent)) {
        problems.add(name + ": rate " + cells[3].strip() + ", code says " + percent);
      }
      String outcome = cells[5].strip();
      if (kind.isRejected() ? !outcome.equals("reject `" + kind.rejectReason().orElseThrow() + "`")
          : !outcome.toLowerCase(Locale.ROOT).startsWith("repaired by")) {
        problems.add(name + ": outcome " + outcome + ", code says " + kind.expectedOutcome());
      }
    }
    assertThat(problems, empty());
    assertThat(documented, equalTo(DirtyKind.values().length));
    String text = String.join("\n", lines);
    for (ShopTable t : ShopTable.values()) {
      String total = new BigDecimal(Double.toString(DirtyKind.totalRate(t) * 100))
          .setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
      assertThat(text, containsString(t.tableName() + " " + total + " %"));
    }
  }
}
