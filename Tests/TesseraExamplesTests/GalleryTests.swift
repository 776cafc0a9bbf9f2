import Foundation
import Testing
import TesseraExamples
import TesseraPPL

/// Every gallery model samples briefly and its summary shows its variables; a few known answers.
@Suite struct GalleryTests {
    @Test(arguments: Gallery.names)
    func samplesAndSummarises(_ name: String) throws {
        let model = try Gallery.model(name)
        let idata = try sample(model, draws: 100, tune: 100, chains: 2, seed: 1, progressBar: false)
        let text = try summary(idata).description
        for rv in model.freeRVs { #expect(text.contains(rv.description), "\(name): summary lacks \(rv)") }
    }

    @Test func changePointFindsTheSwitch() throws {
        let idata = try sample(try Gallery.model("change_point"), draws: 500, tune: 500, chains: 2, seed: 2, progressBar: false)
        let s = idata.posterior["switchpoint"]!.doubles
        let mean = s.reduce(0.0) { $0 + $1 } / Double(s.count)
        #expect(abs(mean - 35) < 3, "switchpoint \(mean)")
    }

    @Test func ar1RecoversRho() throws {
        let idata = try sample(try Gallery.model("ar1"), draws: 500, tune: 500, chains: 2, seed: 3, progressBar: false)
        let rho = idata.posterior["rho"]!.doubles
        #expect(abs(rho.reduce(0.0) { $0 + $1 } / Double(rho.count) - 0.7) < 0.15)
    }
}
