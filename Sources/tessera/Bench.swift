import ArgumentParser
import TesseraPPL

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks (run a release build).")
    func run() throws {}
}
