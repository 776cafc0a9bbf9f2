import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

/// Each step method samples a known posterior: x ~ N(1, 2) in 3 dimensions and a positive s ~ HalfNormal(1).
@Suite struct StepMethodTests {
    @Test(arguments: [StepMethod.nuts, .hamiltonianMC(pathLength: 3), .metropolis, .slice])
    func recoversMeansAndSpreads(_ step: StepMethod) throws {
        let model = try Model {
            Normal("x", mu: 1, sigma: 2, shape: [3])
            HalfNormal("s", sigma: 1)
        }
        let idata = try sample(model, draws: 2000, tune: 1000, chains: 2, step: step, seed: 11, progressBar: false)
        let x = idata.posterior["x"]!.doubles
        let e = try ess(idata)["x"]!.doubles.min() ?? 1
        let m = x.reduce(0.0) { $0 + $1 } / Double(x.count)
        let sd = (x.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
        #expect(abs(m - 1) < 4 * 2 / max(e, 1).squareRoot() + 0.05, "\(step): mean \(m), ess \(e)")
        #expect(abs(sd / 2 - 1) < 0.15, "\(step): sd \(sd)")
        let s = idata.posterior["s"]!.doubles
        let ms = s.reduce(0.0) { $0 + $1 } / Double(s.count)
        #expect(abs(ms - (2 / Double.pi).squareRoot()) < 0.1, "\(step): E s = \(ms), expected 0.798")
    }
}
