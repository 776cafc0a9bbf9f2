import ArgumentParser
import Foundation
import TesseraExamples
import TesseraPPL

struct Example: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sample a complete model and print its summary (posteriordb cases for now).")

    @Argument(help: "The model: a posteriordb case name (\(PosteriorDB.names.joined(separator: ", "))).")
    var name: String

    @Option(help: "Draws per chain.") var draws = 1000
    @Option(help: "Tuning steps per chain.") var tune = 1000
    @Option(help: "Chains.") var chains = 4
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Write the InferenceData (Zarr) here.") var out: String?

    func run() throws {
        guard let dir = PosteriorDB.directory() else { throw ValidationError("../shared/posteriordb not found") }
        let c = try PosteriorDB.load(name, from: dir)
        let start = Date()
        let idata = try sample(c.model, draws: draws, tune: tune, chains: chains, targetAccept: c.targetAccept, seed: seed)
        let seconds = Date().timeIntervalSince(start)
        print(try summary(idata))
        let depth = idata.sampleStats["tree_depth"]!.doubles
        print(String(format: "sampled in %.2f s; mean tree depth %.2f; divergences %d", seconds,
                     depth.reduce(0, +) / Double(depth.count), idata.sampleStats["diverging"]!.doubles.filter { $0 != 0 }.count))
        if let out { try idata.write(to: URL(fileURLWithPath: out)) }
    }
}
