import Testing

@Test func placeholderSluiceWarehouse() {}
