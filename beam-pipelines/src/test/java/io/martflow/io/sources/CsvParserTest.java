package io.martflow.io.sources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.transforms.deadletter.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV splitter on every dialect option and every malformed case, one line each. */
class CsvParserTest {
  static final CsvSpec RFC = new CsvSpec("x.csv", ',', '"', null, true, List.of(), "UTF-8", 0);

  static CsvParser.Parsed parse(String text, CsvSpec spec) {
    return CsvParser.parse(text.getBytes(spec.charset()), spec, ValueFormats.DEFAULT);
  }

  /** line -> fields or reason. */
  static List<String> summary(CsvParser.Parsed p) {
    List<String> out = new ArrayList<>();
    for (CsvParser.Item i : p.items()) {
      out.add(i.line() + " " + (i instanceof CsvParser.Record r ? r.fields().toString() : ((CsvParser.Problem) i)
          .reason().name()));
    }
    return out;
  }

  @Test
  void quotedFieldsEscapesLineBreaksAndNulls() {
    CsvParser.Parsed p = parse("id,name,note\r\n1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n2,,\"\"\r\n\r\n"
        + "3,\"two\nlines\",x\n4,plain,\"\"\"quoted\"\"\"", RFC);
    assertThat(p.columns(), contains("id", "name", "note"));
    assertThat(summary(p), contains("2 [1, Smith, John, said \"hi\"]", "3 [2, null, ]", "5 [3, two\nlines, x]",
        "7 [4, plain, \"quoted\"]"));
  }

  @Test
  void everyMalformedLineIsOneProblemAtItsLineAndTheRestParses() {
    String csv = String.join("\n",
        "id,name,amount",                 // 1
        "1,ok,1.5",                       // 2
        "2,too,many,fields",              // 3 CSV_FIELD_COUNT
        "3,few",                          // 4 CSV_FIELD_COUNT
        "4,bro\"ken,1",                   // 5 CSV_QUOTING (quote inside an unquoted field)
        "5,\"closed\"then,1",             // 6 CSV_QUOTING (text after the closing quote)
        "6,fine,2",                       // 7
        "7,\"never closed,3",             // 8 CSV_QUOTING (unclosed): costs this line only
        "8,after,4",                      // 9
        "");
    CsvParser.Parsed p = parse(csv, RFC);
    assertThat(summary(p), contains("2 [1, ok, 1.5]", "3 CSV_FIELD_COUNT", "4 CSV_FIELD_COUNT", "5 CSV_QUOTING",
        "6 CSV_QUOTING", "7 [6, fine, 2]", "8 CSV_QUOTING", "9 [8, after, 4]"));
    CsvParser.Problem unclosed = (CsvParser.Problem) p.items().get(6);
    assertThat(unclosed.message(), is("a quote opened on this line is never closed"));
    assertThat(unclosed.text(), is("7,\"never closed,3"));
    assertThat(((CsvParser.Problem) p.items().get(1)).message(), is("4 field(s) where the header has 3"));
  }

  @Test
  void invalidUtf8SpoilsOneLine() {
    byte[] good = "id,name\n1,José\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'2', ',', 'J', 'o', 's', (byte) 0xE9, '\n'}; // Latin-1 é in a UTF-8 file
    byte[] after = "3,Zoë\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[good.length + bad.length + after.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    System.arraycopy(after, 0, all, good.length + bad.length, after.length);
    CsvParser.Parsed p = CsvParser.parse(all, RFC, ValueFormats.DEFAULT);
    assertThat(summary(p), contains("2 [1, José]", "3 ENCODING_ERROR", "4 [3, Zoë]"));
    assertThat(((CsvParser.Problem) p.items().get(1)).message(), is("field 2 is not valid UTF-8"));
    assertThat(((CsvParser.Problem) p.items().get(1)).reason(), is(RejectReason.ENCODING_ERROR));
  }

  @Test
  void latin1SemicolonsBomHeaderlessAndSkippedLines() {
    CsvSpec latin1 = new CsvSpec("x.csv", ';', '"', null, true, List.of(), "ISO-8859-1", 1);
    CsvParser.Parsed p = parse("Export vom 01.11.2026\nnr;name;preis\n1;Müller Straße;1.299,50\n", latin1);
    assertThat(summary(p), contains("3 [1, Müller Straße, 1.299,50]"));

    byte[] bom = "\uFEFFid,name\n1,a\n".getBytes(StandardCharsets.UTF_8);
    assertThat(CsvParser.parse(bom, RFC, ValueFormats.DEFAULT).columns(), contains("id", "name"));

    CsvSpec headerless = new CsvSpec("x.csv", '\t', null, null, false, List.of("id", "name"), "UTF-8", 0);
    assertThat(summary(parse("1\t\"as is\"\n2\tNA\n", headerless)), contains("1 [1, \"as is\"]", "2 [2, NA]"));

    CsvSpec backslash = new CsvSpec("x.csv", ',', '"', '\\', true, List.of(), "UTF-8", 0);
    assertThat(summary(parse("a,b\n\"x\\\"y\",z\n", backslash)), contains("2 [x\"y, z]"));

    ValueFormats nulls = new ValueFormats('.', null, null, null, List.of("", "NULL", "NA"), ValueFormats.DEFAULT_TRUE,
        ValueFormats.DEFAULT_FALSE, "UTC");
    CsvParser.Parsed n = CsvParser.parse("a,b,c,d\nNULL,NA,,\"NA\"\n".getBytes(StandardCharsets.UTF_8), RFC, nulls);
    assertThat("unquoted markers are null, quoted text is text",
        ((CsvParser.Record) n.items().get(0)).fields(), equalTo(Arrays.asList(null, null, null, "NA")));
  }

  @Test
  void anUnreadableHeaderFailsTheFile() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> parse("id,\"name\n1,2\n", RFC)).getMessage(),
        startsWith("line 1: the header cannot be read"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> parse("id,id\n1,2\n", RFC)).getMessage(),
        is("line 1: the header names column 'id' twice"));
  }
}
