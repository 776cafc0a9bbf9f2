import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct FactoryTests {
    let fixture: [String: Any]
    init() throws { fixture = try Fixture.load("factories") as! [String: Any] }
    func numbers(_ key: String, _ field: String) -> [Double] {
        ((fixture[key] as! [String: Any])[field] as! [Any]).map(Fixture.double)
    }

    @Test func censoredRegression() throws {
        let y = numbers("censored", "y")
        let model = try Model {
            let mu = Normal("mu", mu: 0, sigma: 2)
            Censored("y", dist: Normal.dist(mu: mu, sigma: 1), lower: -1.0, upper: 1.0, observed: y)
        }
        let f = try model.compileLogp()
        let expected = Fixture.double((fixture["censored"] as! [String: Any])["logp"]!)
        expectClose(try f(-0.5)[0], NDArray(expected), rtol: 1e-12)
    }

    @Test func truncatedNormal() throws {
        let xs = numbers("truncated", "x"), expected = numbers("truncated", "logp")
        let model = try Model { Truncated("x", dist: Normal.dist(mu: 0, sigma: 1), lower: -1.0, upper: 2.0) }
        let rv = model.freeRVs[0]
        let terms = try model.logpTerms(jacobian: false)
        let vv = model.valueVars[0]
        for (x, e) in zip(xs, expected) {
            let t = IntervalTransform(lower: -1.0, upper: 2.0)
            let y = try t.forward(constant(NDArray(x))).eval()
            expectClose(try terms[0].eval([vv: y]), NDArray(e), rtol: 1e-10)
        }
        // Draws stay inside the bounds.
        let d = try draw(rv, draws: 2000, seed: 3).doubles
        #expect(d.allSatisfy { $0 >= -1 && $0 <= 2 })
        expectKolmogorovSmirnov(d, cdf: { x in
            let phi = { (v: Double) in 0.5 * erfc(-v / 2.0.squareRoot()) }
            return (phi(x) - phi(-1)) / (phi(2) - phi(-1))
        })
    }

    @Test func mixtureOfNormals() throws {
        let xs = numbers("mixture", "x"), expected = numbers("mixture", "logp")
        let model = try Model {
            Mixture("x", w: [0.2, 0.8], compDists: [Normal.dist(mu: -1, sigma: 1), Normal.dist(mu: 2, sigma: 0.5)],
                    observed: xs)
        }
        let terms = try model.logpTerms()
        expectClose(try terms[0].eval(), try NDArray(expected), rtol: 1e-12)
        let prior = try draw(model.observedRVs[0], draws: 20000, seed: 5)
        let m = prior.doubles.reduce(0, +) / Double(prior.count)
        #expect(abs(m - (0.2 * -1 + 0.8 * 2)) < 0.05)
    }

    @Test func gaussianRandomWalk() throws {
        let xs = numbers("grw", "x")
        let model = try Model {
            GaussianRandomWalk("w", mu: 0.1, sigma: 0.5, initDist: Normal.dist(mu: 0, sigma: 1), steps: 4, observed: xs)
        }
        let expected = Fixture.double((fixture["grw"] as! [String: Any])["logp"]!)
        expectClose(try model.logp().eval(), NDArray(expected), rtol: 1e-12)
    }

    @Test func customDistWithLogpClosure() throws {
        // The talk's user-defined density: a two-component normal mixture written by hand.
        let xs = numbers("mixture", "x"), expected = numbers("mixture", "logp")
        let model = try Model {
            CustomDist("x", logp: { v in
                let a = log(0.2) + (-0.5 * square(v + 1.0) - 0.5 * Foundation.log(2 * Double.pi))
                let b = log(0.8) + (-0.5 * square((v - 2.0) / 0.5) - Foundation.log(0.5) - 0.5 * Foundation.log(2 * Double.pi))
                return logaddexp(a, b)
            }, shape: [3], observed: xs)
        }
        expectClose(try model.logpTerms()[0].eval(), try NDArray(expected), rtol: 1e-12)
    }
}

