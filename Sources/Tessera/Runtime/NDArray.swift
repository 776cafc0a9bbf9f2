/// An n-dimensional array of numbers: Tessera's runtime value.
///
/// Storage is flat, row-major and contiguous. Elements are held as `Double`
/// whatever the ``dtype``; see ``DType`` for how each dtype is rounded.
///
/// ```swift
/// let a = NDArray([[1.0, 2], [3, 4]])   // float64, shape [2, 2]
/// a.shape     // [2, 2]
/// a[1, 0]     // 3.0
/// ```
public struct NDArray: Sendable, Hashable {
    /// The size of each dimension; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// The element type.
    public internal(set) var dtype: DType
    /// The elements, flat and row-major, as `Double`.
    public internal(set) var storage: [Double]

    /// Creates an array from flat row-major elements.
    ///
    /// - Throws: ``TesseraError/invalidArgument(_:)`` when the element count does not match the shape.
    public init(shape: [Int], elements: [Double], dtype: DType = .float64) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TesseraError.invalidArgument("NDArray: shape \(shape) has a negative dimension")
        }
        let count = shape.reduce(1, *)
        guard count == elements.count else {
            throw TesseraError.invalidArgument(
                "NDArray: shape \(shape) needs \(count) elements, but \(elements.count) were given")
        }
        self.shape = shape
        self.dtype = dtype
        self.storage = dtype == .float64 ? elements : elements.map(dtype.round)
    }

    /// Creates an array without checks: for code that has already validated `storage`.
    init(uncheckedShape shape: [Int], dtype: DType, storage: [Double]) {
        self.shape = shape
        self.dtype = dtype
        self.storage = storage
    }

    /// An int64 vector of whole numbers (shapes, sizes).
    public init(uncheckedShapeInts values: [Int]) {
        self.init(uncheckedShape: [values.count], dtype: .int64, storage: values.map(Double.init))
    }

    /// A float64 scalar.
    public init(_ value: Double) { self.init(uncheckedShape: [], dtype: .float64, storage: [value]) }

    /// An array filled with one value.
    public init(repeating value: Double, shape: [Int], dtype: DType = .float64) {
        self.init(uncheckedShape: shape, dtype: dtype,
                  storage: [Double](repeating: dtype.round(value), count: shape.reduce(1, *)))
    }

    /// An array of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float64) -> NDArray {
        NDArray(repeating: 0, shape: shape, dtype: dtype)
    }

    /// The elements converted to `Double`, flat and row-major.
    public var doubles: [Double] { storage }

    /// The number of dimensions.
    public var ndim: Int { shape.count }

    /// The number of elements.
    public var count: Int { storage.count }

    /// Whether this is a 0-dimensional array.
    public var isScalar: Bool { shape.isEmpty }

    /// The single element of a one-element array.
    public var scalar: Double? { storage.count == 1 ? storage[0] : nil }

    /// Row-major strides, in elements.
    public var strides: [Int] { Shape.strides(shape) }

    /// The element at a full index (negative indices count from the end).
    public subscript(_ index: Int...) -> Double {
        precondition(index.count == shape.count, "NDArray subscript needs \(shape.count) indices")
        var flat = 0
        for (axis, i) in index.enumerated() {
            let j = i < 0 ? i + shape[axis] : i
            precondition(j >= 0 && j < shape[axis], "index \(i) out of range for axis \(axis) of size \(shape[axis])")
            flat = flat * shape[axis] + j
        }
        return storage[flat]
    }

    /// The same elements with a new dtype, rounded as the dtype requires.
    public func astype(_ dtype: DType) -> NDArray {
        if dtype == self.dtype { return self }
        return NDArray(uncheckedShape: shape, dtype: dtype,
                       storage: dtype == .float64 ? storage : storage.map(dtype.round))
    }

    /// The same elements with a new shape of the same size.
    public func reshaped(to newShape: [Int]) throws -> NDArray {
        guard newShape.reduce(1, *) == count, newShape.allSatisfy({ $0 >= 0 }) else {
            throw TesseraError.invalidArgument("NDArray: cannot reshape an array of shape \(shape) to \(newShape)")
        }
        return NDArray(uncheckedShape: newShape, dtype: dtype, storage: storage)
    }

    /// Prepares this array to receive an output of the given shape and dtype,
    /// keeping its storage when the size matches (no allocation).
    @inline(__always)
    mutating func prepare(shape newShape: [Int], dtype newDType: DType) {
        let n = newShape.reduce(1, *)
        if storage.count != n { storage = [Double](repeating: 0, count: n) }
        if shape != newShape { shape = newShape }
        dtype = newDType
    }

    /// Rounds every element in place to the dtype (a no-op for float64).
    @inline(__always)
    mutating func roundToDType() {
        switch dtype {
        case .float64: return
        default:
            let d = dtype
            storage.withUnsafeMutableBufferPointer { p in
                for i in p.indices { p[i] = d.round(p[i]) }
            }
        }
    }
}

// MARK: - Comparing

extension NDArray {
    /// Whether two arrays have the same shape and all elements agree within tolerances,
    /// as `numpy.allclose`: `|a - b| <= atol + rtol * |b|`; NaNs compare equal when `equalNaN`.
    public func isClose(to other: NDArray, rtol: Double = 1e-9, atol: Double = 0, equalNaN: Bool = true) -> Bool {
        guard shape == other.shape else { return false }
        for (a, b) in zip(storage, other.storage) {
            if a.isNaN || b.isNaN {
                if !(equalNaN && a.isNaN && b.isNaN) { return false }
                continue
            }
            if a == b { continue }  // also equal infinities
            if !(abs(a - b) <= atol + rtol * abs(b)) { return false }
        }
        return true
    }

    /// The largest elementwise relative difference `|a - b| / max(|b|, tiny)`, for test messages.
    public func maxRelativeDifference(to other: NDArray) -> Double {
        guard shape == other.shape else { return .infinity }
        var worst = 0.0
        for (a, b) in zip(storage, other.storage) where !(a == b || (a.isNaN && b.isNaN)) {
            worst = Swift.max(worst, abs(a - b) / Swift.max(abs(b), .leastNormalMagnitude))
        }
        return worst
    }
}
