import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The regularized incomplete gamma and beta functions (`gammainc`, `gammaincc`, `logGammainc`,
/// `logGammaincc`, `betainc`, `logBetainc`) against SciPy and 40-digit mpmath values
/// (Scripts/fixtures/incomplete.py), their gradients against mpmath and finite differences.
@Suite struct IncompleteTests {
    /// The fixture's sections.
    static func section(_ name: String) throws -> [String: Any] {
        let all = try #require(try Fixture.load("incomplete") as? [String: Any])
        return try #require(all[name] as? [String: Any], "fixture section \(name)")
    }

    static func arrays(_ s: [String: Any], _ keys: [String]) throws -> [NDArray] {
        try keys.map { try Fixture.array(try #require(s[$0], "fixture entry \($0)")) }
    }

    /// Expects `actual` to match `expected` elementwise within `rtol` (per element, so the
    /// tolerance may depend on the arguments), naming the worst elements by `describe`.
    static func expectElementsClose(
        _ actual: NDArray, _ expected: NDArray, rtol: (Int) -> Double, atol: Double = 1e-300, _ what: String,
        describe: (Int) -> String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) != \(expected.shape)",
                sourceLocation: sourceLocation)
        guard actual.shape == expected.shape else { return }
        var failures: [(Double, Int)] = []
        for i in 0..<expected.count {
            let a = actual.storage[i], e = expected.storage[i]
            if a == e || (a.isNaN && e.isNaN) { continue }
            let error = Swift.abs(a - e) / Swift.max(Swift.abs(e), .leastNormalMagnitude)
            if !(Swift.abs(a - e) <= atol + rtol(i) * Swift.abs(e)) { failures.append((error, i)) }
        }
        let worst = failures.sorted { $0.0 > $1.0 }.prefix(5).map { error, i in
            "\(describe(i)): got \(actual.storage[i]), expected \(expected.storage[i]) (relative \(error))"
        }
        #expect(failures.isEmpty, "\(what): \(failures.count) of \(expected.count) elements differ:\n\(worst.joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    // MARK: - Values

    @Test func gammaMatchesSciPyAndMpmath() throws {
        let s = try Self.section("gamma")
        let v = try Self.arrays(s, ["a", "x", "P", "Q", "logP", "logQ"])
        let a = vector("a"), x = vector("x")
        let f = try function([a, x], [gammainc(a, x), gammaincc(a, x), logGammainc(a, x), logGammaincc(a, x)], mode: .vm)
        let out = try f.call([v[0], v[1]])
        for (k, name) in ["P", "Q", "logP", "logQ"].enumerated() {
            #expect(out[k].dtype == .float64)
            Self.expectElementsClose(out[k], v[k + 2], rtol: { _ in 1e-13 }, name) { "a = \(v[0].storage[$0]), x = \(v[1].storage[$0])" }
        }
    }

    @Test func gammaEdgesFollowSciPy() throws {
        let s = try Self.section("gamma_edges")
        let v = try Self.arrays(s, ["a", "x", "P", "Q", "logP", "logQ"])
        let a = vector("a"), x = vector("x")
        let out = try function([a, x], [gammainc(a, x), gammaincc(a, x), logGammainc(a, x), logGammaincc(a, x)], mode: .vm)
            .call([v[0], v[1]])
        for (k, name) in ["P", "Q", "logP", "logQ"].enumerated() {
            Self.expectElementsClose(out[k], v[k + 2], rtol: { _ in 1e-14 }, name) { "a = \(v[0].storage[$0]), x = \(v[1].storage[$0])" }
        }
    }

    @Test func betaMatchesSciPyAndMpmath() throws {
        let s = try Self.section("beta")
        let v = try Self.arrays(s, ["a", "b", "x", "I", "logI"])
        let a = vector("a"), b = vector("b"), x = vector("x")
        let out = try function([a, b, x], [betainc(a, b, x), logBetainc(a, b, x)], mode: .vm).call([v[0], v[1], v[2]])
        // Where both parameters are 10⁴ or more, I_x moves by ~1e-13 relative when x moves by one
        // ulp near the mean (x I′/I ~ 1/σ); the continued fraction rounds x once per coefficient
        // there, and SciPy's error is the same size.
        let rtol: (Int) -> Double = { Swift.min(v[0].storage[$0], v[1].storage[$0]) >= 1e4 ? 5e-13 : 1e-13 }
        let describe: (Int) -> String = { "a = \(v[0].storage[$0]), b = \(v[1].storage[$0]), x = \(v[2].storage[$0])" }
        Self.expectElementsClose(out[0], v[3], rtol: rtol, "I", describe: describe)
        Self.expectElementsClose(out[1], v[4], rtol: rtol, "log I", describe: describe)
    }

    @Test func betaEdgesFollowSciPy() throws {
        let s = try Self.section("beta_edges")
        let v = try Self.arrays(s, ["a", "b", "x", "I", "logI"])
        let a = vector("a"), b = vector("b"), x = vector("x")
        let out = try function([a, b, x], [betainc(a, b, x), logBetainc(a, b, x)], mode: .vm).call([v[0], v[1], v[2]])
        let describe: (Int) -> String = { "a = \(v[0].storage[$0]), b = \(v[1].storage[$0]), x = \(v[2].storage[$0])" }
        Self.expectElementsClose(out[0], v[3], rtol: { _ in 0 }, "I", describe: describe)
        Self.expectElementsClose(out[1], v[4], rtol: { _ in 0 }, "log I", describe: describe)
    }

    /// Log forms far below the smallest double, against closed forms:
    /// `Q(1, x) = e⁻ˣ`, `P(1, x) = 1 − e⁻ˣ`, `I_x(a, 1) = xᵃ`, `I_x(1, b) = 1 − (1 − x)ᵇ`.
    @Test func logFormsBeyondUnderflow() throws {
        let nearOne: Double = 1 - 1e-12
        let cases: [(Variable, Double)] = [
            (logGammaincc(1.0, 1e4), -1e4),
            (logGammaincc(1.0, 745.5), -745.5),
            (logGammainc(1.0, 1e-300), Foundation.log(-Foundation.expm1(-1e-300))),
            (logGammainc(1.0, 5.0), Foundation.log1p(-Foundation.exp(-5.0))),
            (logBetainc(3.0, 1.0, 1e-200), 3 * Foundation.log(1e-200)),
            (logBetainc(1.0, 1.0, 1e-300), Foundation.log(1e-300)),
            (logBetainc(1.0, 4.0, 0.5), Foundation.log1p(-Foundation.pow(0.5, 4))),
            (logBetainc(2.0, 1.0, constant(NDArray(nearOne))), 2 * Foundation.log1p(-(1 - nearOne))),  // 1 − nearOne is exact
            // Q(5, x) = e⁻ˣ Σₖ₌₀⁴ xᵏ/k!, so log Q = −x + log(x⁴/24) + log(1 + 4/x + …) at x = 10³⁰⁸.
            (logGammaincc(5.0, 1e308), -1e308),
        ]
        for (v, expected) in cases {
            let got = try v.eval()
            #expect(Swift.abs(got.storage[0] - expected) <= 1e-14 * Swift.abs(expected), "\(v.dprint()): \(got.storage[0]) vs \(expected)")
        }
        // Values themselves underflow there, but not their logs.
        #expect(try gammaincc(1.0, 1e4).eval().storage[0] == 0)
    }

    @Test func broadcastingMatchesSciPy() throws {
        let s = try Self.section("broadcast")
        let v = try Self.arrays(s, ["gamma_a", "gamma_x", "gamma_P", "beta_a", "beta_b", "beta_x", "beta_I"])
        let p = gammainc(constant(v[0]), constant(v[1]))
        #expect(p.staticShape == [3, 4])
        expectClose(try p.eval(), v[2], rtol: 1e-13)
        let i = betainc(constant(v[3]), constant(v[4]), constant(v[5]))
        #expect(i.staticShape == [2, 3, 4])
        expectClose(try i.eval(), v[6], rtol: 1e-13)
        // Scalars broadcast against arrays, and literals convert.
        let twos: NDArray = [2.0, 2, 2, 2]
        expectClose(try gammaincc(2.0, constant(v[1])).eval(), try gammaincc(constant(twos), constant(v[1])).eval())
    }

    @Test func dtypes() throws {
        let i = vector("i", dtype: .int64), f = vector("f", dtype: .float32)
        #expect(gammainc(i, i).dtype == .float64)
        #expect(betainc(i, i, 0.5).dtype == .float64)
        let p = gammainc(f, f)
        #expect(p.dtype == .float32)
        #expect(logBetainc(f, f, f).dtype == .float32)
        let fv = try NDArray(shape: [2], elements: [1.5, 3.0], dtype: .float32)
        let got = try p.eval([f: fv])
        #expect(got.dtype == .float32)
        let expected = [Special.gammainc(1.5, 1.5), Special.gammainc(3, 3)].map { Double(Float($0)) }
        #expect(got.storage == expected)
        let iv: NDArray = [1.0, 3.0]
        expectClose(try gammainc(i, 2.0).eval([i: iv.astype(.int64)]),
                    try NDArray(shape: [2], elements: [-Foundation.expm1(-2.0), 1 - 5 * Foundation.exp(-2.0)]), rtol: 1e-15)
    }

    @Test func errors() throws {
        let three: NDArray = [1.0, 2, 3], two: NDArray = [1.0, 2], unit: NDArray = [0.1, 0.2, 0.3]
        expectError("could not be broadcast") { _ = try gammainc(constant(three), constant(two)).eval() }
        expectError("BetaInc") { _ = try betainc(constant(two), 2.0, constant(unit)).eval() }
        // Runtime shapes: the mismatch is found when the function runs.
        let a = vector("a"), x = vector("x")
        expectError("could not be broadcast") { _ = try logGammaincc(a, x).eval([a: [1.0, 2, 3], x: [1.0, 2]]) }
        // Invalid arguments are data, not errors: nan as in SciPy.
        let outside: NDArray = [-0.5, 1.5]
        let bad = try betainc(2.0, 3.0, constant(outside)).eval()
        #expect(bad.storage.allSatisfy { $0.isNaN })
    }

    // MARK: - Gradients

    @Test func gammaGradientsMatchMpmath() throws {
        let s = try Self.section("gamma_grad")
        let v = try Self.arrays(s, ["a", "x", "dPa", "dPx", "dlogPa", "dlogPx", "dlogQa", "dlogQx"])
        let a = vector("a"), x = vector("x")
        let grads = grad(sum(gammainc(a, x)), wrt: [a, x]) + grad(sum(logGammainc(a, x)), wrt: [a, x])
            + grad(sum(logGammaincc(a, x)), wrt: [a, x])
        let gq = grad(sum(gammaincc(a, x)), wrt: [a, x])
        let out = try function([a, x], grads + gq, mode: .vm).call([v[0], v[1]])
        let describe: (Int) -> String = { "a = \(v[0].storage[$0]), x = \(v[1].storage[$0])" }
        for (k, name) in ["dP/da", "dP/dx", "dlogP/da", "dlogP/dx", "dlogQ/da", "dlogQ/dx"].enumerated() {
            Self.expectElementsClose(out[k], v[k + 2], rtol: { _ in 1e-12 }, name, describe: describe)
        }
        // ∂Q = −∂P.
        expectClose(out[6], try NDArray(shape: v[2].shape, elements: v[2].storage.map { -$0 }), rtol: 1e-12)
        expectClose(out[7], try NDArray(shape: v[3].shape, elements: v[3].storage.map { -$0 }), rtol: 1e-12)
    }

    @Test func betaGradientsMatchMpmath() throws {
        let s = try Self.section("beta_grad")
        let v = try Self.arrays(s, ["a", "b", "x", "dIa", "dIb", "dIx", "dlogIa", "dlogIb", "dlogIx"])
        let a = vector("a"), b = vector("b"), x = vector("x")
        let grads = grad(sum(betainc(a, b, x)), wrt: [a, b, x]) + grad(sum(logBetainc(a, b, x)), wrt: [a, b, x])
        let out = try function([a, b, x], grads, mode: .vm).call([v[0], v[1], v[2]])
        let describe: (Int) -> String = { "a = \(v[0].storage[$0]), b = \(v[1].storage[$0]), x = \(v[2].storage[$0])" }
        for (k, name) in ["dI/da", "dI/db", "dI/dx", "dlogI/da", "dlogI/db", "dlogI/dx"].enumerated() {
            Self.expectElementsClose(out[k], v[k + 3], rtol: { _ in 1e-11 }, name, describe: describe)
        }
    }

    /// Every function, every input, against central finite differences (with broadcasting, so the
    /// gradients are also summed back over broadcast dimensions).
    @Test(arguments: ["gammainc", "gammaincc", "logGammainc", "logGammaincc"])
    func gammaGradientsMatchFiniteDifferences(_ name: String) throws {
        let build: [String: (Variable, Variable) -> Variable] = [
            "gammainc": { gammainc($0, $1) }, "gammaincc": { gammaincc($0, $1) },
            "logGammainc": { logGammainc($0, $1) }, "logGammaincc": { logGammaincc($0, $1) },
        ]
        let f = try #require(build[name])
        let a = tensor("a", shape: [4, 1]), x = tensor("x", shape: [3])
        // a: series, continued fraction, small-x series and Temme regions; x around and away from a.
        let av: NDArray = [[0.3], [2.5], [8.0], [40.0]]
        let xv: NDArray = [0.7, 6.0, 38.0]
        try checkGradient([a, x], at: [av, xv], rtol: 1e-6, atol: 1e-9) { v in sum(f(v[0], v[1])) }
    }

    @Test(arguments: ["betainc", "logBetainc"])
    func betaGradientsMatchFiniteDifferences(_ name: String) throws {
        let f: (Variable, Variable, Variable) -> Variable = name == "betainc" ? { betainc($0, $1, $2) } : { logBetainc($0, $1, $2) }
        let a = tensor("a", shape: [3, 1]), b = tensor("b", shape: [3, 1]), x = tensor("x", shape: [4])
        let av: NDArray = [[0.4], [3.0], [25.0]]
        let bv: NDArray = [[1.7], [0.6], [30.0]]
        let xv: NDArray = [0.05, 0.3, 0.55, 0.9]
        try checkGradient([a, b, x], at: [av, bv, xv], rtol: 1e-6, atol: 1e-9) { v in sum(f(v[0], v[1], v[2])) }
    }

    /// Deep in the tails the log forms' gradients stay finite and match finite differences.
    @Test func logGradientsInTheTails() throws {
        let a = vector("a"), x = vector("x"), b = vector("b")
        // (a, x) = (3, 900): Q ~ e⁻⁹⁰⁰ underflows, P = 1; (400, 2): P ~ 2⁴⁰⁰/400! underflows, Q = 1.
        try checkGradient([a, x], at: [[3.0, 400.0], [900.0, 2.0]], rtol: 1e-6, atol: 1e-9) { v in sum(logGammaincc(v[0], v[1])) }
        try checkGradient([a, x], at: [[3.0, 400.0], [900.0, 2.0]], rtol: 1e-6, atol: 1e-9) { v in sum(logGammainc(v[0], v[1])) }
        try checkGradient([a, b, x], at: [[2.0, 60.0], [50.0, 3.0], [0.999, 1e-3]], rtol: 1e-6, atol: 1e-9) { v in
            sum(logBetainc(v[0], v[1], v[2]))
        }
        // ∂ log Q/∂x → −1 as x → ∞ (Q ~ xᵃ⁻¹e⁻ˣ/Γ(a)), long after Q underflows.
        let g = try grad(sum(logGammaincc(a, x)), wrt: x).eval([a: [2.0], x: [1e5]])
        #expect(Swift.abs(g.storage[0] - (-1 + 1 / 1e5)) < 1e-9)
    }

    /// The densities (∂/∂x) have gradients of their own, so second derivatives in x and mixed ones work;
    /// the parameter derivatives have none and say so.
    @Test func secondDerivatives() throws {
        let a = vector("a"), x = vector("x"), b = vector("b")
        try checkGradient([a, x], at: [[0.7, 3.5], [1.2, 2.0]], rtol: 1e-6, atol: 1e-9) { v in
            sum(grad(sum(gammainc(v[0], v[1])), wrt: v[1]))
        }
        try checkGradient([a, x], at: [[0.7, 3.5], [1.2, 2.0]], rtol: 1e-6, atol: 1e-9) { v in
            sum(grad(sum(gammaincc(v[0], v[1])), wrt: v[1]))
        }
        try checkGradient([a, b, x], at: [[0.7, 3.5], [2.0, 1.5], [0.2, 0.6]], rtol: 1e-6, atol: 1e-9) { v in
            sum(grad(sum(betainc(v[0], v[1], v[2])), wrt: v[2]))
        }
        expectError("has no gradient") {
            _ = try grad(sum(grad(sum(gammainc(a, x)), wrt: a)), wrt: a).eval([a: [2.0], x: [1.0]])
        }
        expectError("has no gradient") {
            _ = try grad(sum(grad(sum(logBetainc(a, b, x)), wrt: b)), wrt: x).eval([a: [2.0], b: [2.0], x: [0.5]])
        }
    }

    @Test func gradientOpNames() {
        let a = vector("a"), x = vector("x"), b = vector("b")
        let text = grad(sum(logGammaincc(a, x)), wrt: a).dprint() + grad(sum(betainc(a, b, x)), wrt: b).dprint()
        #expect(text.contains("GammaIncGrad{logQ, a}"), "\(text)")
        #expect(text.contains("BetaIncGrad{I, b}"), "\(text)")
    }

    // MARK: - Backends

    /// Inside a C-compiled function the ops are called back from the native loops and agree with the VM.
    @Test func runInsideCompiledFunctions() throws {
        let a = vector("a"), b = vector("b"), x = vector("x")
        let outputs = [exp(logGammainc(a, x)) * 2.0, gammaincc(a, x) + 1.0, betainc(a, b, x * 0.1), logBetainc(a, b, x * 0.1),
                       grad(sum(gammainc(a, x) + betainc(a, b, x * 0.1)), wrt: a)]
        let values: [NDArray] = [[0.5, 3.0, 50.0], [2.0, 0.3, 70.0], [1.0, 4.0, 8.0]]
        let vm = try function([a, b, x], outputs, mode: .vm).call(values)
        let c = try function([a, b, x], outputs, mode: .c)
        let out = try c.call(values)
        for (g, e) in zip(out, vm) { expectClose(g, e, rtol: 1e-15) }
        #expect(c.effectiveMode == .c && !c.isMixed)
    }
}
