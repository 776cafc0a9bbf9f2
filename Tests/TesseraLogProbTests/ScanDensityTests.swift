import Foundation
import Testing
@testable import TesseraLogProb
import TesseraTestSupport

/// Densities of loops whose body draws random variables, with random and deterministic states and
/// per-step outputs, against SciPy (Scripts/fixtures/scan_garch.py).
@Suite struct ScanDensityTests {
    let fixture: [String: Any]
    init() throws { fixture = try Fixture.load("scan_garch") as! [String: Any] }

    func numbers(_ c: [String: Any], _ key: String) -> [Double] { (c[key] as! [Any]).map(Fixture.double) }

    /// GARCH(1,1) written as a loop: states (y_{t−1}, σ²_{t−1}), y random, σ² deterministic.
    static func garch(steps: Int, mu: Variable, alpha0: Variable, alpha1: Variable, beta1: Variable,
                      yInit: Variable, sigma2Init: Variable) -> ScanResult {
        scan(steps: steps, initial: [yInit, sigma2Init]) { _, s in
            let sigma2 = alpha0 + alpha1 * square(s[0] - mu) + beta1 * s[1]
            return ScanStep(states: [Random.normal(mu, sqrt(sigma2)), sigma2])
        }
    }

    @Test func garchJointLogProbMatchesSciPy() throws {
        let c = fixture["garch11"] as! [String: Any]
        let y = numbers(c, "y"), expected = numbers(c, "logp")
        let mu = scalar("mu"), a0 = scalar("alpha0"), a1 = scalar("alpha1"), b1 = scalar("beta1")
        let r = Self.garch(steps: y.count, mu: mu, alpha0: a0, alpha1: a1, beta1: b1,
                           yInit: try constant(Fixture.double(c["y_init"]!)), sigma2Init: try constant(Fixture.double(c["sigma2_init"]!)))
        let yv = vector("y_vv")
        let terms = try factorizedJointLogProb([r.states[0]: yv])
        let givens: [Variable: any NDArrayConvertible] = [
            mu: Fixture.double(c["mu"]!), a0: Fixture.double(c["alpha0"]!), a1: Fixture.double(c["alpha1"]!),
            b1: Fixture.double(c["beta1"]!), yv: try NDArray(y),
        ]
        expectClose(try terms[yv]!.eval(givens), try NDArray(expected), rtol: 1e-12)
        var total = 0.0
        for v in expected { total += v }
        expectClose(try jointLogProb([r.states[0]: yv]).eval(givens), NDArray(total), rtol: 1e-12)
        // The deterministic state is recomputed by a loop over the values (no vectorised shortcut).
        #expect(Graph.topologicalOrder(outputs: [terms[yv]!]).contains { $0.op is Scan })
    }

    @Test func garchGradientMatchesFiniteDifferences() throws {
        let c = fixture["garch11"] as! [String: Any]
        let y = Array(numbers(c, "y").prefix(12))
        let mu = scalar("mu"), a0 = scalar("alpha0"), a1 = scalar("alpha1"), b1 = scalar("beta1"), yv = vector("y_vv")
        try checkGradient([mu, a0, a1, b1, yv],
                          at: [NDArray(0.2), NDArray(0.3), NDArray(0.25), NDArray(0.6), try NDArray(y)]) { v in
            let r = Self.garch(steps: y.count, mu: v[0], alpha0: v[1], alpha1: v[2], beta1: v[3], yInit: 0.1, sigma2Init: 0.8)
            return (try? jointLogProb([r.states[0]: v[4]])) ?? .carrying(.invalidArgument("no density"))
        }
    }

    @Test func deterministicStateWithObservedOutputs() throws {
        // h_t = c + φ h_{t−1} + k x_t over data x; y_t ~ N(0, exp(h_t / 2)) is a per-step output.
        let f = fixture["volatility"] as! [String: Any]
        let x = try NDArray(numbers(f, "x")), y = numbers(f, "y")
        let cc = scalar("c"), phi = scalar("phi"), k = scalar("k")
        let r = scan(steps: y.count, sequences: [constant(x)], initial: [try constant(Fixture.double(f["h_init"]!))]) { e, s in
            let h = cc + phi * s[0] + k * e[0]
            return ScanStep(states: [h], outputs: [Random.normal(0.0, exp(h / 2.0))])
        }
        let yv = vector("y_vv")
        let lp = try logp(r.outputs[0], yv)
        let givens: [Variable: any NDArrayConvertible] = [
            cc: Fixture.double(f["c"]!), phi: Fixture.double(f["phi"]!), k: Fixture.double(f["k"]!), yv: try NDArray(y),
        ]
        expectClose(try lp.eval(givens), try NDArray(numbers(f, "logp")), rtol: 1e-12)
        try checkGradient([cc, phi, k, yv], at: [NDArray(-0.2), NDArray(0.8), NDArray(0.5), try NDArray(y)]) { v in
            let r = scan(steps: y.count, sequences: [constant(x)], initial: [0.0]) { e, s in
                let h = v[0] + v[1] * s[0] + v[2] * e[0]
                return ScanStep(states: [h], outputs: [Random.normal(0.0, exp(h / 2.0))])
            }
            return (try? jointLogProb([r.outputs[0]: v[3]])) ?? .carrying(.invalidArgument("no density"))
        }
    }