@Suite struct ARTests {
    @Test func ar1DensityAndDraws() throws {
        let x: [Double] = [0.3, 0.5, 0.1, -0.2, 0.4]
        let model = try Model {
            AR("x", rho: [0.6], sigma: 0.5, initDist: Normal.dist(mu: 0, sigma: 1, shape: [1]), steps: 4, observed: x)
        }
        // SciPy: norm(0,1).logpdf(0.3) + Σ norm(0.6 x_{t-1}, 0.5).logpdf(x_t).
        func lnorm(_ v: Double, _ m: Double, _ s: Double) -> Double {
            -0.5 * pow((v - m) / s, 2) - Foundation.log(s) - 0.5 * Foundation.log(2 * Double.pi)
        }
        var expected = lnorm(0.3, 0, 1)
        for i in 1..<5 { expected += lnorm(x[i], 0.6 * x[i - 1], 0.5) }
        #expect(abs(try model.logp().eval().doubles[0] - expected) < 1e-12)
        // Forward draws follow the recursion: the lag-1 autocorrelation of long draws is near rho.
        let long = try Model { AR("z", rho: [0.6], sigma: 0.5, steps: 400) }
        let d = try draw(long.freeRVs[0], draws: 20, seed: 3)
        var num = 0.0, den = 0.0
        for s in 0..<20 {
            let row = Array(d.doubles[(s * 401 + 50)..<(s * 401 + 401)])
            let m = row.reduce(0.0) { $0 + $1 } / Double(row.count)
            for i in 1..<row.count { num += (row[i] - m) * (row[i - 1] - m) }
            for v in row { den += (v - m) * (v - m) }
        }
        #expect(abs(num / den - 0.6) < 0.05, "lag-1 autocorrelation \(num / den)")
    }

    /// AR(2) forward draws (a loop over the last two values): the stationary variance
    /// (1 − ρ₂)σ² / ((1 + ρ₂)((1 − ρ₂)² − ρ₁²)) and lag-1 autocorrelation ρ₁/(1 − ρ₂) of the theory
    /// (Box & Jenkins, "Time Series Analysis", §3.2.4), and the recursion exactly on each draw's first steps.
    @Test func ar2ForwardDraws() throws {
        let (r1, r2, sigma) = (0.5, 0.3, 1.0)
        let model = try Model { AR("z", rho: [r1, r2], sigma: sigma, initDist: Normal.dist(mu: 0, sigma: 1, shape: [2]), steps: 300) }
        let d = try draw(model.freeRVs[0], draws: 400, seed: 5).doubles
        #expect(d.count == 400 * 302)
        let variance = (1 - r2) * sigma * sigma / ((1 + r2) * ((1 - r2) * (1 - r2) - r1 * r1))
        var sq = 0.0, lag = 0.0, count = 0.0
        for s in 0..<400 {
            let row = Array(d[(s * 302 + 100)..<(s * 302 + 302)])  // past the start-up
            for i in 1..<row.count { lag += row[i] * row[i - 1] }
            for v in row { sq += v * v }
            count += Double(row.count)
        }
        let v = sq / count
        #expect(abs(v - variance) < 0.08 * variance, "variance \(v), theory \(variance)")
        #expect(abs(lag / sq - r1 / (1 - r2)) < 0.03, "lag-1 autocorrelation \(lag / sq), theory \(r1 / (1 - r2))")
        // Innovations x_t − ρ₁x_{t−1} − ρ₂x_{t−2} are N(0, σ): their mean and variance.
        var innovations: [Double] = []
        for s in 0..<400 {
            let row = Array(d[(s * 302)..<(s * 302 + 302)])
            for i in 2..<row.count { innovations.append(row[i] - r1 * row[i - 1] - r2 * row[i - 2]) }
        }
        let m = innovations.reduce(0.0, +) / Double(innovations.count)
        let iv = innovations.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(innovations.count)
        #expect(abs(m) < 0.02 && abs(iv - 1) < 0.02, "innovations mean \(m), variance \(iv)")
    }
}
