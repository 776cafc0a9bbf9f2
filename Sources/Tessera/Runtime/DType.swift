/// The element type of a tensor or array, as NumPy names it.
///
/// Every `NDArray` stores its elements as `Double`; the dtype says how they are
/// interpreted and rounded: `float32` values are rounded to single precision,
/// `int64` values are whole numbers (exact up to 2⁵³), `bool` values are 0 or 1.
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case bool
    case int64
    case float32
    case float64

    public var description: String { rawValue }

    /// Whether the dtype holds real (non-integer) numbers.
    public var isFloat: Bool { self == .float32 || self == .float64 }

    /// Whether the dtype holds whole numbers or booleans.
    public var isDiscrete: Bool { !isFloat }

    /// Rank in NumPy's promotion lattice: bool < int64 < float32 < float64.
    var rank: Int {
        switch self {
        case .bool: 0
        case .int64: 1
        case .float32: 2
        case .float64: 3
        }
    }

    /// The dtype NumPy gives to an operation combining `self` and `other`.
    ///
    /// int64 with float32 gives float64, as in NumPy.
    public func promoted(with other: DType) -> DType {
        if self == other { return self }
        if (self == .int64 && other == .float32) || (self == .float32 && other == .int64) { return .float64 }
        return rank >= other.rank ? self : other
    }

    /// The float dtype an operation such as `log` returns for this input.
    public var promotedToFloat: DType { self == .float32 ? .float32 : .float64 }

    /// Rounds a value to what this dtype can hold.
    @inline(__always)
    public func round(_ value: Double) -> Double {
        switch self {
        case .float64: value
        case .float32: Double(Float(value))
        case .int64: value.isFinite ? value.rounded(.towardZero) : 0
        case .bool: (value != 0) ? 1 : 0
        }
    }

    /// Promotes a list of dtypes; an empty list gives float64.
    public static func promote(_ dtypes: [DType]) -> DType {
        guard var result = dtypes.first else { return .float64 }
        for d in dtypes.dropFirst() { result = result.promoted(with: d) }
        return result
    }
}
