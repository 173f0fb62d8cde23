/// The options one invocation gave, checked against a command's `OptionSpec` list.
struct ParsedArguments {
    private(set) var values: [String: [String]] = [:]

    /// The last value given for `name`, or `nil`.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value given for a repeatable option, in order.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether a flag (or an option) was given.
    func has(_ name: String) -> Bool { values[name] != nil }

    /// Parses `arguments` (without the program and subcommand names).
    ///
    /// - Throws: `UsageError` for an unknown option (with a "did you mean"), a missing value,
    ///   a repeated single option, a stray positional argument or a missing required option.
    static func parse(_ arguments: [String], specs: [OptionSpec], command: String) throws
        -> ParsedArguments
    {
        var parsed = ParsedArguments()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                throw UsageError(
                    command: command,
                    "Unexpected argument '\(argument)'; every input is given with an option, see 'sluice \(command) --help'."
                )
            }
            var name = String(argument.drop { $0 == "-" })
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            let spec = try lookUp(
                name, isShort: !argument.hasPrefix("--"), in: specs, command: command)
            var value = ""
            if spec.valueName != nil {
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else {
                        throw UsageError(
                            command: command,
                            "Missing value for '--\(spec.name)'; expected \(spec.valueName!).")
                    }
                    value = arguments[index]
                    index += 1
                }
            } else if inlineValue != nil {
                throw UsageError(command: command, "The flag '--\(spec.name)' takes no value.")
            }
            if parsed.values[spec.name] != nil && !spec.isRepeatable {
                throw UsageError(
                    command: command, "The option '--\(spec.name)' was given more than once.")
            }
            parsed.values[spec.name, default: []].append(value)
        }
        for spec in specs where spec.isRequired && parsed.values[spec.name] == nil {
            throw UsageError(
                command: command,
                "Missing required option '--\(spec.name) \(spec.valueName ?? "")'.")
        }
        return parsed
    }

    private static func lookUp(
        _ name: String, isShort: Bool, in specs: [OptionSpec], command: String
    )
        throws -> OptionSpec
    {
        let match = specs.first { isShort ? $0.short.map(String.init) == name : $0.name == name }
        if let match { return match }
        let nearest = specs.min { editDistance($0.name, name) < editDistance($1.name, name) }
        var message = "Unknown option '\(isShort ? "-" : "--")\(name)'."
        if let nearest, editDistance(nearest.name, name) <= max(2, name.count / 3) {
            message += " Did you mean '--\(nearest.name)'?"
        }
        throw UsageError(command: command, message)
    }

    /// Levenshtein distance, for "did you mean".
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// A mistake in how sluice was called: printed with a pointer to the help, exit code 2.
struct UsageError: Error {
    let command: String?
    let message: String

    init(command: String?, _ message: String) {
        self.command = command
        self.message = message
    }
}
