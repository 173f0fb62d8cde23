import Foundation
import Testing

/// The command line's contract: help shape, usage errors and their exit status.
@Suite struct CommandLineTests {
    @Test func topHelpHasTheHouseShape() throws {
        let result = try TestSupport.sluice(["--help"])
        #expect(result.status == 0)
        for heading in ["OVERVIEW:", "USAGE:", "OPTIONS:", "SUBCOMMANDS:", "EXIT STATUS:"] {
            #expect(result.stdout.contains(heading), "missing \(heading)")
        }
    }

    @Test(arguments: [
        "--input", "--plan", "--output", "--partition", "--partition-by", "--compression",
        "--threads",
        "--dry-run", "--quiet", "--log-format", "--enforce", "--max-quarantine-rate",
        "--row-memory", "--dedupe-memory",
    ])
    func runHelpListsOption(option: String) throws {
        let result = try TestSupport.sluice(["run", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(option))
    }

    struct UsageCase: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var stderrCode: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        UsageCase(
            name: "unknown subcommand", arguments: ["runn"], stderrCode: "Did you mean 'run'?"),
        UsageCase(
            name: "near-miss flag", arguments: ["run", "--inptu", "x"],
            stderrCode: "Did you mean '--input'?"),
        UsageCase(
            name: "missing required", arguments: ["run", "--input", "/"],
            stderrCode: "Missing required option"),
        UsageCase(
            name: "bad enum value",
            arguments: [
                "run", "--input", "/", "--plan", "/etc/hostname", "--output", "/tmp/x",
                "--partition", "week",
            ], stderrCode: "'week'"),
        UsageCase(
            name: "missing input",
            arguments: [
                "run", "--input", "/nonexistent-dir", "--plan", "/etc/hostname", "--output",
                "/tmp/x",
            ], stderrCode: "does not exist"),
        UsageCase(
            name: "bad threads",
            arguments: [
                "run", "--input", "/", "--plan", "/etc/hostname", "--output", "/tmp/x", "--threads",
                "0",
            ], stderrCode: "--threads"),
        UsageCase(
            name: "row memory below the minimum",
            arguments: [
                "run", "--input", "/", "--plan", "/etc/hostname", "--output", "/tmp/x",
                "--row-memory", "65535",
            ], stderrCode: "'65535' for '--row-memory'"),
        UsageCase(
            name: "row memory not a number",
            arguments: [
                "run", "--input", "/", "--plan", "/etc/hostname", "--output", "/tmp/x",
                "--row-memory", "1G",
            ], stderrCode: "'1G' for '--row-memory'"),
        UsageCase(
            name: "line limit over 1 GiB",
            arguments: [
                "run", "--input", "/", "--plan", "/etc/hostname", "--output", "/tmp/x",
                "--max-line-bytes", "1073741825",
            ], stderrCode: "'1073741825' for '--max-line-bytes'"),
    ])
    func usageErrorsExitTwo(_ usage: UsageCase) throws {
        let result = try TestSupport.sluice(usage.arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(usage.stderrCode), "\(result.stderr)")
    }

    @Test func unloadablePlanExitsTwoNamingTheFile() throws {
        let root = try TestSupport.scratchDirectory("badplan")
        try FileManager.default.createDirectory(
            atPath: root + "/in", withIntermediateDirectories: true)
        try Data("{\"rules\": [{\"type\": \"TRACK\", \"key\": 5}]".utf8).write(
            to: URL(fileURLWithPath: root + "/plan.json"))
        let result = try TestSupport.sluice([
            "run", "--input", root + "/in", "--plan", root + "/plan.json", "--output",
            root + "/out",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("plan.json"))
        #expect(!FileManager.default.fileExists(atPath: root + "/out/_manifests"))
    }
}
