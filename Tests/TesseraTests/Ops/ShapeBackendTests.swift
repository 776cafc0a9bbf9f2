import Testing
@testable import Tessera
import TesseraTestSupport

/// The reductions and shape ops inside C-compiled functions (they run as VM steps between
/// native segments) agree with the VM.
@Suite struct ShapeBackendTests {
    @Test func mixedExecutionAgreesWithVM() throws {
        let x = matrix("x"), y = matrix("y")
        let outputs = [
            logsumexp(exp(x) * 2.0, axis: 1) + max(y, axis: 1),
            reshape(x * y, [-1]) + 1.0,
            concatenate([x, exp(y)], axis: 0),
            stack([x, y], axis: -1).sum(axis: 2),
            cumsum(x + y, axis: 0) * std(x, ddof: 1),
            sort(x - y, axis: nil),
            mean(broadcastTo(x, [2, 2, 3]), axes: [0, 1]),
            argmax(x * y, axis: 1),
        ]
        var rng = TestRNG(seed: 3)
        let values = (0..<2).map { _ in [rng.uniform(-1...1, shape: [2, 3]), rng.uniform(-1...1, shape: [2, 3])] }
        try checkBackendsAgree([x, y], outputs, at: values)
    }

    /// The reductions' own C code (no VM steps): every kind, contiguous and strided groups,
    /// keepdims, nan and infinities, against the VM.
    @Test func reductionsCompileToC() throws {
        let x = tensor("x", shape: [2, 3, 4])
        var outputs: [Variable] = []
        for axes in [nil, [1], [0, 2], [2], [0, 1, 2]] as [[Int]?] {
            outputs += [prod(x, axes: axes), mean(x, axes: axes, keepdims: true), max(x, axes: axes), min(x, axes: axes),
                        logsumexp(x, axes: axes), variance(x, axes: axes, ddof: 1), std(x, axes: axes),
                        all(x, axes: axes), any(x, axes: axes, keepdims: true)]
        }
        for axis in [nil, 0, 1, -1] as [Int?] { outputs += [argmax(x, axis: axis), argmin(x, axis: axis, keepdims: true)] }
        var rng = TestRNG(seed: 5)
        var special = rng.uniform(-2...2, shape: [2, 3, 4])
        special.storage[1] = .nan
        special.storage[6] = 0
        special.storage[13] = .infinity
        special.storage[14] = -.infinity
        for k in 16..<20 { special.storage[k] = -.infinity }
        special.storage[21] = 0.5
        special.storage[22] = 0.5  // a tie
        try checkBackendsAgree([x], outputs, at: [[rng.uniform(-2...2, shape: [2, 3, 4])], [special]])
        let f = try function([x], outputs, mode: .c)
        _ = try f.call([special])
        #expect(!f.isMixed, "some reduction ran on the VM")
        let source = try #require(f.cSource)
        for name in ["Prod", "Mean", "Max", "Min", "LogSumExp", "Var", "Std", "All", "Any", "Argmax", "Argmin"] {
            #expect(source.contains("/* \(name)"), "no C code for \(name)")
        }
    }

    @Test func reductionsOfOtherDTypesCompileToC() throws {
        let i = tensor("i", dtype: .int64, shape: [2, 3]), b = tensor("b", dtype: .bool, shape: [2, 3])
        let f = tensor("f", dtype: .float32, shape: [2, 3])
        let outputs = [mean(i, axis: 0), prod(i), max(b, axis: 1), any(b), argmax(i, axis: 1), std(i), logsumexp(f, axis: 1),
                       `var`(f), mean(f, axis: 1)]
        let values: [NDArray] = [[[3, -1, 4], [1, 5, -9]], [[true, false, true], [false, false, false]],
                                 ([[0.1, 0.2, 0.3], [1.5, -2, 3]] as NDArray).astype(.float32)]
        try checkBackendsAgree([i, b, f], outputs, at: [values])
    }

    /// Scans, flatten, concatenate/stack and the gradient's split have C code of their own.
    @Test func scansAndJoinsCompileToC() throws {
        let x = tensor("x", shape: [2, 3, 4]), y = tensor("y", shape: [2, 1, 4])
        var rng = TestRNG(seed: 2)
        let w = constant(rng.uniform(-1...1, shape: [2, 4, 4]))
        let joined = concatenate([x, y], axis: 1)
        let grads = grad(sum(joined * w) + sum(cumprod(x, axis: 2)) + sum(cumsum(y, axis: 0)), wrt: [x, y])
        let outputs = [cumsum(x, axis: 1), cumprod(x, axis: -1), cumsum(x), flatten(x, ndim: 2),
                       concatenate([x, exp(x)], axis: 2), stack([x, x * 2.0], axis: 1), joined] + grads
        let values = [[rng.uniform(0.5...1.5, shape: [2, 3, 4]), rng.uniform(-1...1, shape: [2, 1, 4])]]
        try checkBackendsAgree([x, y], outputs, at: values)
        let f = try function([x, y], outputs, mode: .c)
        _ = try f.call(values[0])
        #expect(!f.isMixed, "some op ran on the VM: \(f.dprint())")
        let ints = tensor("i", dtype: .int64, shape: [3, 2]), b = tensor("b", dtype: .bool, shape: [3, 1])
        try checkBackendsAgree([ints, b], [cumsum(b), cumprod(ints, axis: 0), concatenate([ints, b], axis: 1), stack([b, b])],
                               at: [[[[1, -2], [3, 4], [-5, 6]], [[true], [false], [true]]]])
    }

    /// A shape given by an input vector: the same input shapes with other values still give
    /// the right output shape.
    @Test func valueDependentShapes() throws {
        let x = vector("x"), s = vector("s", dtype: .int64, length: 2)
        let f = try function([x, s], [exp(reshape(x, s)) * 1.0], mode: .c)
        let v: NDArray = [0.0, 0, 0, 0, 0, 0]
        for target in [[2, 3], [3, 2], [6, 1], [2, 3]] {
            let out = try f.call([v, try NDArray(shape: [2], elements: target.map(Double.init), dtype: .int64)])[0]
            #expect(out.shape == target)
        }
        let n = scalar("n")
        let g = try function([n], [arange(0.0 as Variable, n, 1.0) * 2.0], mode: .c)
        for k in [3.0, 5.0, 3.0] { #expect(try g(k)[0].shape == [Int(k)]) }
    }
}
