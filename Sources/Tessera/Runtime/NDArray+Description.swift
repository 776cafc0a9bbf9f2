/// Formats an array as NumPy prints it: `array([[1., 2.], [3., 4.]])` style, without the `array(...)`.
extension NDArray: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        if shape.isEmpty { return Self.format(storage[0], dtype) }
        if count == 0 { return "[]" }
        let items = storage.map { Self.format($0, dtype) }
        let width = items.map(\.count).max() ?? 0
        let padded = dtype == .bool ? items : items.map { String(repeating: " ", count: width - $0.count) + $0 }
        var out = ""
        formatNested(padded, axis: 0, offset: 0, indent: 1, into: &out)
        return out
    }

    public var debugDescription: String {
        "array(\(description), dtype=\(dtype), shape=\(shape))"
    }

    private func formatNested(_ items: [String], axis: Int, offset: Int, indent: Int, into out: inout String) {
        out += "["
        let n = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        for i in 0..<n {
            if axis == shape.count - 1 {
                out += items[offset + i]
                if i < n - 1 { out += " " }
            } else {
                formatNested(items, axis: axis + 1, offset: offset + i * inner, indent: indent + 1, into: &out)
                if i < n - 1 {
                    out += String(repeating: "\n", count: shape.count - axis - 1)
                    out += String(repeating: " ", count: indent)
                }
            }
        }
        out += "]"
    }

    static func format(_ x: Double, _ dtype: DType) -> String {
        switch dtype {
        case .bool: return x != 0 ? "True" : "False"
        case .int64: return x.isFinite ? String(Int64(x)) : "\(x)"
        case .float32, .float64:
            if x.isNaN { return "nan" }
            if x.isInfinite { return x < 0 ? "-inf" : "inf" }
            if x == x.rounded() && abs(x) < 1e16 { return String(Int64(x)) + "." }
            let s = dtype == .float32 ? "\(Float(x))" : "\(x)"
            return s
        }
    }
}
