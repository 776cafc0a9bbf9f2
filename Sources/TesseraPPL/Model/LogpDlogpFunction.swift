import Foundation
import Tessera

/// The model's log-density and gradient over one flat vector of unconstrained values: the
/// sampler's hot path, compiled to native code, allocation-free per call.
///
/// ```swift
/// let lf = try model.logpDlogpFunction()
/// var point = try lf.ravel(model.initialPoint())
/// var gradient = [Double](repeating: 0, count: lf.dimension)
/// let lp = lf(point, gradient: &gradient)
/// ```
public final class LogpDlogpFunction: @unchecked Sendable {
    /// The value variables' names, in order.
    public let names: [String]
    /// Their shapes.
    public let shapes: [[Int]]
    /// Their dtypes.
    public let dtypes: [DType]
    /// The length of the flat vector.
    public let dimension: Int
    /// The compiled function of the flat vector: `[logp, gradient]`.
    public let function: Function

    init(model: Model, shapes: [[Int]], jacobian: Bool, mode: Mode?) throws {
        names = model.valueVars.map { $0.name ?? "?" }
        dtypes = model.valueVars.map(\.dtype)
        self.shapes = shapes
        dimension = shapes.reduce(0) { $0 + $1.reduce(1, *) }
        let x = tensor("__x", shape: [dimension])
        var replacements: [Variable: Variable] = [:]
        var offset = 0
        for (vv, shape) in zip(model.valueVars, shapes) {
            let n = shape.reduce(1, *)
            // Scalars and vectors are plain indexing (native code); only higher ranks need a reshape.
            var piece = shape.isEmpty ? x[offset] : shape.count == 1 ? x[offset..<(offset + n)]
                : reshape(x[offset..<(offset + n)], shape)
            if vv.dtype != .float64 { piece = cast(piece, to: vv.dtype) }
            replacements[vv] = piece
            offset += n
        }
        // Sums over masks of constant data become sums over index sets before the gradient is taken.
        let lp = specializeConstantMasks([cloneReplace(model.logp(jacobian: jacobian), replacements)])[0]
        let g = dimension == 0 ? constant(NDArray.zeros([0])) : grad(lp, wrt: x)
        function = try Tessera.function([x], [lp, g], mode: mode)
    }

    /// The flat vector of a point given by value-variable name.
    ///
    /// - Throws: when the point lacks a value variable or a value has the wrong size.
    public func ravel(_ point: [String: NDArray]) throws -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(dimension)
        for (name, shape) in zip(names, shapes) {
            guard let v = point[name] else {
                throw ModelError.unknownVariable("ravel: the point has no value for '\(name)' (it has \(point.keys.sorted()))")
            }
            guard v.count == shape.reduce(1, *) else {
                throw ModelError.invalid("ravel: '\(name)' needs \(shape.reduce(1, *)) values (shape \(shape)), got shape \(v.shape)")
            }
            out.append(contentsOf: v.doubles)
        }
        return out
    }

    /// The point, by value-variable name, of a flat vector.
    public func unravel(_ x: [Double]) -> [String: NDArray] {
        var point: [String: NDArray] = [:]
        var offset = 0
        for (k, (name, shape)) in zip(names, shapes).enumerated() {
            let n = shape.reduce(1, *)
            let slice = offset + n <= x.count ? Array(x[offset..<(offset + n)]) : [Double](repeating: .nan, count: n)
            point[name] = (try? NDArray(shape: shape, elements: slice, dtype: dtypes[k])) ?? NDArray(.nan)
            offset += n
        }
        return point
    }

    /// The log-density at `x`, with its gradient written into `gradient` (no allocation once compiled).
    /// A wrong length or a failed evaluation gives NaN.
    public func callAsFunction(_ x: [Double], gradient: inout [Double]) -> Double {
        guard x.count == dimension, gradient.count == dimension else { return .nan }
        var lp = 0.0
        let ok = x.withUnsafeBufferPointer { px in
            gradient.withUnsafeMutableBufferPointer { g in
                function.callFlat(px, &lp, g.baseAddress)
            }
        }
        return ok ? lp : .nan
    }

    /// The log-density at raw pointers: the form samplers use on their own buffers.
    public func evaluate(_ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutablePointer<Double>) -> Double {
        var lp = 0.0
        return function.callFlat(x, &lp, gradient) ? lp : .nan
    }
}

extension Model {
    /// Compiles the log-density and gradient over one flat vector (see ``LogpDlogpFunction``).
    /// Shapes come from the initial point.
    public func logpDlogpFunction(jacobian: Bool = true, mode: Mode? = nil) throws -> LogpDlogpFunction {
        let point = try initialPoint()
        let shapes = valueVars.map { point[$0.name ?? ""]?.shape ?? [] }
        return try LogpDlogpFunction(model: self, shapes: shapes, jacobian: jacobian, mode: mode)
    }
}