    @Test func randomStateAndObservationBothValued() throws {
        // x_t ~ N(ρ x_{t−1}, 1) carried, y_t ~ N(x_t, 0.5) emitted: y's density is conditioned on x's value.
        let f = fixture["state_space"] as! [String: Any]
        let xs = numbers(f, "x"), ys = numbers(f, "y")
        let rho = scalar("rho")
        let r = scan(steps: xs.count, initial: [try constant(Fixture.double(f["x_init"]!))]) { _, s in
            let x = Random.normal(rho * s[0], 1.0)
            return ScanStep(states: [x], outputs: [Random.normal(x, 0.5)])
        }
        let xv = vector("x_vv"), yv = vector("y_vv")
        let terms = try factorizedJointLogProb([r.states[0]: xv, r.outputs[0]: yv])
        let givens: [Variable: any NDArrayConvertible] = [rho: Fixture.double(f["rho"]!), xv: try NDArray(xs), yv: try NDArray(ys)]
        expectClose(try terms[xv]!.eval(givens), try NDArray(numbers(f, "logp_x")), rtol: 1e-12)
        expectClose(try terms[yv]!.eval(givens), try NDArray(numbers(f, "logp_y")), rtol: 1e-12)
    }

    @Test func oneRandomStateKeepsTheVectorisedPath() throws {
        let rho = scalar("rho")
        let x = scan(steps: 50, initial: 0.0) { prev in Random.normal(rho * prev, 1.0) }
        let lp = try logp(x, vector("x_vv"))
        #expect(!Graph.topologicalOrder(outputs: [lp]).contains { $0.op is Scan }, "\(dprint([lp]))")
    }

    @Test func latentRandomStateIsAnError() throws {
        // y_t is valued but the random state x it depends on is not: no density without marginalising x.
        let r = scan(steps: 5, initial: [0.0]) { _, s in
            let x = Random.normal(s[0], 1.0)
            return ScanStep(states: [x], outputs: [Random.normal(x, 0.5)])
        }
        do {
            _ = try jointLogProb([r.outputs[0]: vector("y_vv")])
            Issue.record("expected an error for the unvalued random state")
        } catch let e as LogProbError {
            #expect(e.description.contains("drawn in the loop's body, which has no value"), "\(e)")
        }
    }

    @Test func forwardDrawsHaveStandardisedResiduals() throws {
        // Drawing the loop: the one-step conditional residuals (y_t − μ)/σ_t are N(0, 1), and σ² follows
        // the recursion exactly from the drawn y.
        let (mu, a0, a1, b1) = (0.5, 0.2, 0.3, 0.5)
        let r = Self.garch(steps: 4000, mu: constant(NDArray(mu)), alpha0: constant(NDArray(a0)), alpha1: constant(NDArray(a1)),
                           beta1: constant(NDArray(b1)), yInit: 0.0, sigma2Init: 1.0)
        let d = try draw(r.states, draws: 1, seed: 7)
        let y = d[0].doubles, s2 = d[1].doubles
        var (yp, sp) = (0.0, 1.0)
        var sum = 0.0, sumSq = 0.0, worst = 0.0
        for t in 0..<y.count {
            let expected = a0 + a1 * (yp - mu) * (yp - mu) + b1 * sp
            worst = Swift.max(worst, abs(s2[t] - expected) / expected)
            let z = (y[t] - mu) / s2[t].squareRoot()
            sum += z
            sumSq += z * z
            (yp, sp) = (y[t], s2[t])
        }
        let n = Double(y.count)
        let mean = sum / n, variance = sumSq / n - mean * mean
        #expect(worst < 1e-12, "σ² does not follow the recursion (relative error \(worst))")
        #expect(abs(mean) < 4 / n.squareRoot(), "residual mean \(mean)")
        #expect(abs(variance - 1) < 4 * (2 / n).squareRoot(), "residual variance \(variance)")
    }
}
