import Foundation

/// The mutable cell behind a shared variable: a value that lives across function calls.
public final class SharedStorage: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: NDArray
    private var _version = 0

    init(_ value: NDArray) { _value = value }

    /// Incremented on every change, so compiled code reloads the value only when it changed.
    public var version: Int {
        lock.lock(); defer { lock.unlock() }
        return _version
    }

    /// The current value.
    public var value: NDArray {
        lock.lock(); defer { lock.unlock() }
        return _value
    }

    func set(_ v: NDArray) {
        lock.lock(); defer { lock.unlock() }
        _value = v
        _version += 1
    }
}

/// Creates a shared variable: a graph leaf whose value persists across calls and can be changed
/// with ``Variable/setValue(_:)`` or a function's `updates`.
///
/// Its static type keeps the rank and dtype of the initial value; dimensions stay unknown,
/// so a later value may have another length (as PyTensor's shared variables).
public func shared(_ value: NDArray, name: String? = nil) -> Variable {
    Variable(type: TensorType(dtype: value.dtype, shape: value.shape.map { _ in nil }),
             kind: .shared(SharedStorage(value)), name: name)
}

/// Creates a shared variable from any Swift number or (nested) array.
public func shared(_ value: some NDArrayConvertible, name: String? = nil) throws -> Variable {
    shared(try value.toNDArray(), name: name)
}

extension Variable {
    /// The current value of a shared variable (`nil` for other variables).
    public var value: NDArray? {
        if case .shared(let s) = kind { return s.value }
        return constantValue
    }

    /// Replaces the value of a shared variable. The rank must stay the same; the
    /// value is converted to the variable's dtype when that loses nothing (int → float).
    ///
    /// - Throws: when this is not a shared variable, or the rank or dtype does not fit.
    public func setValue(_ newValue: some NDArrayConvertible) throws {
        guard case .shared(let storage) = kind else {
            throw TesseraError.invalidArgument("setValue: '\(self)' is not a shared variable; only shared variables hold a value to replace")
        }
        let v = try Variable.convert(try newValue.toNDArray(), toFit: self, role: "setValue")
        storage.set(v)
    }

    /// Converts a value for this variable: same rank, known dimensions equal, dtype cast only upward.
    static func convert(_ value: NDArray, toFit variable: Variable, role: String) throws -> NDArray {
        let t = variable.type
        guard value.ndim == t.ndim else {
            throw TesseraError.shapeMismatch(
                "\(role): '\(variable)' expects \(t.ndim) dimension(s) (\(Shape.format(t.shape))), but the value given has shape \(value.shape); reshape the value or declare the input with another rank")
        }
        guard t.accepts(shape: value.shape) else {
            throw TesseraError.shapeMismatch(
                "\(role): '\(variable)' has static shape \(Shape.format(t.shape)), but the value given has shape \(value.shape)")
        }
        if value.dtype == t.dtype { return value }
        let safe = value.dtype.promoted(with: t.dtype) == t.dtype
            || (value.dtype == .float64 && t.dtype == .float32)  // float literals into float32 inputs, as floatX
        guard safe else {
            throw TesseraError.dtypeMismatch(
                "\(role): '\(variable)' is \(t.dtype), but the value given is \(value.dtype); converting would lose information — cast the value first or declare the input as \(value.dtype)")
        }
        return value.astype(t.dtype)
    }
}
