import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The saddle-point log-probabilities of counts (`poissonLogPMF`, `binomialLogPMF`,
/// `negativeBinomialLogPMF`) against mpmath (Scripts/fixtures/densityops.py), including counts of
/// 10¹⁰ and more where the textbook formulas cancel, and their gradients.
@Suite struct DiscreteLogPMFTests {
    let fixture: [String: Any]
    init() throws { fixture = try Fixture.load("densityops") as! [String: Any] }

    func arrays(_ key: String, _ fields: [String]) throws -> [NDArray] {
        let d = fixture[key] as! [String: Any]
        return try fields.map { try Fixture.array(d[$0]!) }
    }

    @Test func poisson() throws {
        let v = try arrays("poisson", ["k", "mu", "logpmf"])
        let (k, mu) = (vector("k"), vector("mu"))
        expectClose(try poissonLogPMF(k, mu).eval([k: v[0], mu: v[1]]), v[2], rtol: 1e-14)
    }

    @Test func binomial() throws {
        let v = try arrays("binomial", ["k", "n", "p", "logpmf"])
        let (k, n, p) = (vector("k"), vector("n"), vector("p"))
        expectClose(try binomialLogPMF(k, n, p).eval([k: v[0], n: v[1], p: v[2]]), v[3], rtol: 1e-13)
    }

    @Test func negativeBinomial() throws {
        let v = try arrays("nbinom", ["k", "n", "p", "logpmf"])
        let (k, n, p) = (vector("k"), vector("n"), vector("p"))
        expectClose(try negativeBinomialLogPMF(k, n, p).eval([k: v[0], n: v[1], p: v[2]]), v[3], rtol: 1e-13)
    }

    /// The generated C (the prelude's `tess_poisson_logpmf` … twins) computes what the Swift kernels do.
    @Test func nativeCodeAgrees() throws {
        let pv = try arrays("poisson", ["k", "mu"])
        let (k, mu) = (vector("k"), vector("mu"))
        try checkBackendsAgree([k, mu], [poissonLogPMF(k, mu)], at: [pv], rtol: 1e-14)
        for key in ["binomial", "nbinom"] {
            let v = try arrays(key, ["k", "n", "p"])
            let (k, n, p) = (vector("k"), vector("n"), vector("p"))
            let f = key == "binomial" ? binomialLogPMF(k, n, p) : negativeBinomialLogPMF(k, n, p)
            try checkBackendsAgree([k, n, p], [f], at: [v], rtol: 1e-14)
        }
    }

    @Test func invalidParametersAreNaN() throws {
        #expect(try poissonLogPMF(1.0, -1.0).eval().doubles[0].isNaN)
        #expect(try binomialLogPMF(1.0, 5.0, 1.5).eval().doubles[0].isNaN)
        #expect(try negativeBinomialLogPMF(1.0, 0.0, 0.5).eval().doubles[0].isNaN)
    }

    @Test func gradients() throws {
        let k: Variable = [0.0, 2.0, 7.0, 30.0]
        try checkGradient([vector("mu")], at: [[0.5, 2.5, 6.0, 40.0]]) { sum(poissonLogPMF(k, $0[0])) }
        try checkGradient([vector("p")], at: [[0.1, 0.3, 0.6, 0.9]]) { sum(binomialLogPMF(k, 30.0, $0[0])) }
        try checkGradient([vector("n"), vector("p")], at: [[0.5, 2.5, 10.0, 3.0], [0.1, 0.3, 0.6, 0.9]]) {
            sum(negativeBinomialLogPMF(k, $0[0], $0[1]))
        }
    }
}
