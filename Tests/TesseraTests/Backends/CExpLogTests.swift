import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The C prelude's inline, vectorisable `exp` and `log` (used in long flat loops) against the VM's
/// (the C library's): within 2 ulp everywhere, subnormal results included, and IEEE special values exact.
@Suite struct CExpLogTests {
    static let inf = Double.infinity, nan = Double.nan

    /// Arguments of exp: random over the whole finite-result range, and the edges.
    static let expPoints: [Double] = {
        var rng = TestRNG(seed: 51)
        var v: [Double] = (0..<3000).map { _ in -745.13 + (709.78 + 745.13) * rng.next() }
        v += (0..<500).map { _ in -745.13 + (745.13 - 708.3) * rng.next() }  // subnormal results
        v += (0..<500).map { _ in (rng.next() - 0.5) * 1e-6 }
        v += [0.0, -0.0, 1.0, -1.0, inf, -inf, nan, 1e-300, -1e-300, Double.leastNonzeroMagnitude, 0.5 * M_LN2,
              -0.5 * M_LN2, M_LN2, 709.782712893384, (709.782712893384).nextUp, 709.79, 710.0, 1e300,
              -745.1332191019412, (-745.1332191019412).nextUp, (-745.1332191019412).nextDown, -745.2, -744.44,
              -708.3964185322641, -708.4, -1e300, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude]
        return v
    }()

    /// Arguments of log: log-uniform over the positive doubles, near 1, subnormal, and the edges.
    static let logPoints: [Double] = {
        var rng = TestRNG(seed: 52)
        var v: [Double] = (0..<3000).map { _ in Foundation.exp(-744.0 + (709.0 + 744.0) * rng.next()) }
        v += (0..<500).map { _ in 1 + (rng.next() - 0.5) * 1e-3 }
        v += (0..<500).map { _ in 0.5 + 1.5 * rng.next() }
        v += [0.0, -0.0, -1.0, -1e-300, inf, -inf, nan, 1.0, (1.0).nextUp, (1.0).nextDown, 2.0, 0.5,
              0.7071067811865476, 1.4142135623730951, Double.leastNonzeroMagnitude, 0x1p-1030, 0x1p-1022,
              (0x1p-1022 as Double).nextDown, Double.greatestFiniteMagnitude, M_E, -Double.leastNonzeroMagnitude]
        return v
    }()

