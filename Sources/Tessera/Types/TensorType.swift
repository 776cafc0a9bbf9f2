/// The static type of a symbolic tensor: its dtype and what is known of its shape.
///
/// Each dimension is a known size or `nil` (unknown until run time). A dimension
/// of known size 1 is *broadcastable*, as in PyTensor.
public struct TensorType: Hashable, Sendable, CustomStringConvertible {
    public var dtype: DType
    public var shape: [Int?]
    /// Whether values of this type are random generator states (see ``RandomState``), not numbers.
    public var isRandomState: Bool

    public init(dtype: DType = .float64, shape: [Int?], isRandomState: Bool = false) {
        self.dtype = dtype
        self.shape = shape
        self.isRandomState = isRandomState
    }

    /// The number of dimensions.
    public var ndim: Int { shape.count }

    /// Which dimensions are statically known to be 1.
    public var broadcastable: [Bool] { shape.map { $0 == 1 } }

    /// Whether every dimension is known.
    public var isFullyKnown: Bool { shape.allSatisfy { $0 != nil } }

    /// The concrete shape when every dimension is known.
    public var knownShape: [Int]? { isFullyKnown ? shape.map { $0! } : nil }

    /// Whether a concrete array fits this type's rank and known dimensions (dtype aside).
    public func accepts(shape concrete: [Int]) -> Bool {
        guard concrete.count == shape.count else { return false }
        return zip(shape, concrete).allSatisfy { $0 == nil || $0 == $1 }
    }

    public var description: String {
        if isRandomState { return "RandomGeneratorType" }
        let kind: String
        switch ndim {
        case 0: kind = "Scalar"
        case 1: kind = "Vector"
        case 2: kind = "Matrix"
        default: kind = "Tensor\(ndim)"
        }
        return "\(kind)(\(dtype), shape=\(Shape.format(shape)))"
    }
}
