import Foundation
import Testing
import TesseraExamples
import TesseraPPL

/// Correctness against an outside reference: each posteriordb case (../shared/posteriordb, Stan reference
/// posteriors) sampled with 4 chains × 1000 draws after 1000 tuning steps; every element's mean and sd
/// must agree with the reference as its README says: |z| < 4 for the mean with our MCSE and theirs, and
/// |z_sd| < 4 with mcse_sd ≈ sd·√((kurtosis − 1)/(4 ESS)).
@Suite(.serialized) struct PosteriorDBTests {
    @Test(arguments: PosteriorDB.tested)
    func agreesWithTheReference(_ name: String) throws {
        guard let dir = PosteriorDB.directory() else {
            Issue.record("../shared/posteriordb not found")
            return
        }
        let c = try PosteriorDB.load(name, from: dir)
        let idata = try sample(c.model, draws: 1000, tune: 1000, chains: 4, targetAccept: c.targetAccept, init: c.initMethod,
                               seed: 20261125, progressBar: false)
        let ess = try TesseraPPL.ess(idata)
        let divergences = idata.sampleStats["diverging"]!.doubles.filter { $0 != 0 }.count
        #expect(divergences <= 20, "\(name): \(divergences) divergences")
        for (element, ref) in c.reference.sorted(by: { $0.key < $1.key }) {
            let (variable, index) = c.elements[element]!
            guard let all = idata.posterior[variable] else {
                Issue.record("\(name): no draws of \(variable)")
                continue
            }
            let size = all.shape.dropFirst(2).reduce(1, *)
            let draws = stride(from: index, to: all.count, by: size).map { all.doubles[$0] }
            let n = Double(draws.count)
            let mean = draws.reduce(0, +) / n
            let sd = (draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
            let e = max(1, ess[variable]!.doubles[index])
            let kurt = draws.map { pow(($0 - mean) / sd, 4) }.reduce(0, +) / n
            let z = (mean - ref.mean) / (pow(sd, 2) / e + pow(ref.mcseMean, 2)).squareRoot()
            let mcseSD = sd * max(0, (kurt - 1) / (4 * e)).squareRoot()
            let zsd = (sd - ref.sd) / (pow(mcseSD, 2) + pow(ref.mcseSD, 2)).squareRoot()
            #expect(abs(z) < 4, "\(name) \(element): mean \(mean) vs \(ref.mean) (z = \(z), ess \(e))")
            #expect(abs(zsd) < 4, "\(name) \(element): sd \(sd) vs \(ref.sd) (z = \(zsd), ess \(e))")
        }
    }
}
