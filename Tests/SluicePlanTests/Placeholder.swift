import Testing

@Test func placeholderSluicePlan() {}
