package io.martflow.io.sources;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.List;

/**
 * A CSV source's files and dialect. {@code path} is a glob (local, or any scheme Beam's FileSystems
 * knows, such as gs://); {@code quote} null means fields are never quoted; {@code escape} null means
 * a quote inside a quoted field is doubled ("") as in RFC 4180; {@code fileColumns} names the
 * columns of files without a header line.
 */
public record CsvSpec(String path, char delimiter, Character quote, Character escape, boolean header,
    List<String> fileColumns, String encoding, int skipLines) implements Serializable {

  public static final List<String> ENCODINGS = List.of("UTF-8", "ISO-8859-1", "windows-1252");

  public CsvSpec {
    fileColumns = fileColumns == null ? List.of() : List.copyOf(fileColumns);
  }

  public Charset charset() {
    return Charset.forName(encoding);
  }
}
