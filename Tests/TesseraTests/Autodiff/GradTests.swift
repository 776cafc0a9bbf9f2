import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct GradTests {
    @Test func logGradientIsReciprocal() throws {
        let x = scalar("x")
        let dx = grad(log(x), wrt: x)
        for v in [0.5, 1.0, 3.0] {
            expectClose(try dx.eval([x: v]), NDArray(1 / v))
        }
    }

    @Test func arithmeticAndBroadcasting() throws {
        var rng = TestRNG(seed: 1)
        let a = matrix("a"), b = vector("b"), s = scalar("s")
        try checkGradient([a, b, s], at: [rng.uniform(0.5...2, shape: [3, 4]), rng.uniform(0.5...2, shape: [4]), NDArray(1.3)]) { v in
            sum(exp(v[0] * v[1]) / (v[2] - v[1]) + log(v[0]) - v[2] * v[0])
        }
    }

    @Test func runtimeBroadcastOfUnknownDims() throws {
        // b is declared with unknown length but is 1 at run time: its gradient must be summed.
        let a = vector("a"), b = vector("b")
        let g = grad(sum(a * b), wrt: b)
        expectClose(try g.eval([a: [1.0, 2, 3], b: [2.0]]), [6.0])
    }

    @Test func reductionsAndDimShuffle() throws {
        var rng = TestRNG(seed: 2)
        let a = tensor("a", shape: [2, 3, 4])
        try checkGradient([a], at: [rng.uniform(-1...1, shape: [2, 3, 4])]) { v in
            let t = transpose(v[0], axes: [2, 0, 1])
            return sum(exp(sum(t, axis: 1, keepdims: true)) * expandDims(sum(v[0], axis: 2), axis: 0))
        }
    }

    @Test func secondDerivative() throws {
        let x = scalar("x")
        let d2 = grad(grad(exp(x * x), wrt: x), wrt: x)  // (2 + 4x²) e^{x²}
        let v = 0.7
        expectClose(try d2.eval([x: v]), NDArray((2 + 4 * v * v) * Foundation.exp(v * v)), rtol: 1e-13)
    }

    @Test func errors() throws {
        let x = vector("x"), y = scalar("y")
        expectError("must be a scalar") { _ = try grad(exp(x), wrt: x).eval([x: [1.0]]) }
        expectError("does not depend on 'y'") {
            _ = try grad(sum(x), wrt: y, disconnected: .raise).eval([x: [1.0], y: 1.0])
        }
        expectClose(try grad(sum(x), wrt: y).eval([y: 2.0]), NDArray(0.0))
        let i = vector("i", dtype: .int64)
        expectError("only float costs") { _ = try grad(sum(i), wrt: i).eval([i: [1]]) }
    }

    @Test func cloneReplaceLeavesOriginal() throws {
        let x = scalar("x")
        let lam = 2.0
        let pdf = log(lam * exp(-lam * x))  // the exponential log-pdf
        let r = cloneReplace(pdf, [x: exp(x)])
        let v = 0.3
        expectClose(try r.eval([x: v]), NDArray(Foundation.log(lam) - lam * Foundation.exp(v)), rtol: 1e-14)
        expectClose(try pdf.eval([x: v]), NDArray(Foundation.log(lam) - lam * v), rtol: 1e-14)
        let y = vector("y")
        expectError("cannot replace") { _ = try cloneReplace(pdf, [x: y]).eval([y: [1.0]]) }
        let xi = scalar("xi", dtype: .int64)
        expectError("same rank and dtype") { _ = try graphReplace([pdf], [x: xi])[0].eval([xi: 1]) }
    }
}
