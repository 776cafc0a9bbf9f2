import ArgumentParser
import Foundation
import TesseraExamples
import TesseraPPL

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Write a model's graph as Graphviz DOT (and SVG through Graphviz's `dot` when installed).")

    @Argument(help: "The model: an anchor model (\(AnchorModels.names.joined(separator: ", "))) or a posteriordb case.")
    var name: String

    @Option(help: "The output file: .dot, or .svg (rendered with `dot`).")
    var out: String?

    @Flag(help: "Print the compiled logp+gradient graph (after rewrites), as `dprint` shows it, instead of the model graph.")
    var compiled = false

    func run() throws {
        let model: Model
        if AnchorModels.names.contains(name), let dir = AnchorModels.dataDirectory() {
            model = try AnchorModels.load(name, from: dir).model
        } else if let dir = PosteriorDB.directory() {
            model = try PosteriorDB.load(name, from: dir).model
        } else {
            throw ValidationError("no model named '\(name)' (the anchors and posteriordb data were not found)")
        }
        if compiled {
            print(try model.logpDlogpFunction().function.dprint(), terminator: "")
            return
        }
        let dot = model.modelGraph()
        guard let out else { print(dot, terminator: ""); return }
        if out.hasSuffix(".svg") {
            let dotPath = ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
            guard let dotPath else { throw ValidationError("Graphviz's dot is not installed; write .dot instead (apt-get install graphviz)") }
            let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-\(UUID().uuidString).dot")
            try dot.write(to: tmp, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: tmp) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: dotPath)
            p.arguments = ["-Tsvg", tmp.path, "-o", out]
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw ValidationError("dot failed (exit \(p.terminationStatus))") }
        } else {
            try dot.write(to: URL(fileURLWithPath: out), atomically: true, encoding: .utf8)
        }
    }
}
