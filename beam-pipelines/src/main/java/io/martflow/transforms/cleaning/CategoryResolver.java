package io.martflow.transforms.cleaning;

import io.martflow.reference.Category;
import io.martflow.reference.MatchKeys;
import io.martflow.reference.ReferenceData;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Matches a product's category and subcategory case-insensitively (and ignoring extra
 * whitespace) to ref.categories and returns the canonical department, category and subcategory.
 */
public final class CategoryResolver implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The category of products whose category is missing or not in ref.categories. */
  public static final String UNCATEGORIZED = "Uncategorized";

  private final ReferenceData ref;
  private transient Memo<CategoryMatch> memo;

  public CategoryResolver(ReferenceData ref) {
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  /**
   * Known category and subcategory: all three canonical. Known category, missing or unknown
   * subcategory: department and category kept, subcategory null. Unknown or missing category:
   * category 'Uncategorized', department and subcategory null, flagged uncategorized.
   */
  public CategoryMatch resolve(String rawCategory, String rawSubcategory) {
    if (memo == null) {
      memo = new Memo<>(10_000);
    }
    return memo.get(rawCategory + "\u0000" + rawSubcategory, ignored -> match(rawCategory, rawSubcategory));
  }

  private CategoryMatch match(String rawCategory, String rawSubcategory) {
    String categoryKey = MatchKeys.caseless(rawCategory);
    Optional<Category> category = ref.categoryByKey(categoryKey);
    if (category.isEmpty()) {
      return new CategoryMatch(null, UNCATEGORIZED, null, true);
    }
    return ref.subcategoryByKeys(categoryKey, MatchKeys.caseless(rawSubcategory))
        .map(row -> new CategoryMatch(row.department(), row.category(), row.subcategory(), false))
        .orElseGet(() -> new CategoryMatch(
            category.get().department(), category.get().category(), null, false));
  }

  /**
   * The canonical spelling of a category name (an order line's tax context): null stays null,
   * an unknown name becomes 'Uncategorized'.
   */
  public String canonicalCategory(String rawCategory) {
    if (TextCleaner.clean(rawCategory) == null) {
      return null;
    }
    return resolve(rawCategory, null).category();
  }
}
