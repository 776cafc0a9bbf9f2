import Testing
@testable import Tessera
import TesseraTestSupport

/// Finite-difference checks of the reductions', scans' and sort's gradients through `grad`.
@Suite struct ReduceGradientTests {
    /// A weighted sum of `y`, so every output element contributes differently to the cost.
    static func weighted(_ y: Variable, seed: UInt64) -> Variable {
        var rng = TestRNG(seed: seed)
        guard let shape = y.type.knownShape else { return sum(y) }
        return sum(y * constant(rng.uniform(-1...1, shape: shape)))
    }

    nonisolated(unsafe) static let reductions: [(String, (Variable) -> Variable)] = [
        ("sum axis 1", { sum($0, axis: 1) }),
        ("prod axes (0, 2)", { prod($0, axes: [0, 2]) }),
        ("prod all", { prod($0) }),
        ("mean axis -1 keepdims", { mean($0, axis: -1, keepdims: true) }),
        ("mean all", { mean($0) }),
        ("max axis 0", { max($0, axis: 0) }),
        ("min axes (1, 2)", { min($0, axes: [1, 2]) }),
        ("logsumexp axis 1", { logsumexp($0, axis: 1) }),
        ("logsumexp all keepdims", { logsumexp($0, keepdims: true) }),
        ("var axis 2", { `var`($0, axis: 2) }),
        ("var all ddof 1", { variance($0, ddof: 1) }),
        ("std axis 0 ddof 1", { std($0, axis: 0, ddof: 1) }),
        ("std all", { std($0) }),
        ("cumsum axis 1", { cumsum($0, axis: 1) }),
        ("cumsum flat", { cumsum($0) }),
        ("cumprod axis -1", { cumprod($0, axis: -1) }),
        ("cumprod flat", { cumprod($0) }),
        ("sort axis -1", { sort($0) }),
        ("sort axis 0", { sort($0, axis: 0) }),
        ("sort flat", { sort($0, axis: nil) }),
    ]

    @Test(arguments: reductions.indices)
    func gradientMatchesFiniteDifferences(index: Int) throws {
        let (label, op) = Self.reductions[index]
        var rng = TestRNG(seed: UInt64(index))
        // Away from zero so cumprod's gradient (which divides by x) and prod stay well conditioned.
        let value = rng.uniform(0.5...2, shape: [2, 3, 4])
        let x = tensor("x", shape: [2, 3, 4])
        let probe = op(x)
        #expect(probe.buildError == nil, "\(label)")
        try checkGradient([x], at: [value]) { xs in Self.weighted(op(xs[0]), seed: 99) }
    }

    /// Max/min ties: every tied element gets the whole gradient (PyTensor's rule), not a share.
    @Test func maxTiesGetTheWholeGradient() throws {
        let x = vector("x")
        let g = grad(max(x), wrt: x)
        expectClose(try g.eval([x: [1.0, 3, 3, 2]]), [0.0, 1, 1, 0])
        let h = grad(min(x), wrt: x)
        expectClose(try h.eval([x: [1.0, 3, 1, 2]]), [1.0, 0, 1, 0])
    }

    /// Second derivatives go through the gradients' own ops.
    @Test func secondOrder() throws {
        let x = vector("x")
        // d²/dx² of logsumexp: diag(p) - p pᵀ; its trace-weighted sum via grad(sum(grad)).
        try checkGradient([x], at: [[0.3, -1.2, 2.0]]) { xs in
            sum(grad(logsumexp(xs[0]), wrt: xs[0]) * ([1.0, 2, 3] as Variable))
        }
        try checkGradient([x], at: [[0.3, -1.2, 2.0, 0.7]]) { xs in
            sum(grad(`var`(xs[0]), wrt: xs[0]) * ([1.0, -2, 3, 1] as Variable))
        }
    }
}
