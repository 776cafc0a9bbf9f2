import Foundation

/// Evenly spaced values `start, start + step, …` below `stop` (above, for a negative step), as
/// `numpy.arange`, from three scalar inputs.
///
/// Length, as NumPy: `max(ceil((stop - start) / step), 0)`. Static length when all three
/// inputs are constants. A zero step is an error.
public struct ARange: Op {
    /// The dtype of the result.
    public let dtype: DType

    public init(dtype: DType) { self.dtype = dtype }

    public var name: String { "ARange{\(dtype)}" }

    /// NumPy's length rule; throws on a zero or non-finite step or bounds.
    static func length(start: Double, stop: Double, step: Double) throws -> Int {
        guard step != 0 else { throw TesseraError.invalidArgument("arange: step must not be zero") }
        let n = ((stop - start) / step).rounded(.up)
        guard n.isFinite else {
            throw TesseraError.invalidArgument("arange: the length from start \(start), stop \(stop) and step \(step) is not finite")
        }
        return Swift.max(Int(n), 0)
    }

    static func values(start: Double, step: Double, count: Int, dtype: DType) -> [Double] {
        (0..<count).map { dtype.round(start + Double($0) * step) }
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 3, inputs.allSatisfy({ $0.ndim == 0 }) else {
            throw TesseraError.invalidArgument("arange: start, stop and step must be scalars, but are \(inputs.map { "\($0.type)" })")
        }
        let values = inputs.compactMap { $0.constantValue?.scalar }
        let length = values.count == 3 ? try ARange.length(start: values[0], stop: values[1], step: values[2]) : nil
        return [TensorType(dtype: dtype, shape: [length])]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let start = inputs[0].storage[0], stop = inputs[1].storage[0], step = inputs[2].storage[0]
        let n = try ARange.length(start: start, stop: stop, step: step)
        outputs[0].prepare(shape: [n], dtype: dtype)
        outputs[0].storage = ARange.values(start: start, step: step, count: n, dtype: dtype)
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] { [nil, nil, nil] }
}

/// `0, 1, …, stop - 1` as an int64 constant vector, as `numpy.arange(stop)`.
public func arange(_ stop: Int, dtype: DType = .int64) -> Variable { arange(0, stop, 1, dtype: dtype) }

/// `start, start + step, …` below `stop`, as an int64 (or `dtype`) constant vector, as `numpy.arange`.
public func arange(_ start: Int, _ stop: Int, _ step: Int = 1, dtype: DType = .int64) -> Variable {
    constantRange(Double(start), Double(stop), Double(step), dtype: dtype)
}

/// `start, start + step, …` below `stop`, as a float64 (or `dtype`) constant vector, as `numpy.arange`.
///
/// ```swift
/// arange(0.0, 1.0, 0.25)   // [0, 0.25, 0.5, 0.75]
/// ```
public func arange(_ start: Double, _ stop: Double, _ step: Double = 1, dtype: DType = .float64) -> Variable {
    constantRange(start, stop, step, dtype: dtype)
}

/// `start, start + step, …` below `stop` from symbolic scalars (length known at run time).
/// The dtype is the inputs' promoted dtype unless given.
public func arange(_ start: Variable, _ stop: Variable, _ step: Variable = 1, dtype: DType? = nil) -> Variable {
    let d = dtype ?? DType.promote(Elemwise.operandDTypes([start, stop, step]))
    return applyOp1(ARange(dtype: d), start, stop, step)
}

private func constantRange(_ start: Double, _ stop: Double, _ step: Double, dtype: DType) -> Variable {
    do {
        let n = try ARange.length(start: start, stop: stop, step: step)
        return constant(NDArray(uncheckedShape: [n], dtype: dtype,
                                storage: ARange.values(start: start, step: step, count: n, dtype: dtype)))
    } catch let e as TesseraError {
        return .invalid(e)
    } catch {
        return .invalid(.invalidArgument("arange: \(error)"))
    }
}
