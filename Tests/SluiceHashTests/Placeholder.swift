import Testing

@Test func placeholderHash() {}
