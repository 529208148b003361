package io.martflow.io.sources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A page's bytes as text: only bytes that are not UTF-8 mark the page as holding undecodable records. */
class HttpPagesDecodeTest {
  @Test
  void validUtf8IsDecodedAsIs() {
    HttpPages.Text text = HttpPages.decode("[{\"name\":\"Zoë\"}]".getBytes(StandardCharsets.UTF_8));
    assertThat(text.text(), equalTo("[{\"name\":\"Zoë\"}]"));
    assertThat(text.undecodable(), equalTo(false));
  }

  @Test
  void aNoncharacterWrittenAsValidUtf8IsNotAnEncodingError() {
    String json = "[{\"name\":\"a" + HttpPages.UNDECODABLE + "b\"}]";
    HttpPages.Text text = HttpPages.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(text.text(), equalTo(json));
    assertThat(text.undecodable(), equalTo(false));
  }

  @Test
  void bytesThatAreNotUtf8BecomeTheMarker() {
    byte[] body = {'[', '"', 'a', (byte) 0xff, 'b', '"', ']'};
    HttpPages.Text text = HttpPages.decode(body);
    assertThat(text.text(), equalTo("[\"a" + HttpPages.UNDECODABLE + "b\"]"));
    assertThat(text.undecodable(), equalTo(true));
  }
}
