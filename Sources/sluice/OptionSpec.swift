/// One command-line option: its long name, the value it takes and its one-sentence help.
struct OptionSpec {
    /// The long name without dashes, kebab-case (`max-quarantine-rate`).
    let name: String

    /// A short name without the dash (`q`), if any.
    let short: Character?

    /// The placeholder shown in help (`<dir>`); `nil` for a flag that takes no value.
    let valueName: String?

    /// One sentence, ending with the default when there is one.
    let help: String

    /// Whether the command refuses to start without it.
    let isRequired: Bool

    /// Whether it may be given more than once (values accumulate).
    let isRepeatable: Bool

    init(
        _ name: String, short: Character? = nil, value: String? = nil, required: Bool = false,
        repeatable: Bool = false, help: String
    ) {
        self.name = name
        self.short = short
        self.valueName = value
        self.help = help
        self.isRequired = required
        self.isRepeatable = repeatable
    }

    /// The option as help shows it: `-q, --quiet` or `--input <dir>`.
    var synopsis: String {
        let long = "--\(name)" + (valueName.map { " \($0)" } ?? "")
        return short.map { "-\($0), \(long)" } ?? long
    }
}
