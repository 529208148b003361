package io.martflow.io.sources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The files of a CSV source: a glob matched on the local file system, or through Beam's
 * FileSystems for URIs (gs://...). Files are returned sorted by path, so runs read them in a
 * stable order.
 */
public final class CsvFiles {
  private CsvFiles() {}

  /** A matched file: its full path or URI and its name relative to the glob's fixed part. */
  public record Match(String path, String relative) {}

  public static List<Match> match(String glob) throws IOException {
    String base = base(glob);
    List<Match> out = new ArrayList<>();
    if (glob.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      MatchResult result = org.apache.beam.sdk.io.FileSystems.match(glob);
      if (result.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : result.metadata()) {
          String path = m.resourceId().toString();
          out.add(new Match(path, path.startsWith(base) ? path.substring(base.length()) : path));
        }
      } else if (result.status() != MatchResult.Status.NOT_FOUND) {
        throw new IOException("cannot list " + glob + ": " + result.status());
      }
    } else {
      Path dir = Path.of(base.isEmpty() ? "." : base);
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(Files::isRegularFile).filter(p -> matcher.matches(p.toAbsolutePath().normalize()))
            .forEach(p -> {
              String path = p.toAbsolutePath().normalize().toString();
              out.add(new Match(path, dir.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize())
                  .toString()));
            });
      }
    }
    out.sort(java.util.Comparator.comparing(Match::path));
    return out;
  }

  /** The directory part of a glob before its first wildcard, with a trailing separator. */
  static String base(String glob) {
    int wildcard = glob.length();
    for (int i = 0; i < glob.length(); i++) {
      if ("*?[{".indexOf(glob.charAt(i)) >= 0) {
        wildcard = i;
        break;
      }
    }
    int slash = glob.lastIndexOf('/', wildcard - 1);
    return slash < 0 ? "" : glob.substring(0, slash + 1);
  }

  public static byte[] read(String path) throws IOException {
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      var resource = org.apache.beam.sdk.io.FileSystems.matchNewResource(path, false);
      try (InputStream in = Channels.newInputStream(org.apache.beam.sdk.io.FileSystems.open(resource))) {
        return in.readAllBytes();
      }
    }
    return Files.readAllBytes(Path.of(path));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
