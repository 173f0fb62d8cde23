import Testing

@Test func placeholderSluiceParquet() {}
