/// Shape arithmetic shared by ops and kernels: broadcasting, strides, axis normalisation.
public enum Shape {
    /// Advances a row-major multi-index over the first `index.count` axes of `shape` (the last moving
    /// fastest): `false`, with the index back at zeros, once every position has been visited.
    @inline(__always)
    public static func advance(_ index: inout [Int], within shape: [Int]) -> Bool {
        var axis = index.count - 1
        while axis >= 0 {
            index[axis] += 1
            if index[axis] < shape[axis] { return true }
            index[axis] = 0
            axis -= 1
        }
        return false
    }

    /// Row-major strides, in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    /// NumPy's broadcast of concrete shapes, or `nil` when they are incompatible.
    public static func broadcast(_ shapes: [[Int]]) -> [Int]? {
        let ndim = shapes.map(\.count).max() ?? 0
        var out = [Int](repeating: 1, count: ndim)
        for s in shapes {
            let pad = ndim - s.count
            for (i, d) in s.enumerated() {
                let j = i + pad
                if out[j] == 1 { out[j] = d } else if d != 1 && d != out[j] { return nil }
            }
        }
        return out
    }

    /// Static broadcast of shapes with unknown dimensions (`nil`), or `nil` when known dimensions clash.
    public static func broadcastStatic(_ shapes: [[Int?]]) -> [Int?]? {
        let ndim = shapes.map(\.count).max() ?? 0
        var out = [Int?](repeating: 1, count: ndim)
        for s in shapes {
            let pad = ndim - s.count
            for (i, d) in s.enumerated() {
                let j = i + pad
                switch (out[j], d) {
                case (1, _): out[j] = d
                case (_, 1): break
                case (nil, let k?): out[j] = k
                case (_, nil): break
                case (let a?, let b?): if a != b { return nil }
                }
            }
        }
        return out
    }

    /// Maps a possibly negative axis into `0..<ndim`, or `nil` when out of range.
    public static func normalize(axis: Int, ndim: Int) -> Int? {
        let a = axis < 0 ? axis + ndim : axis
        return (a >= 0 && a < ndim) ? a : nil
    }

    /// Formats a static shape as `(2, ?)`.
    public static func format(_ shape: [Int?]) -> String {
        let parts = shape.map { $0.map(String.init) ?? "?" }
        return "(" + parts.joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }
}
