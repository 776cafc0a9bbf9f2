import ArgumentParser
import Foundation
import TesseraPPL

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print ArviZ's summary table of a saved InferenceData (a Zarr store written by Tessera or xarray).")

    @Argument(help: "The Zarr directory (e.g. fit.zarr).")
    var file: String

    @Option(name: .customLong("var"), help: "Only these variables (repeat the option).")
    var varNames: [String] = []

    @Option(help: "The HDI probability.")
    var hdiProb = 0.94

    func run() throws {
        let idata = try InferenceData(contentsOf: URL(fileURLWithPath: file))
        print(try summary(idata, varNames: varNames.isEmpty ? nil : varNames, hdiProb: hdiProb))
    }
}
