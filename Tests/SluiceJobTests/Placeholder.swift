import Testing

@Test func placeholderSluiceJob() {}
