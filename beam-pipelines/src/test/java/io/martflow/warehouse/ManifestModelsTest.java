package io.martflow.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.warehouse.models.ModelRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ModelRunner refuses a manifest whose models the DAG could not order. */
class ManifestModelsTest {

  private static Manifest models(String yaml) {
    return Manifest.parse("domains: []\nmodels:\n" + yaml);
  }

  @Test
  void aDependencyMustBeListedBeforeItsDependant() {
    Manifest m = models("""
          - {name: daily_sales, file: marts/daily_sales.sql, depends_on: [fact_orders]}
          - {name: fact_orders, file: core/fact_orders.sql, depends_on: []}
        """);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelRunner.validate(m));
    assertThat(e.getMessage(), equalTo(
        "manifest.yml: model 'daily_sales' depends on 'fact_orders', which is not a model listed before it"));
  }

  @Test
  void namesAreUniqueAndFilesExist() {
    Manifest twice = models("""
          - {name: dim_date, file: core/dim_date.sql}
          - {name: dim_date, file: core/dim_date.sql}
        """);
    assertThat(assertThrows(IllegalStateException.class, () -> ModelRunner.validate(twice)).getMessage(),
        equalTo("manifest.yml: model 'dim_date' is listed twice"));
    Manifest missing = models("  - {name: ghost, file: marts/ghost.sql}\n");
    assertThat(assertThrows(IllegalStateException.class, () -> ModelRunner.validate(missing)).getMessage(),
        equalTo("manifest.yml: model 'ghost' names sql/marts/ghost.sql, which does not exist"));
  }

  @Test
  void aSelectionKeepsManifestOrder() {
    Manifest m = models("""
          - {name: dim_customer, file: core/dim_customer.sql}
          - {name: fact_orders, file: core/fact_orders.sql, depends_on: [dim_customer]}
          - {name: customer_ltv, file: marts/customer_ltv.sql, depends_on: [dim_customer, fact_orders]}
        """);
    assertThat(ModelRunner.plan(m, List.of("customer_ltv", "dim_customer")).stream().map(Manifest.Model::name)
        .toList(), contains("dim_customer", "customer_ltv"));
  }
}
