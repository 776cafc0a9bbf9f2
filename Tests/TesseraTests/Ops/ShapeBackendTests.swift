import Testing
@testable import Tessera

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
