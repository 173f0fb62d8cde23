import Testing

@Test func placeholderSluiceCLI() {}
