import Foundation
import Testing
import Tessera

/// Checks `grad` against central finite differences.
///
/// `cost` builds a scalar cost from the inputs; each input gets the value in `at`. For every element of
/// every input, the symbolic gradient must match `(f(x+h) - f(x-h)) / 2h` to `rtol` (relative, with `atol`
/// as a floor), where `h = 1e-6·max(1, |x|)`.
public func checkGradient(
    _ inputs: [Variable], at values: [NDArray], rtol: Double = 1e-6, atol: Double = 1e-8,
    sourceLocation: SourceLocation = #_sourceLocation, _ cost: ([Variable]) -> Variable
) throws {
    let c = cost(inputs)
    let gs = grad(c, wrt: inputs)
    let f = try function(inputs, [c])
    let g = try function(inputs, gs)
    let analytic = try g.call(values)
    for (k, value) in values.enumerated() {
        #expect(analytic[k].shape == value.shape, "gradient \(k) has shape \(analytic[k].shape), input \(value.shape)",
                sourceLocation: sourceLocation)
        guard analytic[k].shape == value.shape else { continue }
        for i in 0..<value.count {
            let x = value.storage[i]
            let h = 1e-6 * Swift.max(1, abs(x))
            var plus = values, minus = values
            var up = value.storage, down = value.storage
            up[i] = x + h
            down[i] = x - h
            plus[k] = try NDArray(shape: value.shape, elements: up, dtype: value.dtype)
            minus[k] = try NDArray(shape: value.shape, elements: down, dtype: value.dtype)
            let fp = try f.call(plus)[0].storage[0]
            let fm = try f.call(minus)[0].storage[0]
            let numeric = (fp - fm) / (2 * h)
            let a = analytic[k].storage[i]
            let ok = abs(a - numeric) <= atol + rtol * Swift.max(abs(numeric), abs(a))
            #expect(ok, "d cost / d input\(k)[\(i)]: grad \(a), finite differences \(numeric), at \(value)",
                    sourceLocation: sourceLocation)
        }
    }
}

/// Random values in `range` with a fixed seed (reproducible tests).
public struct TestRNG {
    public var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    public mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    public mutating func uniform(_ range: ClosedRange<Double>, shape: [Int]) -> NDArray {
        let n = shape.reduce(1, *)
        let values = (0..<n).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * next() }
        return try! NDArray(shape: shape, elements: values)
    }
}
