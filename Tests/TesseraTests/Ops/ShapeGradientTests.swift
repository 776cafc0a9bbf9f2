import Testing
@testable import Tessera
import TesseraTestSupport

/// Finite-difference checks of the shape ops' gradients through `grad`.
@Suite struct ShapeGradientTests {
    @Test func reshapeFlattenBroadcast() throws {
        let x = tensor("x", shape: [2, 3, 4])
        var rng = TestRNG(seed: 7)
        let value = rng.uniform(-1...1, shape: [2, 3, 4])
        try checkGradient([x], at: [value]) { xs in ReduceGradientTests.weighted(reshape(xs[0], [4, -1]), seed: 1) }
        try checkGradient([x], at: [value]) { xs in ReduceGradientTests.weighted(flatten(xs[0], ndim: 2), seed: 2) }
        try checkGradient([x], at: [value]) { xs in ReduceGradientTests.weighted(xs[0].flattened(), seed: 3) }
        let v = tensor("v", shape: [3, 1])
        try checkGradient([v], at: [rng.uniform(-1...1, shape: [3, 1])]) { xs in
            ReduceGradientTests.weighted(broadcastTo(xs[0], [2, 3, 5]), seed: 4)
        }
        // Unknown static sizes: the gradient reshapes back to the run-time shape.
        let m = matrix("m")
        let g = grad(sum(reshape(m, [-1]) * ([1.0, 2, 3, 4, 5, 6] as Variable)), wrt: m)
        expectClose(try g.eval([m: [[0.0, 0, 0], [0, 0, 0]]]), [[1.0, 2, 3], [4, 5, 6]])
    }

    @Test func concatenateAndStack() throws {
        let a = tensor("a", shape: [2, 3]), b = tensor("b", shape: [2, 1]), c = tensor("c", shape: [2, 3])
        var rng = TestRNG(seed: 11)
        let values = [rng.uniform(-1...1, shape: [2, 3]), rng.uniform(-1...1, shape: [2, 1]), rng.uniform(-1...1, shape: [2, 3])]
        try checkGradient([a, b, c], at: values) { xs in ReduceGradientTests.weighted(concatenate(xs, axis: 1), seed: 5) }
        try checkGradient([a, c], at: [values[0], values[2]]) { xs in ReduceGradientTests.weighted(stack(xs, axis: 1), seed: 6) }
        try checkGradient([a, c], at: [values[0], values[2]]) { xs in ReduceGradientTests.weighted(stack(xs, axis: -1), seed: 8) }
        // The same input twice: its gradient is the sum of both slices.
        try checkGradient([a], at: [values[0]]) { xs in ReduceGradientTests.weighted(concatenate([xs[0], xs[0]]), seed: 9) }
    }

    @Test func fullValue() throws {
        let s = scalar("s"), r = tensor("r", shape: [3])
        try checkGradient([s], at: [NDArray(0.5)]) { xs in ReduceGradientTests.weighted(full(shape: [2, 3], value: xs[0]), seed: 10) }
        try checkGradient([r], at: [[0.5, 1, -1]]) { xs in ReduceGradientTests.weighted(full(shape: [4, 3], value: xs[0]), seed: 12) }
    }
}
