/// Anything that can stand for a tensor where a parameter is expected: a symbolic `Variable`,
/// or a number, array or `NDArray` (which becomes a constant).
///
/// Distribution constructors take their parameters as `any TensorLike`, so
/// `Normal("y", mu: mu, sigma: 1, observed: [3, 4, 5])` mixes tensors and Swift values freely.
public protocol TensorLike {
    /// The value as a graph variable (a constant for Swift values).
    func asVariable() throws -> Variable
}

extension Variable: TensorLike {
    public func asVariable() throws -> Variable { self }
}
extension NDArray: TensorLike {
    public func asVariable() throws -> Variable { constant(self) }
}
extension Double: TensorLike {
    public func asVariable() throws -> Variable { Variable(floatLiteral: self) }
}
extension Int: TensorLike {
    public func asVariable() throws -> Variable { Variable(integerLiteral: self) }
}
extension Float: TensorLike {
    public func asVariable() throws -> Variable { constant(try toNDArray()) }
}
extension Bool: TensorLike {
    public func asVariable() throws -> Variable { Variable(booleanLiteral: self) }
}
extension Array: TensorLike where Element: NDArrayConvertible {
    public func asVariable() throws -> Variable { constant(try toNDArray()) }
}
