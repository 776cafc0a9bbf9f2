import ArgumentParser
import Foundation
import TesseraPPL

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot", abstract: "Draw a plot of a saved InferenceData as SVG (trace, posterior, forest, energy, rank).")

    @Argument(help: "The kind: \(PlotKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String

    @Argument(help: "The Zarr directory.")
    var file: String

    @Option(help: "The SVG file to write.")
    var out: String

    @Option(name: .customLong("var"), help: "Only these variables (repeat the option).")
    var varNames: [String] = []

    func run() throws {
        guard let k = PlotKind(rawValue: kind) else {
            throw ValidationError("unknown plot kind '\(kind)'; choose one of \(PlotKind.allCases.map(\.rawValue))")
        }
        let idata = try InferenceData(contentsOf: URL(fileURLWithPath: file))
        let svg = try plot(k, idata, varNames: varNames.isEmpty ? nil : varNames)
        try svg.write(to: URL(fileURLWithPath: out), atomically: true, encoding: .utf8)
    }
}
