package io.martflow.reference;

import java.io.Serializable;
import java.util.Objects;

/** A row of ref.categories: department &gt; category &gt; subcategory. */
public record Category(String department, String category, String subcategory)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public Category {
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(subcategory, "subcategory");
  }
}
