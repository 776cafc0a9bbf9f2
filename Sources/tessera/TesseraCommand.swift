import ArgumentParser
import TesseraPPL

@main
struct TesseraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Probabilistic programming for Swift: the runnable tour, benchmarks and tools.",
        subcommands: [Tour.self, Bench.self, Example.self, Summary.self, GraphCommand.self, PlotCommand.self])
}