    /// Expects `actual` within 2 ulp of `expected` (special values identical).
    static func expectWithinTwoUlp(_ actual: [Double], _ expected: [Double], _ points: [Double], _ name: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        var failures: [String] = []
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            let ok = e.isNaN ? a.isNaN : (a == e || (e.isFinite && abs(a - e) <= 2 * e.ulp))
            if !ok { failures.append("\(name)(\(points[i])) = \(a), the VM's \(e)") }
        }
        #expect(failures.isEmpty, "\(failures.count) beyond 2 ulp: \(failures.prefix(5))", sourceLocation: sourceLocation)
    }

    @Test func expAgreesWithTheVM() throws {
        let x = vector("x")
        let c = try function([x], [exp(x)], mode: .c)
        let v = try NDArray(Self.expPoints)
        let expected = try function([x], [exp(x)], mode: .vm).call([v])[0].doubles
        for _ in 0..<2 { Self.expectWithinTwoUlp(try c.call([v])[0].doubles, expected, Self.expPoints, "exp") }
        #expect(c.effectiveMode == .c && !c.isMixed)
        #expect(c.cSource?.contains("tess_vector_loop = 1") == true, "a long loop should use the inline exp")
    }

    @Test func logAgreesWithTheVM() throws {
        let x = vector("x")
        let c = try function([x], [log(x)], mode: .c)
        let v = try NDArray(Self.logPoints)
        let expected = try function([x], [log(x)], mode: .vm).call([v])[0].doubles
        for _ in 0..<2 { Self.expectWithinTwoUlp(try c.call([v])[0].doubles, expected, Self.logPoints, "log") }
        #expect(c.effectiveMode == .c && !c.isMixed)
    }

    /// log1p, softplus and the sigmoid built on the inline exp and log (long loops) against the VM's
    /// (the C library's log1p): within a few ulp over the whole range, tiny arguments and edges included.
    @Test func log1pSoftplusSigmoidAgreeWithTheVM() throws {
        var rng = TestRNG(seed: 53)
        var log1pPoints: [Double] = (0..<2000).map { _ in Foundation.exp(-700.0 + 1400.0 * rng.next()) - 1 }
        log1pPoints += (0..<1000).map { _ in (rng.next() - 0.5) * 1e-6 }
        log1pPoints += (0..<1000).map { _ in -1 + rng.next() * 1e-3 }
        log1pPoints += [0.0, -0.0, -1.0, -1.5, Self.inf, -Self.inf, Self.nan, 1e-300, -1e-300, Double.leastNonzeroMagnitude,
                        Double.ulpOfOne, -Double.ulpOfOne / 2, (-1.0).nextUp, Double.greatestFiniteMagnitude]
        var points: [Double] = (0..<3000).map { _ in (rng.next() - 0.5) * 1500 }
        points += (0..<1000).map { _ in (rng.next() - 0.5) * 80 }
        points += [0.0, -0.0, Self.inf, -Self.inf, Self.nan, 1e-300, -745.0, 745.0, 36.9, -36.9, 709.9, -709.9]
        let x = vector("x")
        for (name, output, values, ulps) in [("log1p", log1p(x), log1pPoints, 4.0), ("softplus", softplus(x), points, 4.0),
                                             ("sigmoid", sigmoid(x), points, 4.0)] {
            let c = try function([x], [output], mode: .c)
            let v = try NDArray(values)
            let expected = try function([x], [output], mode: .vm).call([v])[0].doubles
            let actual = try c.call([v])[0].doubles
            var failures: [String] = []
            for (i, (a, e)) in zip(actual, expected).enumerated() {
                let ok = e.isNaN ? a.isNaN : (a == e || (e.isFinite && abs(a - e) <= ulps * max(e.ulp, Double.leastNormalMagnitude)))
                if !ok { failures.append("\(name)(\(values[i])) = \(a), the VM's \(e)") }
            }
            #expect(failures.isEmpty, "\(failures.count) beyond \(ulps) ulp: \(failures.prefix(5))")
            #expect(c.cSource?.contains("tess_vector_loop = 1") == true)
        }
    }

    /// Short loops (the C library's exp and log) and long ones (the inline versions) both agree.
    @Test func shortAndLongLoopsAgree() throws {
        let x = vector("x")
        let y = log(exp(x * 0.5 + 1.0) / (x * x + 2.0)) - (-x) * 3.0
        try checkBackendsAgree([x], [y], at: [
            [try NDArray([0.25, -3.0, 40.0])],
            [try NDArray((0..<1000).map { Double($0) / 1000 - 0.3 })],
        ], rtol: 1e-12)  // the expression has a root near −0.088, where ulps of exp and log are amplified
    }

    /// Every element of a long loop runs the same code (vector body and remainder alike), so equal
    /// arguments give bit-identical results wherever they sit.
    @Test func resultsDoNotDependOnPosition() throws {
        let x = vector("x")
        let f = try function([x], [exp(x) + log(x)], mode: .c)
        for a in [0.3, 1.7, 123.456] {
            let out = try f.call([try NDArray([Double](repeating: a, count: 1027))])[0].doubles
            #expect(Set(out.map(\.bitPattern)).count == 1, "exp(\(a)) + log(\(a)) differs along the array")
        }
    }
}

/// Scalar ops with no C form are called back into Swift from native code: the function stays native
/// (not split into segments with VM steps), with the VM's values.
@Suite struct CCallbackTests {
    @Test func incompleteFunctionsRunInsideNativeLoops() throws {
        let a = vector("a", length: 80), x = vector("x", length: 80)
        let outs = [gammainc(a, x) * 2.0 + gammaincc(a, x), betainc(a, a + 1.0, x / (x + 1.0)), sum(gammainc(a, x))]
        let grads = grad(outs[2] + sum(betainc(a, 2.0, x / (x + 1.0))), wrt: [a, x])
        let av = try NDArray((0..<80).map { 0.3 + Double($0) * 0.1 }), xv = try NDArray((0..<80).map { 0.05 + Double($0) * 0.13 })
        try checkBackendsAgree([a, x], outs + grads, at: [[av, xv]], rtol: 1e-13)
        let f = try function([a, x], outs + grads, mode: .c)
        _ = try f.call([av, xv])
        #expect(f.effectiveMode == .c && !f.isMixed, "\(f.dprint())")
        #expect(f.cSource?.contains("called back: 0 GammaInc") == true)
        // Several functions and threads share the compiled library and its table.
        let g = try function([a, x], [gammainc(a, x)], mode: .c)
        let expected = try function([a, x], [gammainc(a, x)], mode: .vm).call([av, xv])[0]
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<20 { expectClose(try! g.call([av, xv])[0], expected, rtol: 0) }
        }
    }
}
