import SluiceJSON

/// The kinds of JSON value seen at one source path over a whole run, and the column type
/// they call for.
public struct ObservedKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let null = ObservedKinds(rawValue: 1 << 0)
    public static let boolean = ObservedKinds(rawValue: 1 << 1)
    /// An integer written without fraction or exponent that fits `Int64`.
    public static let integer = ObservedKinds(rawValue: 1 << 2)
    /// Any other number: a fraction, an exponent, or an integer beyond `Int64`.
    public static let fraction = ObservedKinds(rawValue: 1 << 3)
    public static let string = ObservedKinds(rawValue: 1 << 4)
    /// An array, or an object kept whole.
    public static let structured = ObservedKinds(rawValue: 1 << 5)

    /// The kind of one value.
    public init(of value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .boolean
        case .number(let number): self = number.int64 != nil ? .integer : .fraction
        case .string: self = .string
        case .array, .object: self = .structured
        }
    }

    /// The column type for everything seen, decided over the whole run so the first value
    /// does not decide alone:
    /// - arrays or objects, alone or mixed with anything: `json`;
    /// - integers only: `int64`; integers and other numbers: `double` (an integer beyond
    ///   `Int64` counts as a double: a JavaScript sender already held it as one);
    /// - booleans only: `boolean`; strings only: `string`, even for `"007"` or timestamp-like
    ///   text, since strings are never sniffed for numbers or dates;
    /// - any other mix (strings with numbers, booleans with numbers): `string`;
    /// - nothing but nulls (or nothing): `string`, the type any later value fits as text.
    public var inferredType: WarehouseType {
        let nonNull = subtracting(.null)
        if nonNull.contains(.structured) { return .json }
        switch nonNull {
        case .integer: return .int64
        case .fraction, [.integer, .fraction]: return .double
        case .boolean: return .boolean
        default: return .string
        }
    }
}
