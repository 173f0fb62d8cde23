/// Renders help in the house shape: OVERVIEW, USAGE, OPTIONS, SUBCOMMANDS, then notes.
enum HelpPrinter {
    /// The column the help sentences start at.
    static let helpColumn = 30

    static func render(
        overview: String, usage: String, options: [OptionSpec],
        subcommands: [(String, String)] = [],
        notes: String? = nil
    ) -> String {
        var text = "OVERVIEW: \(overview)\n\nUSAGE: \(usage)\n\nOPTIONS:\n"
        for option in options + [OptionSpec("help", short: "h", help: "Show help information.")] {
            text += row(option.synopsis, option.help)
        }
        if !subcommands.isEmpty {
            text += "\nSUBCOMMANDS:\n"
            for (name, help) in subcommands { text += row(name, help) }
        }
        if let notes { text += "\n" + notes }
        return text
    }

    private static func row(_ left: String, _ help: String) -> String {
        let lead = "  " + left
        if lead.count + 2 > helpColumn {
            return lead + "\n" + String(repeating: " ", count: helpColumn) + help + "\n"
        }
        return lead + String(repeating: " ", count: helpColumn - lead.count) + help + "\n"
    }
}
