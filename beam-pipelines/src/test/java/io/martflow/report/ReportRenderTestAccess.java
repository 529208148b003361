package io.martflow.report;

import java.nio.file.Path;
import java.util.List;

/** ReportRenderTest's headless Chromium for tests of other packages. */
public final class ReportRenderTestAccess {
  private ReportRenderTestAccess() {}

  public record Rendered(String dom, String log, List<String> consoleErrors) {
    public String bodyTag() {
      return ReportRenderTest.bodyTag(dom);
    }

    /** Figures whose chart was drawn as SVG. */
    public long svgCharts() {
      return dom.split("data-rendered=\"svg\"", -1).length - 1L;
    }

    public int count(String chart, String token) {
      return ReportRenderTest.count(ReportRenderTest.figure(dom, chart), token);
    }
  }

  public static Rendered render(Path file) throws Exception {
    ReportRenderTest.Rendered r = ReportRenderTest.Chromium.dumpDom(file);
    return new Rendered(r.dom(), r.log(), r.consoleErrors());
  }
}
