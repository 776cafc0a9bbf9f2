import Foundation

/// A symbolic tensor: a node of the graph. Identity matters (it is a class);
/// two variables are the same only if they are the same object.
///
/// A variable is an *input* (`scalar("x")`), a *constant*, a *shared* variable
/// (a value that lives across calls), or the output of an ``Apply`` (its `owner`).
public final class Variable: Hashable, @unchecked Sendable, CustomStringConvertible {
    /// What kind of graph leaf (or computed node) a variable is.
    public enum Kind: Sendable {
        case input
        case constant(NDArray)
        case shared(SharedStorage)
        case computed
    }

    public let type: TensorType
    public let kind: Kind
    /// The node that computes this variable, `nil` for leaves.
    public let owner: Apply?
    /// Which output of `owner` this variable is.
    public let index: Int
    /// An optional name, shown by `dprint` and error messages.
    public var name: String?
    /// A graph-build error carried forward: operators cannot throw, so an invalid
    /// expression produces a variable holding its error, thrown by the first call
    /// that compiles or evaluates it (`function`, `eval`, `grad`, …).
    public let buildError: TesseraError?
    /// Set on constants made from Swift number literals: they take the other operand's
    /// dtype category, as Python scalars do in NumPy (`float32 * 2.0` stays float32).
    public let isWeakScalar: Bool

    init(type: TensorType, kind: Kind, owner: Apply? = nil, index: Int = 0, name: String? = nil,
         buildError: TesseraError? = nil, isWeakScalar: Bool = false) {
        self.type = type
        self.kind = kind
        self.owner = owner
        self.index = index
        self.name = name
        self.buildError = buildError
        self.isWeakScalar = isWeakScalar
    }

    /// A variable that only carries an error (see ``buildError``): what graph-building code of
    /// other modules returns for input it cannot take (operators and constructors never throw).
    public static func carrying(_ error: TesseraError) -> Variable { invalid(error) }

    /// A variable that only carries an error (see ``buildError``).
    static func invalid(_ error: TesseraError) -> Variable {
        Variable(type: TensorType(shape: []), kind: .computed, buildError: error)
    }

    public static func == (a: Variable, b: Variable) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

    /// The dtype.
    public var dtype: DType { type.dtype }
    /// The static shape (`nil` for unknown dimensions).
    public var staticShape: [Int?] { type.shape }
    /// The number of dimensions.
    public var ndim: Int { type.ndim }

    /// Whether this is a constant leaf.
    public var isConstant: Bool { if case .constant = kind { true } else { false } }
    /// Whether this is a shared variable.
    public var isShared: Bool { if case .shared = kind { true } else { false } }
    /// Whether this is a free input (a leaf to be fed at call time).
    public var isInput: Bool { if case .input = kind { true } else { false } }
    /// The value of a constant.
    public var constantValue: NDArray? { if case .constant(let v) = kind { v } else { nil } }

    public var description: String {
        if let name { return name }
        if let v = constantValue { return v.count <= 8 ? v.description : "Constant\(Shape.format(v.shape.map { $0 }))" }
        if let owner { return owner.op.name + (owner.outputCount > 1 ? ".\(index)" : "") }
        return "<\(type)>"
    }

    /// Throws the build error carried by this variable or any of its ancestors.
    public func checked() throws -> Variable {
        if let buildError { throw buildError }
        return self
    }
}

// MARK: - Leaves

/// A symbolic input of the given dtype and static shape (`nil` for an unknown dimension).
public func tensor(_ name: String? = nil, dtype: DType = .float64, shape: [Int?]) -> Variable {
    Variable(type: TensorType(dtype: dtype, shape: shape), kind: .input, name: name)
}

/// A 0-dimensional symbolic input.
public func scalar(_ name: String? = nil, dtype: DType = .float64) -> Variable {
    tensor(name, dtype: dtype, shape: [])
}

/// A 1-dimensional symbolic input of unknown (or given) length.
public func vector(_ name: String? = nil, dtype: DType = .float64, length: Int? = nil) -> Variable {
    tensor(name, dtype: dtype, shape: [length])
}

/// A 2-dimensional symbolic input.
public func matrix(_ name: String? = nil, dtype: DType = .float64, shape: [Int?] = [nil, nil]) -> Variable {
    tensor(name, dtype: dtype, shape: shape)
}

/// A constant tensor holding a value. Its static shape is the value's shape.
public func constant(_ value: NDArray, name: String? = nil) -> Variable {
    Variable(type: TensorType(dtype: value.dtype, shape: value.shape.map { $0 }), kind: .constant(value), name: name)
}

/// A constant tensor from any Swift number or (nested) array.
public func constant(_ value: some NDArrayConvertible, name: String? = nil) throws -> Variable {
    constant(try value.toNDArray(), name: name)
}

extension Variable: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral
{
    public convenience init(floatLiteral value: Double) {
        self.init(type: TensorType(dtype: .float64, shape: []), kind: .constant(NDArray(value)), isWeakScalar: true)
    }
    public convenience init(integerLiteral value: Int) {
        self.init(type: TensorType(dtype: .int64, shape: []), kind: .constant(NDArray(integerLiteral: value)),
                  isWeakScalar: true)
    }
    public convenience init(booleanLiteral value: Bool) {
        self.init(type: TensorType(dtype: .bool, shape: []), kind: .constant(NDArray(booleanLiteral: value)))
    }
    /// A constant from a (nested) array literal: `let c: Variable = [1.0, 2.0]`.
    public convenience init(arrayLiteral elements: NDArray...) {
        let value: NDArray
        do { value = try NDArray.stacking(elements) } catch { preconditionFailure("\(error)") }
        self.init(type: TensorType(dtype: value.dtype, shape: value.shape.map { $0 }), kind: .constant(value))
    }
}

extension Double {
    /// This number as a weak scalar constant tensor (it takes the other operand's float dtype).
    var asTensor: Variable { Variable(floatLiteral: self) }
}
