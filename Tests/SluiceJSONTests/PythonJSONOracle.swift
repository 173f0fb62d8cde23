import Foundation

/// Runs CPython's `json` module as an independent reference parser.
///
/// Python is found as `SLUICE_PYTHON`, else `.venv/bin/python` under the package root.
/// The script makes Python as strict as RFC 8259 and Sluice: UTF-8 is decoded strictly,
/// NaN and Infinity are refused, lone surrogates are refused, numbers keep their text,
/// and a repeated key keeps its last value at its first position (a plain `dict`). An
/// accepted document is written back in `JSONValue.jsonText`'s exact format.
enum PythonJSONOracle {
    static func pythonPath() -> String? {
        if let path = ProcessInfo.processInfo.environment["SLUICE_PYTHON"], !path.isEmpty {
            return path
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let venv = root.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    /// For each document, Python's compact serialisation, or `nil` when Python rejects it.
    static func serialise(_ documents: [[UInt8]], python: String) throws -> [[UInt8]?] {
        let directory = FileManager.default.temporaryDirectory
        let name = "sluice-json-oracle-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let scriptURL = directory.appendingPathComponent(name + ".py")
        let inputURL = directory.appendingPathComponent(name + ".hex")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: scriptURL) }

        let lines = documents.map { $0.map { String(format: "%02x", $0) }.joined() + "\n" }
        try lines.joined().write(to: inputURL, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: inputURL) }

        let output = try run(python, scriptURL.path, stdin: inputURL)
        return output.split(separator: "\n").map { line in
            line == "REJECT" ? nil : hexBytes(line.dropFirst(3))
        }
    }

    private static func run(_ python: String, _ script: String, stdin: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script]
        process.standardInput = try FileHandle(forReadingFrom: stdin)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()

        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    private static func hexBytes(_ hex: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    static let script = #"""
        import binascii, json, sys

        class Number:
            def __init__(self, text):
                self.text = text

        def refuse(name):
            raise ValueError("constant " + name)

        def check(value):
            # A value dropped for a repeated key never reaches emit(): check it here.
            if isinstance(value, str):
                if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
                    raise ValueError("lone surrogate")
            elif isinstance(value, list):
                for element in value:
                    check(element)
            elif isinstance(value, dict):
                for key, member in value.items():
                    check(key)
                    check(member)

        def last_wins(pairs):
            members = {}
            for key, value in pairs:
                check(key)
                check(value)
                members[key] = value
            return members

        def quote(text, out):
            out.append('"')
            for c in text:
                code = ord(c)
                if 0xD800 <= code <= 0xDFFF:
                    raise ValueError("lone surrogate")
                if c == '"':
                    out.append('\\"')
                elif c == '\\':
                    out.append('\\\\')
                elif c == '\n':
                    out.append('\\n')
                elif c == '\r':
                    out.append('\\r')
                elif c == '\t':
                    out.append('\\t')
                elif code < 0x20:
                    out.append('\\u%04x' % code)
                else:
                    out.append(c)
            out.append('"')

        def emit(value, out):
            if value is None:
                out.append('null')
            elif value is True:
                out.append('true')
            elif value is False:
                out.append('false')
            elif isinstance(value, Number):
                out.append(value.text)
            elif isinstance(value, str):
                quote(value, out)
            elif isinstance(value, list):
                out.append('[')
                for i, element in enumerate(value):
                    if i:
                        out.append(',')
                    emit(element, out)
                out.append(']')
            else:
                out.append('{')
                for i, (key, member) in enumerate(value.items()):
                    if i:
                        out.append(',')
                    quote(key, out)
                    out.append(':')
                    emit(member, out)
                out.append('}')

        for line in sys.stdin:
            try:
                text = binascii.unhexlify(line.strip()).decode('utf-8')
                value = json.loads(text, parse_int=Number, parse_float=Number,
                                   parse_constant=refuse, object_pairs_hook=last_wins)
                out = []
                emit(value, out)
                print('OK ' + ''.join(out).encode('utf-8').hex())
            except (ValueError, RecursionError):
                print('REJECT')
        """#
}
