/// The labels along one dimension of a ``Dataset``: strings (`school: ["Choate", …]`) or
/// integers (`draw: [0, 1, …]`), as the coordinate variables of xarray.
public enum CoordinateLabels: Sendable, Hashable, CustomStringConvertible {
    /// Text labels (written as fixed-width `<U…` strings).
    case strings([String])
    /// Integer labels (written as `<i8`).
    case integers([Int])

    /// The integers `0..<count`: ArviZ's default labels of a dim without coords.
    public static func range(_ count: Int) -> CoordinateLabels { .integers(Array(0..<count)) }

    /// The number of labels.
    public var count: Int {
        switch self {
        case .strings(let s): s.count
        case .integers(let i): i.count
        }
    }

    /// The label at a position, as text (`"Choate"`, `"3"`).
    public func label(at index: Int) -> String {
        switch self {
        case .strings(let s): s[index]
        case .integers(let i): String(i[index])
        }
    }

    /// All labels as text.
    public var labels: [String] { (0..<count).map(label(at:)) }

    public var description: String {
        switch self {
        case .strings(let s): "[" + s.map { "'\($0)'" }.joined(separator: ", ") + "]"
        case .integers(let i): "[" + i.map(String.init).joined(separator: ", ") + "]"
        }
    }
}
