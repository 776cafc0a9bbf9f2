import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

/// Models with loops and with bounds that depend on other variables (the GARCH(1,1) ingredients).
@Suite struct LoopModelTests {
    @Test func boundDependingOnAnotherVariable() throws {
        // b in (0, 1 − a): its value and the transform's Jacobian read a's value, not a draw of a.
        let model = try Model {
            let a = Uniform("a", lower: 0.0, upper: 1.0)
            Uniform("b", lower: 0.0, upper: 1.0 - a)
        }
        let (za, zb) = (0.4, -0.7)
        let a = 1 / (1 + Foundation.exp(-za)), s = 1 / (1 + Foundation.exp(-zb))
        let b = (1 - a) * s
        // log U(a | 0, 1) + log a(1 − a) + log U(b | 0, 1 − a) + log (1 − a) s(1 − s)
        let expected = Foundation.log(a * (1 - a)) - Foundation.log(1 - a) + Foundation.log((1 - a) * s * (1 - s))
        let lp = try model.compileLogp(mode: .vm).call([NDArray(za), NDArray(zb)])[0].doubles[0]
        #expect(abs(lp - expected) < 1e-13, "logp \(lp), expected \(expected)")
        let point = try model.constrainedPoint(["a_interval__": NDArray(za), "b_interval__": NDArray(zb)])
        #expect(abs(point["b"]!.doubles[0] - b) < 1e-15)
    }

    @Test func randomLoopInAModel() throws {
        // y_t ~ N(μ, σ_t) drawn inside the loop with σ²_t = 0.1 + 0.2 (y_{t−1} − μ)² + 0.3 σ²_{t−1}, observed
        // through CustomDist(dist:): the model's density is the loop's, natively compiled with its gradient.
        let ys: [Double] = (0..<60).map { t in 1.0 + 0.5 * Foundation.sin(Double(t) * 1.3) }
        let model = try Model {
            let mu = Normal("mu", mu: 0, sigma: 10)
            CustomDist("y", dist: {
                scan(steps: ys.count, initial: [constant(NDArray(1.0)), constant(NDArray(0.5))]) { _, s in
                    let sigma2 = 0.1 + 0.2 * square(s[0] - mu) + 0.3 * s[1]
                    return ScanStep(states: [Random.normal(mu, sqrt(sigma2)), sigma2])
                }.states[0]
            }, observed: ys)
        }
        func expected(_ mu: Double) -> Double {
            var lp = -0.5 * (mu / 10) * (mu / 10) - Foundation.log(10) - 0.5 * Foundation.log(2 * Double.pi)
            var (yp, sp) = (1.0, 0.5)
            for y in ys {
                let s2 = 0.1 + 0.2 * (yp - mu) * (yp - mu) + 0.3 * sp
                lp += -0.5 * (y - mu) * (y - mu) / s2 - 0.5 * Foundation.log(s2) - 0.5 * Foundation.log(2 * Double.pi)
                (yp, sp) = (y, s2)
            }
            return lp
        }
        let lf = try model.logpDlogpFunction()
        var g = [0.0]
        for mu in [0.3, 1.1] {
            let lp = lf([mu], gradient: &g)
            #expect(abs(lp - expected(mu)) < 1e-10 * abs(expected(mu)), "logp \(lp) vs \(expected(mu))")
            let h = 1e-6
            let numeric = (expected(mu + h) - expected(mu - h)) / (2 * h)
            #expect(abs(g[0] - numeric) < 1e-6 * Swift.max(1, abs(numeric)), "gradient \(g[0]) vs \(numeric)")
        }
        #expect(!lf.function.isMixed, "the loop's density or gradient ran on the VM")
    }
}
