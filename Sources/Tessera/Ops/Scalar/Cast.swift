import Foundation

/// `x` converted to another dtype, elementwise, as NumPy's `astype`: floats to integers truncate
/// toward zero, anything to bool is `x != 0`, float64 to float32 rounds to nearest.
///
/// Gradient: `gz` cast back to the input's dtype between float dtypes; none when the result is
/// an integer or bool (the cast is then piecewise constant).
public struct Cast: UnaryScalarOp {
    /// The dtype of the result.
    public let dtype: DType

    /// A cast to `dtype`.
    public init(_ dtype: DType) { self.dtype = dtype }

    public var name: String { "Cast{\(dtype)}" }
    public var dtypeRule: DTypeRule { .fixed(dtype) }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        dtype.isFloat ? [cast(gz, to: x[0].dtype)] : [nil]
    }
}
