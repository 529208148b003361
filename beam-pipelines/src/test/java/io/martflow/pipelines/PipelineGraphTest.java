package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.martflow.warehouse.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.util.construction.PTransformTranslation;
import org.apache.beam.sdk.util.construction.PipelineTranslation;
import org.apache.beam.sdk.util.construction.RehydratedComponents;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every domain graph, as the DirectRunner and as Dataflow would get it, translates to the portable
 * Runner API proto; each PCollection's coder survives the translation (the rehydrated coder equals
 * the one the graph set), and every key that is grouped has a deterministic coder. On the
 * DirectRunner by default no writer shuffle is added.
 */
class PipelineGraphTest {

  static List<String> domains() {
    return DataflowJobSpecTest.domains();
  }

  static List<String> directArgs() {
    return new ArrayList<>(List.of("--runner=DirectRunner", "--dbUrl=jdbc:postgresql://localhost:5432/martflow",
        "--dbUser=martflow_loader", "--runId=graph-1", "--windowStart=2026-11-01", "--windowEnd=2026-11-02"));
  }

  @ParameterizedTest
  @MethodSource("domains")
  void theDirectRunnerGraphTranslatesWithDeterministicEncodableCoders(String domain) throws Exception {
    Pipeline pipeline = build(domain, directArgs());
    RunnerApi.Pipeline proto = checkProto(pipeline);
    List<String> groupings = groupByKeyNames(proto);
    assertThat("no writer shuffle on the DirectRunner by default", groupings,
        not(hasItem(org.hamcrest.Matchers.containsString("GroupByWriterShard"))));
    assertThat("only the range reshuffle and side-input views group", groupings.stream()
        .filter(n -> !n.contains("/SpreadRanges/") && !n.contains("/AsSideInput/")).toList(), empty());
  }

  @ParameterizedTest
  @MethodSource("domains")
  void theDataflowGraphTranslatesWithDeterministicEncodableCoders(String domain, @TempDir Path dir) throws Exception {
    Pipeline pipeline = build(domain, DataflowJobSpecTest.dataflowArgs(dir, domain));
    RunnerApi.Pipeline proto = checkProto(pipeline);
    assertThat(groupByKeyNames(proto).stream().filter(n -> n.endsWith("/GroupByWriterShard")).count(), is(2L));
  }

  @ParameterizedTest
  @MethodSource("domains")
  void boundedWritersOnTheDirectRunnerWhenAskedFor(String domain) throws Exception {
    List<String> args = directArgs();
    args.add("--maxWriters=2");
    RunnerApi.Pipeline proto = checkProto(build(domain, args));
    assertThat(groupByKeyNames(proto), hasItem(startsWith("WriteRejects/CopyRejects/GroupByWriterShard")));
  }

  /** The shop plus a CSV and an HTTP store for every domain: three sources per domain, united before cleaning. */
  @ParameterizedTest
  @MethodSource("domains")
  void aGraphOfJdbcCsvAndHttpSourcesTranslatesAndAddsNoGrouping(String domain, @TempDir Path dir) throws Exception {
    StringBuilder yaml = new StringBuilder("include: [shop]\nsources:\n");
    Map<String, String> keys = Map.of("customers", "customer_id: id", "products", "product_id: id",
        "orders", "order_id: id", "order_items", "order_id: o, line_no: n");
    for (String d : List.of("customers", "products", "orders", "order_items")) {
      yaml.append("  - {name: csv.").append(d).append(", domain: ").append(d).append(", source_system: csv,"
          + " kind: csv, csv: {path: x/*.csv}, columns: {").append(keys.get(d)).append("}}\n");
      yaml.append("  - {name: api.").append(d).append(", domain: ").append(d).append(", source_system: api,"
          + " kind: http, http: {url: \"http://localhost:1/").append(d).append("\"}, columns: {")
          .append(keys.get(d)).append("}}\n");
    }
    java.nio.file.Path mapping = java.nio.file.Files.writeString(dir.resolve("sources.yml"), yaml);
    List<String> args = directArgs();
    args.add("--sources=" + mapping);
    RunnerApi.Pipeline proto = checkProto(build(domain, args));
    assertThat("only the range reshuffle and side-input views group", groupByKeyNames(proto).stream()
        .filter(n -> !n.contains("/SpreadRanges/") && !n.contains("/AsSideInput/")).toList(), empty());
    List<String> names = proto.getComponents().getTransformsMap().values().stream()
        .map(RunnerApi.PTransform::getUniqueName).toList();
    assertThat(names, hasItem(org.hamcrest.Matchers.containsString(domain.startsWith("order") ? "/csv/ReadAndJoinWhole"
        : "/csv." + domain + "/ReadWhole")));
    assertThat(names, hasItem(org.hamcrest.Matchers.endsWith(domain.startsWith("order") ? "/UniteGroups" : "/UniteRows")));
    Pipeline dataflow = build(domain, withSources(DataflowJobSpecTest.dataflowArgs(dir, domain), mapping));
    assertThat(groupByKeyNames(checkProto(dataflow)).stream().filter(n -> n.endsWith("/GroupByWriterShard")).count(),
        is(2L));
  }

