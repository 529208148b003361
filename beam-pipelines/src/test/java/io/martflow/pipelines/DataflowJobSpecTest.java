package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.martflow.warehouse.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each domain pipeline, built with DataflowRunner options as production builds it, produces its
 * Dataflow job specification without any network: the runner writes a template to a local
 * templateLocation instead of calling the service (NoopCredentialFactory: no credentials;
 * NoopPathValidator: no GCS; staging and temp locations are local directories). The test reads the
 * job the service would receive and checks its steps, its worker settings and its options.
 */
class DataflowJobSpecTest {
  static final String SECRET = "projects/martflow-prod/secrets/martflow-loader-password/versions/latest";
  static final String INSTANCE = "martflow-prod:europe-west1:martflow-pg";
  static final ObjectMapper JSON = new ObjectMapper();

  static List<String> domains() {
    return Manifest.load().domains().stream().map(Manifest.Domain::name).toList();
  }

  /** The production flags of the Composer deployment, with local stand-ins for the GCS paths. */
  static List<String> dataflowArgs(Path dir, String domain) throws Exception {
    Path jar = Files.writeString(dir.resolve("martflow-stand-in.jar"), "the shaded jar in production");
    return new ArrayList<>(List.of(
        "--runner=DataflowRunner", "--project=martflow-prod", "--region=europe-west1",
        "--jobName=martflow-load-" + domain.replace('_', '-'),
        "--tempLocation=" + dir.resolve("temp"), "--gcpTempLocation=" + dir.resolve("temp"),
        "--stagingLocation=" + dir.resolve("staging"),
        "--templateLocation=" + dir.resolve(domain + "-job.json"),
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--filesToStage=" + jar,
        "--serviceAccount=martflow-dataflow@martflow-prod.iam.gserviceaccount.com",
        "--subnetwork=regions/europe-west1/subnetworks/martflow-private", "--usePublicIps=false",
        "--workerMachineType=n2-standard-4", "--maxNumWorkers=6",
        "--cloudSqlInstance=" + INSTANCE, "--dbName=martflow", "--dbUser=martflow_loader",
        "--dbPasswordSecret=" + SECRET, "--maxWriters=4",
        "--runId=offline-2026-11-01", "--windowStart=2026-11-01", "--windowEnd=2026-11-02"));
  }

