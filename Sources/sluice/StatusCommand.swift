import SluiceJob

/// `sluice status`: runs, batches, tables, rows and the dedupe window of an output.
enum StatusCommand {
    static let options: [OptionSpec] = [
        OptionSpec(
            "output", value: "<dir>", required: true, help: "The output directory to describe.")
    ]

    static var help: String {
        HelpPrinter.render(
            overview:
                "Show the runs, batches, tables, rows and dedupe window of an output directory.",
            usage: "sluice status --output <dir>", options: options)
    }

    static func main(_ arguments: [String]) -> ExitCode {
        do {
            let parsed = try ParsedArguments.parse(arguments, specs: options, command: "status")
            let output = parsed.value("output")!
            guard FileSystem.isDirectory(output) else {
                throw UsageError(
                    command: "status",
                    "The output directory '\(output)' does not exist or is not a directory.")
            }
            print(try OutputStatus(outputDirectory: output).render(), terminator: "")
            return .success
        } catch let error as UsageError {
            return CommandLine.reportUsage(error)
        } catch {
            writeStderr("sluice: error: \(error)\n")
            return .failure
        }
    }
}
