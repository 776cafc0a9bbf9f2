import Foundation
import Testing
import TesseraPPL
import TesseraTestSupport

/// The talk's model: mu ~ N(0, 1), log_sigma ~ N(0, 1), y ~ N(mu, exp(log_sigma)), y = [3, 4, 5].
func talkModel() throws -> Model {
    try Model {
        let mu = Normal("mu", mu: 0, sigma: 1)
        let logSigma = Normal("log_sigma", mu: 0, sigma: 1)
        Normal("y", mu: mu, sigma: exp(logSigma), observed: [3, 4, 5])
    }
}

/// SciPy: norm(0,1).logpdf(mu) + norm(0,1).logpdf(ls) + norm(mu, exp(ls)).logpdf([3,4,5]).sum().
func talkLogp(_ mu: Double, _ ls: Double) -> Double {
    func lnorm(_ x: Double, _ m: Double, _ s: Double) -> Double { -0.5 * pow((x - m) / s, 2) - Foundation.log(s) - 0.5 * Foundation.log(2 * .pi) }
    return lnorm(mu, 0, 1) + lnorm(ls, 0, 1) + [3.0, 4, 5].map { lnorm($0, mu, Foundation.exp(ls)) }.reduce(0, +)
}

@Suite struct TalkModelTests {
    @Test func variables() throws {
        let model = try talkModel()
        #expect(model.freeRVs.map(\.description) == ["mu", "log_sigma"])
        #expect(model.observedRVs.map(\.description) == ["y"])
        #expect(model.basicRVs.count == 3)
        #expect(model.valueVars.map(\.description) == ["mu", "log_sigma"])
        #expect(model["y"] != nil)
    }

    @Test func logpAtAPoint() throws {
        let model = try talkModel()
        let f = try model.compileLogp()
        // SciPy (Scripts/fixtures/logprob.py, "talk_model"): -16.297918115345126 at (0.5, 0.3); and at (3, 1):
        expectClose(try f(0.5, 0.3)[0], NDArray(-16.297918115345126), rtol: 1e-14)
        expectClose(try f(3.0, 1.0)[0], NDArray(talkLogp(3, 1)), rtol: 1e-14)
    }

    @Test func gradientMatchesFiniteDifferencesAndTheAnchors() throws {
        let model = try talkModel()
        let lf = try model.logpDlogpFunction()
        #expect(lf.dimension == 2)
        var g = [0.0, 0.0]
        // Anchors (../shared/anchors/data/reference_logp_grad.json, numpyro): logp and gradient at (0.5, 0.3).
        for _ in 0..<3 {  // the first calls run the VM and build native code; later ones run it
            let lp = lf([0.5, 0.3], gradient: &g)
            #expect(abs(lp - (-16.297918115345126)) < 1e-13)
            #expect(abs(g[0] - 5.262522178987277) < 1e-12 && abs(g[1] - 17.966450898643526) < 1e-11)
        }
        let x = scalar("mu_fd"), ls = scalar("ls_fd")
        let lp = cloneReplace(model.logp(), [model.valueVars[0]: x, model.valueVars[1]: ls])
        try checkGradient([x, ls], at: [NDArray(1.2), NDArray(-0.4)]) { v in cloneReplace(lp, [x: v[0], ls: v[1]]) }
    }

    @Test func ravelAndUnravel() throws {
        let model = try talkModel()
        let lf = try model.logpDlogpFunction()
        let point = try model.initialPoint()
        let flat = try lf.ravel(point)
        #expect(flat == [0, 0])
        #expect(lf.unravel([1.5, -2])["log_sigma"]!.doubles == [-2])
    }
}