  @ParameterizedTest
  @MethodSource("domains")
  void eachDomainProducesItsDataflowJobOffline(String domain, @TempDir Path dir) throws Exception {
    LoadDefinition<?> definition = Pipelines.definition(Manifest.load().requireDomain(domain));
    JsonNode job = buildTemplate(definition, dataflowArgs(dir, domain));

    Map<String, JsonNode> steps = steps(job);
    List<String> names = new ArrayList<>(steps.keySet());
    String extract = domain.equals("customers") ? "ExtractCustomers" : domain.equals("products") ? "ExtractProducts"
        : "ExtractOrdersWithLines";
    // Each configured source is read under its own name (the bundled mapping: the demo shop); orders
    // and their lines per source system.
    String source = switch (domain) {
      case "customers" -> "shop.customers";
      case "products" -> "shop.products";
      default -> "shop";
    };
    extract = extract + "/" + source;
    String plan = extract.startsWith("ExtractOrdersWithLines") ? "PlanOrderRanges" : "PlanKeyRanges";
    String read = extract.startsWith("ExtractOrdersWithLines") ? "ReadAndJoinRange" : "ReadKeyRange";
    String stage = switch (domain) {
      case "customers" -> "StageCustomers";
      case "products" -> "StageProducts";
      case "orders" -> "StageOrders";
      default -> "StageOrderItems";
    };
    // Extraction: plan key ranges, spread them over workers (a shuffle), read each range.
    assertThat(names, hasItems(extract + "/" + plan, extract + "/" + read, "ReadReferenceData/ReadRefTables"));
    assertThat(names, hasItem(startsWith(extract + "/SpreadRanges/")));
    String readInput = steps.get(extract + "/" + read).at("/properties/parallel_input/step_name").asText();
    assertThat("ranges reach the readers through the reshuffle, so Dataflow splits the extraction",
        userNameOf(job, readInput), startsWith(extract + "/SpreadRanges/"));
    // Bounded writers: rows are dealt to maxWriters shards, grouped by shard, then copied.
    String table = "stage.tmp_" + domain;
    assertThat(names, hasItems(stage + "/ShardForWriters", stage + "/GroupByWriterShard",
        stage + "/CopyShardsInto_" + table, "WriteRejects/CopyRejects/ShardForWriters",
        "WriteRejects/CopyRejects/GroupByWriterShard", "WriteRejects/CopyRejects/CopyShardsInto_ctl.rejects"));
    assertThat(steps.get(stage + "/GroupByWriterShard").path("kind").asText(), is("GroupByKey"));
    assertThat("no unbounded writer is left", names, not(hasItem(containsString("CopyInto_"))));

    // Workers: machine type, autoscaling bound, service account, private network.
    JsonNode pool = job.at("/environment/workerPools/0");
    assertThat(pool.path("machineType").asText(), is("n2-standard-4"));
    assertThat(pool.at("/autoscalingSettings/maxNumWorkers").asInt(), is(6));
    assertThat(pool.path("subnetwork").asText(), is("regions/europe-west1/subnetworks/martflow-private"));
    assertThat(pool.path("ipConfiguration").asText(), is("WORKER_IP_PRIVATE"));
    assertThat(job.at("/environment/serviceAccountEmail").asText(),
        is("martflow-dataflow@martflow-prod.iam.gserviceaccount.com"));
    assertThat(job.path("name").asText(), is("martflow-load-" + domain.replace('_', '-')));

    // Options the workers get: references only; no password value exists anywhere in the job.
    JsonNode options = job.at("/environment/sdkPipelineOptions/options");
    assertThat(options.path("cloudSqlInstance").asText(), is(INSTANCE));
    assertThat(options.path("dbPasswordSecret").asText(), is(SECRET));
    assertThat(options.path("maxWriters").asInt(), is(4));
    assertThat(options.path("dbPasswordEnv").isNull(), is(true));
    assertThat(options.path("dbPasswordFile").isNull(), is(true));
    assertThat(job.path("type").asText(), is("JOB_TYPE_BATCH"));
    assertThat("the stand-in jar was staged as the job's package",
        pool.at("/packages/0/name").asText(), startsWith("martflow-stand-in-"));
    assertThat(Files.readString(dir.resolve(domain + "-job.json")), not(containsString("password\":")));
  }

  @ParameterizedTest
  @MethodSource("domains")
  void withoutMaxWritersDataflowStillBoundsTheWriters(String domain, @TempDir Path dir) throws Exception {
    LoadDefinition<?> definition = Pipelines.definition(Manifest.load().requireDomain(domain));
    List<String> args = dataflowArgs(dir, domain);
    args.removeIf(a -> a.startsWith("--maxWriters="));
    JsonNode job = buildTemplate(definition, args);
    assertThat(job.at("/environment/sdkPipelineOptions/options/maxWriters").asInt(),
        equalTo(LoadOptions.MaxWritersFactory.DATAFLOW_DEFAULT));
    assertThat(steps(job).keySet(), hasItem(containsString("/GroupByWriterShard")));
  }

  /** Builds the domain's graph exactly as LoadRunner does and lets DataflowRunner write the job. */
  static JsonNode buildTemplate(LoadDefinition<?> definition, List<String> args) throws Exception {
    PipelineResult result = run(definition, args.toArray(new String[0]));
    assertThat(result, instanceOf(DataflowTemplateJob.class));
    String location = args.stream().filter(a -> a.startsWith("--templateLocation=")).findFirst().orElseThrow()
        .substring("--templateLocation=".length());
    return JSON.readTree(Files.readString(Path.of(location)));
  }

  private static <O extends LoadOptions> PipelineResult run(LoadDefinition<O> definition, String[] args) {
    O options = PipelineOptionsFactory.fromArgs(args).withValidation().as(definition.optionsClass());
    Pipeline pipeline = Pipeline.create(options);
    definition.build().apply(pipeline, options);
    return pipeline.run();
  }

  /** user_name (the full transform name) -> step. */
  static Map<String, JsonNode> steps(JsonNode job) {
    Map<String, JsonNode> steps = new HashMap<>();
    for (JsonNode step : job.path("steps")) {
      steps.put(step.at("/properties/user_name/value").asText(), step);
    }
    return steps;
  }

  private static String userNameOf(JsonNode job, String stepName) {
    for (JsonNode step : job.path("steps")) {
      if (step.path("name").asText().equals(stepName)) {
        return step.at("/properties/user_name/value").asText();
      }
    }
    return "(no step " + stepName + ")";
  }
}
