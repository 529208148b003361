package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.martflow.reference.ReferenceFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CategoryResolverTest {
  private final CategoryResolver resolver = new CategoryResolver(ReferenceFixtures.standard());

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // known category and subcategory, any casing and spacing
      "Computers|Laptops|Electronics|Computers|Laptops|false",
      "COMPUTERS|laptops|Electronics|Computers|Laptops|false",
      "  computers |  LAPTOPS|Electronics|Computers|Laptops|false",
      "books|non-fiction|Media|Books|Non-Fiction|false",
      // known category, unknown or missing subcategory: category kept, subcategory null
      "Computers|Tablets|Electronics|Computers|NULL|false",
      "kitchen|NULL|Home|Kitchen|NULL|false",
      // a subcategory of another category does not count
      "Phones|Laptops|Electronics|Phones|NULL|false",
      // unknown or missing category: Uncategorized, flagged
      "Garden|Tools|NULL|Uncategorized|NULL|true",
      "NULL|Laptops|NULL|Uncategorized|NULL|true",
      "NULL|NULL|NULL|Uncategorized|NULL|true",
      "'  '|NULL|NULL|Uncategorized|NULL|true",
  })
  void matchesCaseInsensitively(String category, String subcategory, String department,
      String expectedCategory, String expectedSubcategory, boolean uncategorized) {
    assertThat(resolver.resolve(category, subcategory),
        equalTo(new CategoryMatch(department, expectedCategory, expectedSubcategory, uncategorized)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "books|Books",
      "KITCHEN|Kitchen",
      "Garden|Uncategorized",
  })
  void canonicalCategoryOfAnOrderLine(String raw, String expected) {
    assertThat(resolver.canonicalCategory(raw), equalTo(expected));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {"NULL", "'  '"})
  void missingCategoryOfAnOrderLineStaysMissing(String raw) {
    assertThat(resolver.canonicalCategory(raw), nullValue());
  }
}
