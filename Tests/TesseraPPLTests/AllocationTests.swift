import AllocationCounter
import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

/// Whether this platform counts allocations (Tests/AllocationCounter interposes glibc's malloc).
private let allocationCounterAvailable: Bool = {
    tess_allocations_begin()
    return tess_allocations_end() >= 0
}()

/// The sampler's hot path allocates nothing: one compiled logp+gradient call, and a leapfrog step
/// (counted with the test executable's malloc; see Tests/AllocationCounter — glibc only).
@Suite(.enabled(if: allocationCounterAvailable, "allocations are counted with glibc only"))
struct AllocationTests {
    /// Calls of `body` that allocated, over `n` calls after two warm-up calls.
    func allocations(_ n: Int, _ body: () -> Void) -> Int {
        body()
        body()
        tess_allocations_begin()
        for _ in 0..<n { body() }
        return tess_allocations_end()
    }

    @Test func theCounterSeesAllocations() {
        // Without this the other tests could not fail.
        var kept: [[Double]] = []
        tess_allocations_begin()
        for i in 0..<10 { kept.append([Double](repeating: Double(i), count: 100 + i)) }
        let n = tess_allocations_end()
        #expect(n >= 10, "the counter saw \(n) allocations for at least 10 arrays")
        #expect(kept.count == 10)
    }

    static func models() throws -> [(String, Model)] {
        let y = (0..<500).map { Foundation.sin(Double($0)) * 2 + 0.3 }
        let talk = try Model {
            let mu = Normal("mu", mu: 0, sigma: 1)
            let logSigma = Normal("log_sigma", mu: 0, sigma: 1)
            Normal("y", mu: mu, sigma: exp(logSigma), observed: [3.0, 4.0, 5.0])
        }
        let regression = try Model {
            let groups = constant(NDArray(uncheckedShapeInts: (0..<500).map { $0 % 10 }))
            let a = Normal("a", mu: 0, sigma: 1, shape: [10])
            let sigma = HalfNormal("sigma", sigma: 1)
            Normal("y", mu: a[groups], sigma: sigma, observed: y)
        }
        let censored = try Model {
            let mu = Normal("mu", mu: 0, sigma: 2)
            Censored("y", dist: Normal.dist(mu: mu, sigma: 1), lower: -1.0, upper: 1.0, observed: y.map { min(max($0, -1), 1) })
        }
        let gammaCensored = try Model {
            let alpha = HalfNormal("alpha", sigma: 3)
            Censored("y", dist: Gamma.dist(alpha: alpha, beta: 1.0), lower: 0.0, upper: 3.0, observed: y.map { min(abs($0), 3) })
        }
        return [("talk", talk), ("hierarchical regression", regression), ("censored normal", censored),
                ("censored gamma (incomplete gamma called back)", gammaCensored)]
    }

    @Test func compiledLogpAndGradientAllocateNothing() throws {
        for (name, model) in try Self.models() {
            let lf = try model.logpDlogpFunction()
            let x = try lf.ravel(model.initialPoint())
            var g = [Double](repeating: 0, count: lf.dimension)
            let count = allocations(200) { _ = lf(x, gradient: &g) }
            #expect(count == 0, "\(name): \(count) allocations in 200 logp+gradient calls")
            #expect(lf.function.effectiveMode == .c && !lf.function.isMixed, "\(name) does not run natively")
        }
    }

    @Test func leapfrogStepsAllocateNothing() throws {
        for (name, model) in try Self.models() {
            let lf = try model.logpDlogpFunction()
            let n = lf.dimension
            for dense in [false, true] {
                var metric = Metric(moves: [Bool](repeating: true, count: n))
                if dense {
                    var cov = [Double](repeating: 0, count: n * n)
                    for i in 0..<n { cov[i * n + i] = 1 + Double(i) * 0.1; if i > 0 { cov[i * n + i - 1] = 0.05; cov[(i - 1) * n + i] = 0.05 } }
                    let ok = metric.setDense(cov)
                    #expect(ok)
                }
                let ham = Hamiltonian(density: lf, metric: metric)
                let (lp, g) = ham.evaluate(try lf.ravel(model.initialPoint()))
                var rng = RandomState(seed: 1)
                ham.start(ham.forward, at: PhasePoint(q: try lf.ravel(model.initialPoint()), p: [Double](repeating: 0, count: n),
                                                      g: g, logp: lp), &rng)
                let count = allocations(500) { ham.leapfrog(ham.forward, 1e-3) }
                #expect(count == 0, "\(name) (\(dense ? "dense" : "diagonal") metric): \(count) allocations in 500 leapfrog steps")
            }
        }
    }
}
