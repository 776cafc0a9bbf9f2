import ArgumentParser
import Foundation
import TesseraExamples
import TesseraPPL

struct Example: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sample a complete model of the gallery (or a posteriordb case) and print its summary and warnings.")

    @Argument(help: "The model: \(Gallery.names.joined(separator: ", ")), or a posteriordb case name.")
    var name: String

    @Option(help: "Draws per chain.") var draws = 1000
    @Option(help: "Tuning steps per chain.") var tune = 1000
    @Option(help: "Chains.") var chains = 4
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Write the InferenceData (idata.zarr) and the plots (SVG) into this directory.") var out: String?

    func run() throws {
        let model: Model
        var targetAccept = 0.8
        var initMethod = InitMethod.jitterAdaptDiag
        if Gallery.names.contains(name) {
            model = try Gallery.model(name)
            if name.hasPrefix("eight_schools") { targetAccept = 0.95 }
        } else {
            guard let dir = PosteriorDB.directory() else { throw ValidationError("unknown example '\(name)'") }
            let c = try PosteriorDB.load(name, from: dir)
            model = c.model
            targetAccept = c.targetAccept
            initMethod = c.initMethod
        }
        let start = Date()
        let idata = try sample(model, draws: draws, tune: tune, chains: chains, targetAccept: targetAccept, init: initMethod,
                               seed: seed)
        let seconds = Date().timeIntervalSince(start)
        print(try summary(idata))
        let depth = idata.sampleStats["tree_depth"]!.doubles
        print(String(format: "sampled in %.2f s; mean tree depth %.2f; divergences %d", seconds,
                     depth.reduce(0, +) / Double(depth.count), idata.sampleStats["diverging"]!.doubles.filter { $0 != 0 }.count))
        if let out {
            let idata = model.observedRVs.isEmpty ? idata : try samplePosteriorPredictive(model, idata, seed: seed)
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try idata.write(to: dir.appendingPathComponent("idata.zarr"))
            for kind in PlotKind.allCases where kind != .ppc || !idata.posteriorPredictive.isEmpty {
                try plot(kind, idata).write(to: dir.appendingPathComponent("\(kind.rawValue).svg"), atomically: true, encoding: .utf8)
            }
            print("wrote \(dir.path)/idata.zarr and \(PlotKind.allCases.map { "\($0.rawValue).svg" }.joined(separator: ", "))")
        }
    }
}