  private static List<String> withSources(List<String> args, java.nio.file.Path mapping) {
    args.add("--sources=" + mapping);
    return args;
  }

  private static Pipeline build(String domain, List<String> args) {
    return build(Pipelines.definition(Manifest.load().requireDomain(domain)), args.toArray(new String[0]));
  }

  private static <O extends LoadOptions> Pipeline build(LoadDefinition<O> definition, String[] args) {
    O options = PipelineOptionsFactory.fromArgs(args).withValidation().as(definition.optionsClass());
    Pipeline pipeline = Pipeline.create(options);
    definition.build().apply(pipeline, options);
    return pipeline;
  }

  /** Translates the graph; checks every coder round-trips and every grouped key is deterministic. */
  private static RunnerApi.Pipeline checkProto(Pipeline pipeline) throws Exception {
    Map<String, Coder<?>> coders = new HashMap<>();
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitValue(PValue value, TransformHierarchy.Node producer) {
        if (value instanceof PCollection<?> pc) {
          coders.put(pc.getName(), pc.getCoder());
        }
      }
    });
    RunnerApi.Pipeline proto = PipelineTranslation.toProto(pipeline);
    RehydratedComponents components = RehydratedComponents.forComponents(proto.getComponents());
    int checked = 0;
    for (Map.Entry<String, RunnerApi.PCollection> e : proto.getComponents().getPcollectionsMap().entrySet()) {
      Coder<?> original = coders.get(e.getValue().getUniqueName());
      if (original == null) {
        continue; // expanded by the translation itself (primitive internals)
      }
      Coder<?> rehydrated = components.getCoder(e.getValue().getCoderId());
      assertThat(e.getValue().getUniqueName() + " coder survives the Runner API proto", rehydrated, equalTo(original));
      checked++;
    }
    assertThat(checked, greaterThan(10));
    for (RunnerApi.PTransform t : proto.getComponents().getTransformsMap().values()) {
      if (PTransformTranslation.GROUP_BY_KEY_TRANSFORM_URN.equals(t.getSpec().getUrn())) {
        String input = t.getInputsMap().values().iterator().next();
        Coder<?> coder = components.getCoder(proto.getComponents().getPcollectionsOrThrow(input).getCoderId());
        KvCoder<?, ?> kv = (KvCoder<?, ?>) coder;
        kv.getKeyCoder().verifyDeterministic(); // throws NonDeterministicException
      }
    }
    return proto;
  }

  private static List<String> groupByKeyNames(RunnerApi.Pipeline proto) {
    return proto.getComponents().getTransformsMap().values().stream()
        .filter(t -> PTransformTranslation.GROUP_BY_KEY_TRANSFORM_URN.equals(t.getSpec().getUrn()))
        .map(RunnerApi.PTransform::getUniqueName).toList();
  }
}
