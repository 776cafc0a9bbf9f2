/// A value of a dataset or group attribute (`attrs`): what JSON and netCDF attributes hold.
///
/// ```swift
/// idata.attrs["sampling_time"] = 1.25
/// idata.attrs["inference_library"] = "tessera"
/// ```
public enum AttributeValue: Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    /// Text.
    case string(String)
    /// A whole number.
    case int(Int)
    /// A real number.
    case double(Double)
    /// A Boolean.
    case bool(Bool)
    /// A list of values.
    case list([AttributeValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: AttributeValue...) { self = .list(elements) }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number as `Double`, when this is an integer or a double.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "True" : "False"
        case .list(let l): "[" + l.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
