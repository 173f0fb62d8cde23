import SluiceJSON
import SluicePlan
import Testing

/// Official-suite cases expected to fail, each with the reason. Expected to stay empty.
let knownFailures: [String: String] = [:]

/// Optional-suite cases known to fail, each with the reason. Expected to stay empty.
let knownOptionalFailures: [String: String] = [:]

@Suite struct ConformanceTests {
    @Test func suiteIsPresent() {
        #expect(ConformanceSuite.requiredCases.count >= 900)
    }

    @Test(arguments: ConformanceSuite.requiredCases)
    func requiredCase(_ testCase: ConformanceCase) {
        let failure = ConformanceSuite.failure(of: testCase)
        if let reason = knownFailures[testCase.id] {
            #expect(failure != nil, "known failure now passes, remove it: \(reason)")
        } else {
            #expect(failure == nil, "\(testCase.id): \(failure ?? "")")
        }
    }

    @Test(arguments: ConformanceSuite.optionalCases)
    func optionalCase(_ testCase: ConformanceCase) {
        let failure = ConformanceSuite.failure(of: testCase)
        if let reason = knownOptionalFailures[testCase.id] {
            #expect(failure != nil, "known failure now passes, remove it: \(reason)")
        } else {
            #expect(failure == nil, "\(testCase.id): \(failure ?? "")")
        }
    }

    @Test func passCounts() {
        let suites = [
            ("required", ConformanceSuite.requiredCases),
            ("optional", ConformanceSuite.optionalCases),
        ]
        for (name, cases) in suites {
            let failures = cases.compactMap { testCase in
                ConformanceSuite.failure(of: testCase).map { (testCase.id, $0) }
            }
            print(
                "JSON Schema draft-07 \(name): \(cases.count - failures.count)/\(cases.count) passed"
            )
            for (id, reason) in failures { print("  FAIL \(id): \(reason)") }
        }
    }
}
