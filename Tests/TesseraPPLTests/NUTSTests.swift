import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct NUTSTests {
    @Test func standardNormalMoments() throws {
        let model = try Model {
            Normal("x", mu: 1, sigma: 2, shape: [5])
        }
        let (chains, _) = try sampleChains(model, draws: 1000, tune: 500, chains: 2, cores: 2, seed: 3, settings: NUTSSettings())
        let all = chains.flatMap(\.positions)
        #expect(all.count == 2000)
        for k in 0..<5 {
            let xs = all.map { $0[k] }
            let m = xs.reduce(0, +) / Double(xs.count)
            let sd = (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
            #expect(abs(m - 1) < 0.25, "mean \(m)")
            #expect(abs(sd - 2) < 0.25, "sd \(sd)")
        }
        let divergences = chains.flatMap(\.stats).filter(\.diverging).count
        #expect(divergences == 0)
        let rates: [Double] = chains.flatMap(\.stats).map(\.acceptanceRate)
        let accept = rates.reduce(0, +) / Double(rates.count)
        #expect(accept > 0.6 && accept < 0.97, "acceptance \(accept)")
    }

    @Test func reproducibleWhateverTheCores() throws {
        let model = try talkModel()
        let a = try sampleChains(model, draws: 50, tune: 50, chains: 2, cores: 1, seed: 9, settings: NUTSSettings()).chains
        let b = try sampleChains(model, draws: 50, tune: 50, chains: 2, cores: 2, seed: 9, settings: NUTSSettings()).chains
        #expect(a.map(\.positions) == b.map(\.positions))
    }
}
