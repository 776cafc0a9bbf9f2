import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// Fills moved outward, sums of fills counted, and sums fused into their elementwise producer.
@Suite struct FusedReductionTests {
    var rng = TestRNG(seed: 8)

    @Test mutating func fillSinkAndSumOfFill() throws {
        let x = vector("x", length: 50), a = scalar("a"), b = scalar("b")
        let fill = elemwise(Second(), x, a)
        let values = [[rng.uniform(-1...1, shape: [50]), NDArray(0.7), NDArray(-1.3)]]
        try checkRewrite("fill_sink", inputs: [x, a, b], output: exp(fill * b) + x, at: values)
        try checkRewrite("sum_fill", inputs: [x, a, b], output: sum(fill * b), at: values)
        // The gradient of a sum over 50 elements with respect to a scalar is a count, not a loop over ones.
        let f = try function([x, a, b], [grad(sum(x * a), wrt: a)])
        #expect(!f.dprint().contains("Second"), "\(f.dprint())")
        expectClose(try f.call(values[0])[0], NDArray(values[0][0].doubles.reduce(0.0, +)), rtol: 1e-13)
    }

    @Test mutating func sumsFuseIntoTheirProducer() throws {
        let x = vector("x", length: 1000), y = vector("y", length: 1000), s = scalar("s")
        let cost = sum(exp(x * s) * y - log1p(square(x)))
        let values = [[rng.uniform(-2...2, shape: [1000]), rng.uniform(-2...2, shape: [1000]), NDArray(0.4)]]
        try checkRewrite("fusion_sum", inputs: [x, y, s], output: cost, at: values, rtol: 1e-12)
        let f = try function([x, y, s], [cost], mode: .c)
        #expect(f.dprint().contains("Sum{Composite"), "\(f.dprint())")
        #expect(f.effectiveMode == .c && !f.isMixed)
        try checkBackendsAgree([x, y, s], [cost, grad(cost, wrt: s)], at: values, rtol: 1e-12)
        // A result used elsewhere too is not fused (it is written once and read twice).
        let e = exp(x * s)
        let g = try function([x, s], [sum(e), e], mode: .c)
        #expect(!g.firedRewrites.contains("fusion_sum"))
    }

    @Test func constantIndicesInRangeNeedNoChecks() throws {
        let a = vector("a", length: 10)
        let idx = constant(NDArray(uncheckedShapeInts: (0..<200).map { ($0 * 7) % 10 }))
        let f = try function([a], [a[idx] * 2.0], mode: .c)
        let v = try NDArray((0..<10).map { Double($0) * 1.5 })
        expectClose(try f(v)[0], try NDArray((0..<200).map { Double(($0 * 7) % 10) * 3.0 }), rtol: 0)
        #expect(f.cSource?.contains("return 1;") == false, "no per-element range check for constant indices")
        // Indices out of range are still reported, not read out of bounds.
        let bad = constant(NDArray(uncheckedShapeInts: [0, 3, 12]))
        expectError("index") { _ = try function([a], [a[bad]], mode: .c)(v) }
    }
}

/// `zeros_like`/`full` and `shape` run in native code (improper flat priors use them).
@Suite struct AllocNativeTests {
    @Test func allocAndShapeOfInC() throws {
        let x = matrix("x"), v = vector("v")
        let outs = [zerosLike(x) + x, full(shape: shape(x), value: v), cast(shape(x), to: .float64) * 2.0]
        let f = try function([x, v], outs, mode: .c)
        let xv = try NDArray([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), vv = try NDArray([7.0, 8.0, 9.0])
        try checkBackendsAgree([x, v], outs, at: [[xv, vv]], rtol: 0)
        _ = try f.call([xv, vv])
        _ = try f.call([xv, vv])
        #expect(f.effectiveMode == .c && !f.isMixed, "\(f.dprint())")
    }
}
