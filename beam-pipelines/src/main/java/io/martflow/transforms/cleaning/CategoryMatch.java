package io.martflow.transforms.cleaning;

/**
 * A product's place in ref.categories. {@code uncategorized} is true when the category was
 * missing or unknown (category is then {@link CategoryResolver#UNCATEGORIZED}); subcategory is
 * null when it was missing or unknown within a known category.
 */
public record CategoryMatch(
    String department, String category, String subcategory, boolean uncategorized) {}
