package io.martflow.demo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same options give byte-identical shop tables, in any database; another seed gives others. */
class GeneratorDeterminismTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  static final LocalDate START = LocalDate.of(2024, 11, 20);
  static String second;
  static String third;
  static ShopReference ref;

  @BeforeAll
  static void databases() throws Exception {
    second = TestDatabase.createDatabase(true);
    third = TestDatabase.createDatabase(true);
    ref = ShopTestSupport.reference(db);
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    TestDatabase.dropDatabase(second);
    TestDatabase.dropDatabase(third);
  }

  private static ShopCounts generate(ConnectionSpec spec, long seed) throws Exception {
    return new ShopGenerator(ref, new ShopGenerator.Options(0.1, 12, seed, START)).generate(spec, GenerationListener.NONE);
  }

  @Test
  void sameOptionsSameTablesOtherSeedOtherTablesAndSimulateToo() throws Exception {
    ConnectionSpec a = db.spec();
    ConnectionSpec b = TestDatabase.specFor(second);
    ConnectionSpec c = TestDatabase.specFor(third);
    generate(a, 7);
    generate(b, 7);
    generate(c, 8);
    Map<String, String> sumsA = ShopTestSupport.checksums(a);
    assertThat(ShopTestSupport.checksums(b), equalTo(sumsA));
    Map<String, String> sumsC = ShopTestSupport.checksums(c);
    for (ShopTable t : ShopTable.values()) {
      assertThat(t + " with another seed", sumsC.get(t.qualifiedName()), not(equalTo(sumsA.get(t.qualifiedName()))));
    }

    // generating again over an existing shop replaces it with the very same tables
    generate(a, 7);
    assertThat(ShopTestSupport.checksums(a), equalTo(sumsA));

    ShopSimulator simulator = new ShopSimulator(ref);
    simulator.simulate(a, 3, null, GenerationListener.NONE);
    simulator.simulate(b, 3, null, GenerationListener.NONE);
    Map<String, String> simulatedA = ShopTestSupport.checksums(a);
    assertThat(ShopTestSupport.checksums(b), equalTo(simulatedA));
    for (ShopTable t : ShopTable.values()) {
      assertThat(t + " after simulate", simulatedA.get(t.qualifiedName()), not(equalTo(sumsA.get(t.qualifiedName()))));
    }

    // the simulate seed drives the new days: another one, other rows
    generate(c, 7);
    simulator.simulate(c, 3, 99L, GenerationListener.NONE);
    assertThat(ShopTestSupport.checksums(c).get("shop.orders"), not(equalTo(simulatedA.get("shop.orders"))));
  }
}
