import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The modified Bessel functions `i0`, `i1`, `i0e`, `i1e` against mpmath (Scripts/fixtures/densityops.py),
/// on both sides of the series/asymptotic switch, where `I₀` overflows and at huge arguments; and
/// their gradients against finite differences.
@Suite struct BesselTests {
    let fixture: [String: Any]
    init() throws { fixture = try Fixture.load("densityops") as! [String: Any] }

    @Test func valuesAgainstMpmath() throws {
        let xv = try Fixture.array(fixture["bessel_x"]!)
        let x = vector("x")
        for (name, f) in [("i0", i0), ("i1", i1), ("i0e", i0e), ("i1e", i1e)] as [(String, (Variable) -> Variable)] {
            let expected = try Fixture.array(fixture[name]!)
            expectClose(try f(x).eval([x: xv]), expected, rtol: 2e-15, name)
            // Odd or even: the values at −x.
            let sign = name.hasPrefix("i1") ? -1.0 : 1.0
            let negated = try NDArray(shape: expected.shape, elements: expected.storage.map { sign * $0 })
            expectClose(try f(-x).eval([x: xv]), negated, rtol: 2e-15, "\(name)(−x)")
        }
    }

    /// The generated C (the prelude's `tess_i0` … twins) computes what the Swift kernels do.
    @Test func nativeCodeAgrees() throws {
        let xv = try Fixture.array(fixture["bessel_x"]!)
        let x = vector("x")
        let negated = try NDArray(shape: xv.shape, elements: xv.storage.map { -$0 })
        try checkBackendsAgree([x], [i0(x), i1(x), i0e(x), i1e(x)], at: [[xv], [negated]], rtol: 1e-14)
    }

    @Test func nonFiniteArguments() throws {
        let xv = try Fixture.array(fixture["bessel_special_x"]!)
        let x = vector("x")
        expectClose(try i0e(x).eval([x: xv]), try Fixture.array(fixture["i0e_special"]!), rtol: 0)
        expectClose(try i1e(x).eval([x: xv]), try Fixture.array(fixture["i1e_special"]!), rtol: 0)
        #expect(try i0(x).eval([x: xv]).doubles.prefix(2) == [.infinity, .infinity])
        #expect(try i1(x).eval([x: xv]).doubles.prefix(2) == [.infinity, -.infinity])
    }

    @Test func gradients() throws {
        let at: NDArray = [-30.0, -3.0, -0.2, 0.0, 0.7, 5.0, 19.9, 20.1, 40.0]
        for f in [i0e, i1e] as [(Variable) -> Variable] {
            try checkGradient([vector("x")], at: [at], rtol: 1e-6) { sum(f($0[0])) }
        }
        let small: NDArray = [-6.0, -0.3, 0.0, 0.4, 2.0, 8.0]
        for f in [i0, i1] as [(Variable) -> Variable] {
            try checkGradient([vector("x")], at: [small], rtol: 1e-6) { sum(f($0[0])) }
        }
        // Second derivatives (the pullbacks are themselves differentiable).
        try checkGradient([vector("x")], at: [[0.5, 3.0, 25.0]], rtol: 1e-5) { v in
            sum(grad(sum(log(i0e(v[0]))), wrt: v[0]))
        }
    }
}
