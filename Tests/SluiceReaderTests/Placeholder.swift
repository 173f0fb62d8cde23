import Testing

@Test func placeholderSluiceReader() {}
