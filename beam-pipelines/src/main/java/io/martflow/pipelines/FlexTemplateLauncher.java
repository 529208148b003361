package io.martflow.pipelines;

import io.martflow.cli.Errors;
import io.martflow.warehouse.Manifest;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * Main class of the Dataflow Flex Template (deploy/dataflow): one image for every domain, the
 * domain chosen by the {@code domain} parameter. It checks the options, submits the domain's job
 * and exits without waiting, as a Flex Template launcher must ({@link LoadRunner#launch}).
 *
 * <p>The template's parameters are exactly the properties of {@link Options} (deploy/dataflow/
 * metadata.json; FlexTemplateMetadataTest keeps the two equal).
 */
public final class FlexTemplateLauncher {
  private FlexTemplateLauncher() {}

  /** Every load option, plus the domain. */
  public interface Options extends LoadOptions {
    @Description("Domain to load: customers, products, orders or order_items (manifest.yml).")
    @Validation.Required
    String getDomain();

    void setDomain(String value);
  }

  public static void main(String[] args) {
    io.martflow.cli.Logging.configure(false);
    String domain = "?";
    try {
      List<String> rest = new ArrayList<>();
      for (String a : args) {
        if (a.startsWith("--domain=")) {
          domain = a.substring("--domain=".length());
        } else {
          rest.add(a);
        }
      }
      if (domain.equals("?")) {
        throw new IllegalArgumentException("give --domain (one of " + String.join(", ", Manifest.load().domainNames())
            + ")");
      }
      LoadDefinition<?> definition = Pipelines.definition(Manifest.load().requireDomain(domain));
      LoadRunner.launch(definition, rest.toArray(new String[0]));
    } catch (Exception e) {
      System.err.println("martflow " + domain + ": " + Errors.describe(e));
      System.exit(Errors.exitCode(e));
    }
  }
}
