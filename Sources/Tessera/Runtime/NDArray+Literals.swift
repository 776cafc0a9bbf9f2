/// A Swift value that converts to an ``NDArray``: numbers, booleans, nested arrays of them, and arrays.
///
/// Function calls, `eval` and shared variables take these, so `try f(0.0, [1.0, 2.0])` works.
public protocol NDArrayConvertible {
    /// The value as an array.
    func toNDArray() throws -> NDArray
}

extension NDArray: NDArrayConvertible {
    public func toNDArray() throws -> NDArray { self }
}
extension Double: NDArrayConvertible {
    public func toNDArray() throws -> NDArray { NDArray(self) }
}
extension Float: NDArrayConvertible {
    public func toNDArray() throws -> NDArray { NDArray(uncheckedShape: [], dtype: .float32, storage: [Double(self)]) }
}
extension Int: NDArrayConvertible {
    public func toNDArray() throws -> NDArray { NDArray(uncheckedShape: [], dtype: .int64, storage: [Double(self)]) }
}
extension Bool: NDArrayConvertible {
    public func toNDArray() throws -> NDArray { NDArray(uncheckedShape: [], dtype: .bool, storage: [self ? 1 : 0]) }
}
extension Array: NDArrayConvertible where Element: NDArrayConvertible {
    /// Stacks the elements along a new leading axis; they must all have one shape.
    public func toNDArray() throws -> NDArray {
        try NDArray.stacking(map { try $0.toNDArray() })
    }
}

extension NDArray {
    /// Creates an array from a Swift number, boolean or (nested) array of them.
    ///
    /// `NDArray([[1, 2], [3, 4]])` is int64, `NDArray([1.0, 2.0])` float64, as in NumPy.
    /// - Throws: when nested arrays are ragged.
    public init(_ value: some NDArrayConvertible) throws {
        self = try value.toNDArray()
    }

    /// Creates a float64 array from flat elements and a shape.
    public init(_ elements: [Double], shape: [Int]) throws {
        try self.init(shape: shape, elements: elements)
    }

    /// Stacks equally shaped arrays along a new leading axis, promoting their dtypes.
    /// An empty list gives a float64 array of shape `[0]`.
    static func stacking(_ items: [NDArray]) throws -> NDArray {
        guard let first = items.first else { return NDArray(uncheckedShape: [0], dtype: .float64, storage: []) }
        var storage: [Double] = []
        storage.reserveCapacity(first.count * items.count)
        for (i, item) in items.enumerated() {
            guard item.shape == first.shape else {
                throw TesseraError.invalidArgument(
                    "NDArray: nested arrays must be rectangular; element 0 has shape \(first.shape) but element \(i) has shape \(item.shape)")
            }
            storage.append(contentsOf: item.storage)
        }
        let dtype = DType.promote(items.map(\.dtype))
        return NDArray(uncheckedShape: [items.count] + first.shape, dtype: dtype,
                       storage: dtype == .float64 ? storage : storage.map(dtype.round))
    }
}

extension NDArray: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral
{
    public init(floatLiteral value: Double) { self.init(value) }
    public init(integerLiteral value: Int) {
        self.init(uncheckedShape: [], dtype: .int64, storage: [Double(value)])
    }
    public init(booleanLiteral value: Bool) {
        self.init(uncheckedShape: [], dtype: .bool, storage: [value ? 1 : 0])
    }
    /// A nested literal; ragged literals are a programming error and stop with a message.
    public init(arrayLiteral elements: NDArray...) {
        do { self = try NDArray.stacking(elements) } catch {
            preconditionFailure("\(error)")  // a ragged literal written in source: the programmer's bug
        }
    }
}
